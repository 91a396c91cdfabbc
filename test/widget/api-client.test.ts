import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckoutApiError, CheckoutClient } from '../../widget/api-client.js';

/**
 * The client against a small loopback HTTP server that answers like a gateway and like the
 * things in front of one (a proxy's HTML 502), recording what the client sent.
 */

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let apiBase: string;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      if (request.url?.endsWith('/select')) {
        response.writeHead(422, { 'Content-Type': 'application/problem+json' });
        response.end(
          JSON.stringify({
            type: 'https://billpay-sim.dev/problems/validation',
            title: 'Invalid request',
            status: 422,
            detail: 'gateway is not offered',
            errors: [{ field: 'gateway', rule: 'unknown', message: 'VISA is offered through EBL, not "XYZ"' }],
          }),
        );
      } else if (request.url?.endsWith('/cancel')) {
        response.writeHead(502, 'Bad Gateway', { 'Content-Type': 'text/html' });
        response.end('<h1>502 Bad Gateway</h1>');
      } else {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ id: 'pay_1', status: 'awaiting_method' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = (options: Partial<ConstructorParameters<typeof CheckoutClient>[0]> = {}) =>
  new CheckoutClient({ apiBase, paymentId: 'pay_1/x', clientSecret: 'cs_secret', locale: 'bn', ...options });

async function rejection(promise: Promise<unknown>): Promise<CheckoutApiError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CheckoutApiError);
  return error as CheckoutApiError;
}

describe('CheckoutClient', () => {
  it('GETs the session with the client secret and locale, escaping the payment id', async () => {
    expect(await client().session()).toEqual({ id: 'pay_1', status: 'awaiting_method' });
    const request = received.at(-1)!;
    expect(request).toMatchObject({ method: 'GET', url: '/api/v1/checkout/pay_1%2Fx', body: '' });
    expect(request.headers['billpay-client-secret']).toBe('cs_secret');
    expect(request.headers['accept-language']).toBe('bn');
    expect(request.headers['content-type']).toBeUndefined();
  });

  it('POSTs each step as JSON', async () => {
    await client().authorize({ otp: '123456' });
    expect(received.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/checkout/pay_1%2Fx/authorize', body: '{"otp":"123456"}' });
    expect(received.at(-1)!.headers['content-type']).toBe('application/json');
  });

  it('surfaces a problem+json answer as it came', async () => {
    const error = await rejection(client().select('visa', 'XYZ'));
    expect(error.status).toBe(422);
    expect(error.problem.errors?.[0]?.field).toBe('gateway');
    expect(error.message).toBe('gateway is not offered');
  });

  it('turns an answer that is not problem+json into a problem with its status', async () => {
    const error = await rejection(client().cancel());
    expect(error.problem).toEqual({ type: 'about:blank', title: 'Bad Gateway', status: 502 });
  });

  it('reports an unreachable server as status 0', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejection(client({ apiBase: `http://127.0.0.1:${port}` }).session());
    expect(error.status).toBe(0);
    expect(error.problem.title).toBe('Network error');
  });

  it('lets an aborted request fail as an abort, not as a network problem', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await client({ signal: controller.signal }).session().catch((reason: unknown) => reason);
    expect(error).not.toBeInstanceOf(CheckoutApiError);
    expect((error as Error).name).toBe('AbortError');
  });

  it('resolves server-relative slip URLs against the API base', () => {
    expect(client().resolve('/slips/pay_1.pdf')).toBe(`${apiBase}slips/pay_1.pdf`);
    expect(client().resolve('http://elsewhere.test/x')).toBe('http://elsewhere.test/x');
  });
});
