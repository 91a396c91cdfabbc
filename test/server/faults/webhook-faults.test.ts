import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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

type Api = ReturnType<typeof merchantClient>;

async function setUp(faults: object) {
  receiver = await startWebhookReceiver();
  const api = merchantClient(server, (await createTestMerchant(server)).secretKey);
  await api.put('/api/v1/test/faults', { webhooks: faults }).expect(200);
  const payment = await api.createPayment(applicationFee({ webhookUrl: receiver.url }));
  return { api, payment };
}

/** Polls (never sleeps then asserts): resolves once `check` passes, fails after 15 s of trying. */
const until = (check: () => Promise<void> | void) => vi.waitFor(check, { timeout: 15_000, interval: 20 });

interface Delivery {
  id: string;
  paymentId: string;
  status: string;
  attemptCount: number;
  attempts: Array<{ httpStatus: number | null; error: string | null }>;
}

async function deliveriesOf(api: Api, paymentId: string): Promise<Delivery[]> {
  const res = await api.get('/api/v1/webhook-deliveries').query({ paymentId }).expect(200);
  return res.body.data as Delivery[];
}

/** Waits until every delivery of the payment is recorded as delivered in the log. */
async function delivered(api: Api, paymentId: string): Promise<Delivery[]> {
  let deliveries: Delivery[] = [];
  await until(async () => {
    deliveries = await deliveriesOf(api, paymentId);
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.map((delivery) => delivery.status)).toEqual(deliveries.map(() => 'delivered'));
  });
  return deliveries;
}

/**
 * Retries are due on the dispatcher's clock, the test server's ManualClock: move it 250 ms
 * between two polls (fast schedule: 100-1600 ms apart) until `done` holds.
 */
async function advanceUntil(done: () => Promise<boolean>): Promise<void> {
  await until(async () => {
    if (await done()) return;
    server.clock.advance(250);
    throw new Error('not yet');
  });
}

/**
 * Proves the payment's `count` deliveries are held, without waiting for nothing to happen: a
 * delivery queued after them (another payment's success, which no fault holds) is attempted and
 * recorded, and the dispatcher claims due deliveries oldest first (counting the attempt when it
 * claims), so had they been due they would have been claimed no later. They have no attempt.
 */
async function expectHeld(api: Api, paymentId: string, count: number): Promise<void> {
  const later = await api.createPayment(applicationFee({ webhookUrl: receiver.url }));
  await api.complete(later.id, { outcome: 'success' }).expect(200);
  await delivered(api, later.id);
  const held = await deliveriesOf(api, paymentId);
  expect(held.map((delivery) => [delivery.status, delivery.attemptCount])).toEqual(held.map(() => ['pending', 0]));
  expect(held).toHaveLength(count);
  expect(receiver.requests.filter((request) => bodyOf(request).data.payment.id === paymentId)).toEqual([]);
}

interface EventBody {
  id: string;
  type: string;
  data: { payment: { id: string; lastError: { code: string } | null } };
}
const bodyOf = (request: ReceivedRequest) => JSON.parse(request.rawBody) as EventBody;
const requestsOf = (paymentId: string, requests: readonly ReceivedRequest[]) =>
  requests.map(bodyOf).filter((event) => event.data.payment.id === paymentId);

describe('webhook faults', () => {
  it('failFirst: the first attempts fail with a simulated 503 without calling the receiver, all journaled', async () => {
    const { api, payment } = await setUp({ failFirst: 2 });
    await api.complete(payment.id, { outcome: 'success' }).expect(200);
    await advanceUntil(async () => (await deliveriesOf(api, payment.id))[0]?.status === 'delivered');

    // Attempts are recorded after their reply, so the two simulated ones are over: the receiver saw only the third.
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.headers['billpay-delivery-attempt']).toBe('3');
    const [delivery] = await deliveriesOf(api, payment.id);
    expect(delivery?.attempts.map((attempt) => attempt.httpStatus)).toEqual([503, 503, 200]);
    expect(delivery?.attempts[0]?.error).toMatch(/^simulated fault/);

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

    // The attempt is recorded once both sends are answered; a delivered delivery gets no more.
    const [delivery] = await delivered(api, payment.id);
    expect(delivery?.attempts).toHaveLength(1);
    const journal = await api.journal({ paymentId: payment.id, type: 'fault,webhook_attempt' });
    expect(journal.map(({ type, data }) => [type, data.kind ?? data.httpStatus, data.duplicate ?? false])).toEqual([
      ['fault', 'duplicate', false],
      ['webhook_attempt', 200, false],
      ['webhook_attempt', 200, true],
    ]);
  });

  it('delayMs: the delivery is held that long before its first attempt', async () => {
    const { api, payment } = await setUp({ delayMs: 400 });
    const before = Date.now();
    await api.complete(payment.id, { outcome: 'success' }).expect(200);
    const [request] = await receiver.waitForRequests(1);
    const [fault] = await api.journal({ paymentId: payment.id, type: 'fault' });
    expect(fault?.data).toMatchObject({ target: 'webhook', kind: 'delay', delayMs: 400, eventType: 'payment.succeeded' });
    // Held from inside the completion until 400 ms after it (real time), and not sent before then.
    const heldUntil = Date.parse(fault?.data.heldUntil as string);
    expect(heldUntil - before).toBeGreaterThanOrEqual(400);
    expect((request as ReceivedRequest).receivedAt.getTime()).toBeGreaterThanOrEqual(heldUntil);
  });

  it('outOfOrder: a payment’s events arrive newest first', async () => {
    const { api, payment } = await setUp({ outOfOrder: true });
    await api.complete(payment.id, { outcome: 'declined' }).expect(200);
    await api.complete(payment.id, { outcome: 'insufficient_funds' }).expect(200);
    await expectHeld(api, payment.id, 2); // until the payment's next event is delivered
    await api.complete(payment.id, { outcome: 'success' }).expect(200);

    const received = requestsOf(payment.id, await receiver.waitForRequests(1 + 3));
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
    await expectHeld(api, payment.id, 1);
    await api.delete('/api/v1/test/faults').expect(200);
    const [event] = requestsOf(payment.id, await receiver.waitForRequests(1 + 1));
    expect(event?.type).toBe('payment.attempt_failed');
  });

  it('another merchant’s deliveries are not touched', async () => {
    await setUp({ failFirst: 3, duplicate: true });
    const plain = merchantClient(server, (await createTestMerchant(server)).secretKey);
    const payment = await plain.createPayment(applicationFee({ webhookUrl: receiver.url }));
    await plain.complete(payment.id, { outcome: 'success' }).expect(200);
    // Recorded once its sends (a duplicate's too) are answered: all the receiver will get is there.
    const [delivery] = await delivered(plain, payment.id);
    expect(delivery?.attempts.map((attempt) => attempt.httpStatus)).toEqual([200]);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.headers['billpay-delivery-attempt']).toBe('1');
    expect(await plain.journal({ paymentId: payment.id, type: 'fault' })).toEqual([]);
  });
});
