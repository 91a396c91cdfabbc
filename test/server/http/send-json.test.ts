import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson } from '../../../server/http/send-json.js';

/**
 * sendJson must be indistinguishable from `res.status(s).set(h).json(body)`: two routes of one
 * app answer the same request each way, and the raw answers (status, headers in order, bytes)
 * are compared, with only the Date header left out.
 */

interface Case {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

let current: Case = { status: 200, body: null };
let server: http.Server;
let port: number;

beforeAll(async () => {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.all('/express', (_req, res) => {
    res.status(current.status).set(current.headers ?? {}).json(current.body);
  });
  app.all('/lean', (req, res) => {
    sendJson(req, res, current.status, current.body, current.headers);
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

interface RawAnswer {
  status: number;
  headers: string[];
  body: string;
}

function call(path: string, method: string, requestHeaders: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: requestHeaders, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (res.rawHeaders[i]?.toLowerCase() !== 'date') headers.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        }
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function bothWays(testCase: Case, method: string, requestHeaders?: Record<string, string>): Promise<[RawAnswer, RawAnswer]> {
  current = testCase;
  return [await call('/express', method, requestHeaders), await call('/lean', method, requestHeaders)];
}

describe('sendJson answers exactly like res.json', () => {
  it('for any JSON body, status, extra headers and method', async () => {
    const jsonBody = fc.oneof(
      fc.jsonValue(),
      // Long enough that Express turns it into a Buffer (its path for bodies over 1,000 characters).
      fc.array(fc.record({ id: fc.string(), amount: fc.constantFrom('11.00', '0.12'), note: fc.string({ unit: 'binary' }) }), {
        minLength: 20,
        maxLength: 60,
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(200, 201, 202, 400, 404, 422),
        jsonBody,
        fc.option(fc.dictionary(fc.constantFrom('Location', 'Retry-After', 'Idempotent-Replayed'), fc.stringMatching(/^[!-~]{1,20}$/)), {
          nil: undefined,
        }),
        fc.constantFrom('GET', 'POST', 'HEAD'),
        async (status, body, headers, method) => {
          const [viaExpress, lean] = await bothWays({ status, body, headers }, method);
          expect(lean).toEqual(viaExpress);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('writes the body in one piece with the JSON type and its byte length', async () => {
    const [, lean] = await bothWays({ status: 201, body: { name: 'বিল ১১.০০', list: Array.from({ length: 200 }, (_, i) => i) } }, 'POST');
    expect(lean.headers).toContain('Content-Type: application/json; charset=utf-8');
    expect(lean.headers).toContain(`Content-Length: ${Buffer.byteLength(lean.body)}`);
    expect(JSON.parse(lean.body)).toMatchObject({ name: 'বিল ১১.০০' });
  });

  it('leaves conditional requests and bodyless statuses to Express', async () => {
    const conditional = await bothWays({ status: 200, body: { a: 1 } }, 'GET', { 'If-None-Match': '*' });
    expect(conditional[1]).toEqual(conditional[0]);
    expect(conditional[1].status).toBe(304);
    const noContent = await bothWays({ status: 204, body: { a: 1 } }, 'POST');
    expect(noContent[1]).toEqual(noContent[0]);
    expect(noContent[1].body).toBe('');
  });
});
