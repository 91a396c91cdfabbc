// The example of docs/integration-testing.md, run as a test: the doc shows this file from
// "guide:start" to "guide:end" (guide-doc.test.ts checks that they match). The simulator it talks
// to is started by ./guide-simulator.ts, which is not part of the guide.
import './guide-simulator.js';
// guide:start
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../../index.js';

/** The simulator, started before the tests: `npx billpay-sim --port 4010 --fast-webhooks`. */
const simulator = () => process.env.BILLPAY_URL ?? 'http://127.0.0.1:4010';

interface WebhookEvent {
  id: string;
  type: string;
  data: { payment: { id: string; status: string; slip: { trackingNumber: string } | null } };
}

let merchant: { id: string; secretKey: string; webhookSecret: string };
let receiver: http.Server;
let webhookUrl: string;
const received: WebhookEvent[] = [];

/** The simulator's API, as this run's merchant. */
async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${simulator()}${path}`, {
    method,
    headers: { Authorization: `Bearer ${merchant.secretKey}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // The bodies are the simulator's JSON (see /openapi.json); typed loosely to keep the example short.
  return { status: res.status, body: (await res.json()) as any };
}

/** What the portal does on "Pay Online": create the payment (here a new-connection fee). */
async function payOnline(reference: string): Promise<{ id: string }> {
  const res = await api('POST', '/api/v1/payments', {
    purpose: 'application_fee',
    reference,
    amount: '11.00',
    officeCode: '305',
    webhookUrl,
  });
  expect(res.status).toBe(201);
  return res.body;
}

/** Webhooks arrive on their own time: wait for the ones of a payment. */
async function webhooksOf(paymentId: string, count: number): Promise<WebhookEvent[]> {
  for (let waited = 0; waited < 5000; waited += 25) {
    const events = received.filter((event) => event.data.payment.id === paymentId);
    if (events.length >= count) return events;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`expected ${count} webhooks for ${paymentId}`);
}

beforeAll(async () => {
  // A merchant of our own: its payments, clock, journal and faults are seen by no other run.
  const res = await fetch(`${simulator()}/api/v1/test/merchants`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'My portal (CI)', utility: 'DESCO' }),
  });
  merchant = await res.json();

  // A local webhook endpoint that checks signatures as the portal's must (raw body, webhook secret).
  receiver = http.createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    try {
      verifyWebhookSignature(raw, req.headers['billpay-signature'] as string | undefined, merchant.webhookSecret);
    } catch {
      res.writeHead(400).end();
      return;
    }
    received.push(JSON.parse(raw));
    res.writeHead(200).end();
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/billpay/webhooks`;
});

afterAll(async () => {
  await api('POST', '/api/v1/test/reset');
  receiver.close();
});

describe('paying a bill online', () => {
  it('an approved card: payment.succeeded carries the slip', async () => {
    const payment = await payOnline('order-1');
    const done = await api('POST', `/api/v1/test/payments/${payment.id}/complete`, { outcome: 'success', method: 'visa' });
    expect(done.body.payment.status).toBe('succeeded');

    const [event] = await webhooksOf(payment.id, 1);
    expect(event?.type).toBe('payment.succeeded');
    // Visa credit (card type 4), office 305, Dhaka date and time, serial; then |meter serial|cost head.
    expect(event?.data.payment.slip?.trackingNumber).toMatch(/^4305\d{15}\|1\|1$/);
  });

  it('declined attempts: the customer may retry twice, then the payment fails', async () => {
    const payment = await payOnline('order-2');
    for (const outcome of ['declined', 'insufficient_funds', 'declined']) {
      await api('POST', `/api/v1/test/payments/${payment.id}/complete`, { outcome });
    }
    const events = await webhooksOf(payment.id, 3);
    expect(events.map((event) => event.type)).toEqual(['payment.attempt_failed', 'payment.attempt_failed', 'payment.failed']);
  });

  it('nobody pays: the session expires after 5 minutes of test-clock time', async () => {
    const payment = await payOnline('order-3');
    await api('POST', '/api/v1/test/clock/advance', { seconds: 300 });
    expect((await api('GET', `/api/v1/payments/${payment.id}`)).body.status).toBe('expired');
    const [event] = await webhooksOf(payment.id, 1);
    expect(event?.type).toBe('payment.expired');
  });

  it('the gateway fails once, and a webhook comes twice', async () => {
    const outage = await api('POST', '/api/v1/payments', {}, { 'Billpay-Simulate': 'status=503' });
    expect(outage.status).toBe(503);

    await api('PUT', '/api/v1/test/faults', { webhooks: { duplicate: true } });
    const payment = await payOnline('order-4');
    await api('POST', `/api/v1/test/payments/${payment.id}/complete`, { outcome: 'success' });
    const [first, second] = await webhooksOf(payment.id, 2);
    expect(second?.id).toBe(first?.id); // the portal must handle an event id only once
    await api('DELETE', '/api/v1/test/faults');
  });

  it('the journal shows what happened to a payment, in order', async () => {
    const payment = await payOnline('order-5');
    await api('POST', `/api/v1/test/payments/${payment.id}/complete`, { outcome: 'success', method: 'bkash' });
    const journal = await api('GET', `/api/v1/test/journal?paymentId=${payment.id}&type=state_change`);
    const steps = journal.body.data.map((entry: { data: { event: string } }) => entry.data.event);
    // select, Pay Now, then wallet number, OTP and PIN
    expect(steps).toEqual(['select', 'confirm', 'authorize_step', 'authorize_step', 'succeed']);
  });
});
// guide:end
