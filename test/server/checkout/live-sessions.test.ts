import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionViewSchema } from '../../../server/checkout/schemas.js';
import { sweepInSlices } from '../../../server/payments/sweeper.js';
import { applicationFee, checkoutClient, createPayment, WZPDCO_KEY } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

/** GET /api/v1/checkout/:id/events: the session view now, after every change, and the end. */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** An open event stream: `next()` resolves with the next `session` event's view; `ended` once the server closes it. */
async function openStream(paymentId: string, query: string) {
  const response = await fetch(`${server.baseUrl}/api/v1/checkout/${paymentId}/events?${query}`, {
    headers: { Accept: 'text/event-stream' },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let done = false;
  const next = async () => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!block.startsWith('event: session\n')) continue; // retry:, heartbeats
        const data = block.split('\n').find((line) => line.startsWith('data: '))!.slice(6);
        return sessionViewSchema.parse(JSON.parse(data));
      }
      if (done) throw new Error('the stream ended');
      const chunk = await reader.read();
      if (chunk.done) done = true;
      else buffer += chunk.value;
    }
  };
  const ended = async () => {
    while (!(await reader.read()).done) {
      // drain until the server closes the stream
    }
  };
  return { next, ended };
}

async function openPayment() {
  const payment = await createPayment(server, applicationFee());
  const stream = await openStream(payment.id, `clientSecret=${encodeURIComponent(payment.clientSecret)}`);
  return { payment, stream };
}

describe('GET /api/v1/checkout/:id/events', () => {
  it('starts with the current view, pushes a select, and ends after a cancel through the merchant API', async () => {
    const { payment, stream } = await openPayment();
    expect((await stream.next()).status).toBe('awaiting_method');

    await checkoutClient(server, payment).select('bkash', 'BKASH');
    const selected = await stream.next();
    expect(selected.selection).toMatchObject({ method: 'bkash', gateway: 'BKASH' });

    const cancelled = await request(server.baseUrl)
      .post(`/api/v1/payments/${payment.id}/cancel`)
      .set('Authorization', `Bearer ${WZPDCO_KEY}`)
      .send({});
    expect(cancelled.status).toBe(200);
    expect((await stream.next()).status).toBe('cancelled');
    await stream.ended();
    expect(server.services.liveSessions.size).toBe(0);
  });

  it('pushes the expiry of a test-clock advance past the selection deadline', async () => {
    const { stream } = await openPayment();
    expect((await stream.next()).status).toBe('awaiting_method');
    const advanced = await request(server.baseUrl)
      .post('/api/v1/test/clock/advance')
      .set('Authorization', `Bearer ${WZPDCO_KEY}`)
      .send({ seconds: 301 });
    expect(advanced.status).toBe(200);
    expect((await stream.next()).status).toBe('expired');
    await stream.ended();
  });

  it('pushes an expiry the sweeper applies as time passes', async () => {
    const { stream } = await openPayment();
    expect((await stream.next()).status).toBe('awaiting_method');
    server.clock.advance(301_000);
    await sweepInSlices([server.services.payments]);
    expect((await stream.next()).status).toBe('expired');
    await stream.ended();
  });

  it('answers a terminal payment with its view and closes at once', async () => {
    const payment = await createPayment(server, applicationFee());
    await checkoutClient(server, payment).cancel();
    const stream = await openStream(payment.id, `clientSecret=${encodeURIComponent(payment.clientSecret)}`);
    expect((await stream.next()).status).toBe('cancelled');
    await stream.ended();
  });

  it('fans one change out to every stream of the payment', async () => {
    const { payment, stream } = await openPayment();
    const second = await openStream(payment.id, `clientSecret=${encodeURIComponent(payment.clientSecret)}`);
    await Promise.all([stream.next(), second.next()]);
    await checkoutClient(server, payment).cancel();
    const [first, other] = await Promise.all([stream.next(), second.next()]);
    expect([first.status, other.status]).toEqual(['cancelled', 'cancelled']);
  });

  it('refuses a wrong client secret (401), an unknown payment (404) and a request not for a stream (406)', async () => {
    const payment = await createPayment(server, applicationFee());
    const events = `/api/v1/checkout/${payment.id}/events`;
    const wrong = await request(server.baseUrl).get(`${events}?clientSecret=nope`).set('Accept', 'text/event-stream');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
    const unknown = await request(server.baseUrl)
      .get(`/api/v1/checkout/pay_unknown/events?clientSecret=x`)
      .set('Accept', 'text/event-stream');
    expect(unknown.status).toBe(404);
    const notAStream = await request(server.baseUrl)
      .get(`${events}?clientSecret=${encodeURIComponent(payment.clientSecret)}`)
      .set('Accept', 'application/json');
    expect(notAStream.status).toBe(406);
  });
});
