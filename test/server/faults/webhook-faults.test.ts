import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applicationFee } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { createTestMerchant, merchantClient } from '../test-api/client.js';

let server: TestServer;
let receiver: WebhookReceiver;
beforeAll(async () => {
  server = await startTestServer({ webhooks: true, config: { fastWebhooks: true } });
});
afterEach(async () => {
  await receiver?.close();
});
afterAll(async () => {
  await server.close();
});

async function setUp(faults: object) {
  receiver = await startWebhookReceiver();
  const api = merchantClient(server, (await createTestMerchant(server)).secretKey);
  await api.put('/api/v1/test/faults', { webhooks: faults }).expect(200);
  const payment = await api.createPayment(applicationFee({ webhookUrl: receiver.url }));
  return { api, payment };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Retries are due on the dispatcher's clock, the test server's ManualClock: move it in small
 * steps (fast schedule: 100-1600 ms apart) until `done`.
 */
async function advanceUntil(done: () => Promise<boolean>, stepMs = 250, steps = 40): Promise<void> {
  for (let step = 0; step < steps; step += 1) {
    if (await done()) return;
    server.clock.advance(stepMs);
    await sleep(40);
  }
  throw new Error('condition not reached');
}

interface EventBody {
  id: string;
  type: string;
  data: { payment: { lastError: { code: string } | null } };
}
const bodyOf = (request: ReceivedRequest) => JSON.parse(request.rawBody) as EventBody;

describe('webhook faults', () => {
  it('failFirst: the first attempts fail with a simulated 503 without calling the receiver, all journaled', async () => {
    const { api, payment } = await setUp({ failFirst: 2 });
    await api.complete(payment.id, { outcome: 'success' }).expect(200);
    const deliveries = async () => (await api.get('/api/v1/webhook-deliveries')).body.data;
    await advanceUntil(async () => (await deliveries())[0]?.status === 'delivered');

    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.headers['billpay-delivery-attempt']).toBe('3');
    const [delivery] = await deliveries();
    expect(delivery.attempts.map((attempt: { httpStatus: number }) => attempt.httpStatus)).toEqual([503, 503, 200]);
    expect(delivery.attempts[0].error).toMatch(/^simulated fault/);

    const journal = await api.journal({ paymentId: payment.id, type: 'fault,webhook_attempt' });
    expect(journal.map(({ type, data }) => [type, data.kind ?? data.httpStatus, data.attempt])).toEqual([
      ['fault', 'fail_first', 1],
      ['webhook_attempt', 503, 1],
      ['fault', 'fail_first', 2],
      ['webhook_attempt', 503, 2],
      ['webhook_attempt', 200, 3],
    ]);
  });

  it('duplicate: an acknowledged delivery arrives twice with the same event id; one attempt in the log', async () => {
    const { api, payment } = await setUp({ duplicate: true });
    await api.complete(payment.id, { outcome: 'success' }).expect(200);
    const [first, second] = await receiver.waitForRequests(2);
    expect(second?.rawBody).toBe(first?.rawBody);
    expect(second?.headers['billpay-event-id']).toBe(first?.headers['billpay-event-id']);
    expect(second?.headers['billpay-signature']).toBe(first?.headers['billpay-signature']);

    await sleep(50);
    const [delivery] = (await api.get('/api/v1/webhook-deliveries')).body.data;
    expect(delivery.attempts).toHaveLength(1);
    const journal = await api.journal({ paymentId: payment.id, type: 'fault,webhook_attempt' });
    expect(journal.map(({ type, data }) => [type, data.kind ?? data.httpStatus, data.duplicate ?? false])).toEqual([
      ['fault', 'duplicate', false],
      ['webhook_attempt', 200, false],
      ['webhook_attempt', 200, true],
    ]);
  });

  it('delayMs: the delivery is held that long before its first attempt', async () => {
    const { api, payment } = await setUp({ delayMs: 400 });
    await api.complete(payment.id, { outcome: 'success' }).expect(200);
    const completedAt = Date.now();
    await sleep(200);
    expect(receiver.requests).toHaveLength(0);
    const [request] = await receiver.waitForRequests(1);
    // Held from inside the completion: at least 400 ms after it, less the time its answer took.
    expect((request as ReceivedRequest).receivedAt.getTime() - completedAt).toBeGreaterThanOrEqual(350);
    const [fault] = await api.journal({ paymentId: payment.id, type: 'fault' });
    expect(fault?.data).toMatchObject({ target: 'webhook', kind: 'delay', delayMs: 400, eventType: 'payment.succeeded' });
  });

  it('outOfOrder: a payment’s events arrive newest first', async () => {
    const { api, payment } = await setUp({ outOfOrder: true });
    await api.complete(payment.id, { outcome: 'declined' }).expect(200);
    await api.complete(payment.id, { outcome: 'insufficient_funds' }).expect(200);
    await sleep(150);
    expect(receiver.requests).toHaveLength(0); // held until the payment's next event is delivered
    await api.complete(payment.id, { outcome: 'success' }).expect(200);

    const received = (await receiver.waitForRequests(3)).map(bodyOf);
    expect(received.map((event) => event.type)).toEqual(['payment.succeeded', 'payment.attempt_failed', 'payment.attempt_failed']);
    const ids = received.map((event) => event.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(received.map((event) => event.data.payment.lastError?.code ?? null)).toEqual([null, 'insufficient_funds', 'card_declined']);

    const faults = await api.journal({ paymentId: payment.id, type: 'fault' });
    expect(faults.map(({ data }) => [data.kind, data.eventType])).toEqual([
      ['out_of_order', 'payment.attempt_failed'],
      ['out_of_order', 'payment.attempt_failed'],
    ]);
  });

  it('clearing the faults sends what they held', async () => {
    const { api, payment } = await setUp({ outOfOrder: true });
    await api.complete(payment.id, { outcome: 'declined' }).expect(200);
    await sleep(100);
    expect(receiver.requests).toHaveLength(0);
    await api.delete('/api/v1/test/faults').expect(200);
    const [request] = await receiver.waitForRequests(1);
    expect(bodyOf(request as ReceivedRequest).type).toBe('payment.attempt_failed');
  });

  it('another merchant’s deliveries are not touched', async () => {
    await setUp({ failFirst: 3, duplicate: true });
    const plain = merchantClient(server, (await createTestMerchant(server)).secretKey);
    const payment = await plain.createPayment(applicationFee({ webhookUrl: receiver.url }));
    await plain.complete(payment.id, { outcome: 'success' }).expect(200);
    await receiver.waitForRequests(1);
    await sleep(100);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.headers['billpay-delivery-attempt']).toBe('1');
  });
});
