/**
 * Refund webhooks through the real server: delivered to a receiver on loopback, signed with the
 * merchant's webhook secret, one per refund that ends, in the refund's own transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../../server/webhooks/signature.js';
import { startTestServer, testFixtures, type TestServer } from '../../helpers/server.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { refundClient, type RefundView } from './client.js';

let server: TestServer;
let receiver: WebhookReceiver;
beforeAll(async () => {
  server = await startTestServer({ webhooks: true, config: { fastWebhooks: true } });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
  await server.close();
});

interface RefundEvent {
  id: string;
  type: string;
  created: string;
  data: { refund: RefundView; payment: { id: string; amountRefunded: string; refunds: RefundView[] } };
}

/** The requests whose path names `tag` (each test's webhook URL has its own), signature checked. */
function eventsAt(requests: readonly ReceivedRequest[], tag: string, webhookSecret: string) {
  return requests
    .filter((request) => request.path.endsWith(`/${tag}`))
    .map((request) => {
      verifyWebhookSignature(request.rawBody, request.headers['billpay-signature'] as string, webhookSecret, {
        now: server.clock.now(),
      });
      expect(request.headers['content-type']).toContain('application/json');
      const event = JSON.parse(request.rawBody) as RefundEvent;
      expect(request.headers['billpay-event-id']).toBe(event.id);
      return event;
    });
}

/** Waits until `count` events have arrived at the tagged URL (each arrival re-checks). */
async function waitForEvents(tag: string, count: number, webhookSecret: string): Promise<RefundEvent[]> {
  for (;;) {
    const events = eventsAt(receiver.requests, tag, webhookSecret);
    if (events.length >= count) return events;
    await receiver.waitForRequests(receiver.requests.length + 1);
  }
}

async function setUp(tag: string) {
  const api = await refundClient(server);
  const payment = await api.paidPayment({ webhookUrl: `${receiver.url}/${tag}` });
  // The payment's own event comes first: every event after it is a refund's.
  const [paid] = await waitForEvents(tag, 1, api.merchant.webhookSecret);
  expect(paid?.type).toBe('payment.succeeded');
  return { api, payment };
}

describe('refund webhooks', () => {
  it('instant: refund.succeeded with the refund and the payment showing it, signed', async () => {
    const { api, payment } = await setUp('instant');
    const refund = (await api.refund(payment.id, { amount: '5.00' }).expect(201)).body as RefundView;

    const [, event] = await waitForEvents('instant', 2, api.merchant.webhookSecret);
    expect(event).toMatchObject({ id: expect.stringMatching(/^evt_/), type: 'refund.succeeded', created: refund.completedAt });
    expect(event?.data.refund).toEqual(refund);
    expect(event?.data.payment).toMatchObject({ id: payment.id, amountRefunded: '5.00', refunds: [refund] });
    // The delivery log knows it by the id the body names.
    const deliveries = await server.deps.store.read((tx) => tx.outbox.listDeliveries(api.merchant.id, { paymentId: payment.id }));
    expect(deliveries.map((delivery) => delivery.eventId)).toContain(event?.id);
  });

  it('failed: refund.failed with the reason', async () => {
    const { api, payment } = await setUp('failed');
    await api.setOutcome('failed');
    const refund = (await api.refund(payment.id, { amount: '2.00' }).expect(201)).body as RefundView;

    const [, event] = await waitForEvents('failed', 2, api.merchant.webhookSecret);
    expect(event?.type).toBe('refund.failed');
    expect(event?.data.refund).toMatchObject({ id: refund.id, status: 'failed', failureReason: 'refund_declined' });
    expect(event?.data.payment.amountRefunded).toBe('0.00');
  });

  it('pending_then_success: nothing until the clock passes the deadline, then refund.succeeded', async () => {
    const { api, payment } = await setUp('pending');
    await api.setOutcome('pending_then_success');
    const pending = (await api.refund(payment.id, { amount: '3.00' }).expect(201)).body as RefundView;
    // A second refund that fails at once: its event proves the pending one sent nothing before it.
    await api.setOutcome('failed');
    await api.refund(payment.id, { amount: '1.00' }).expect(201);
    const beforeDeadline = await waitForEvents('pending', 2, api.merchant.webhookSecret);
    expect(beforeDeadline.map((event) => event.type)).toEqual(['payment.succeeded', 'refund.failed']);

    await api.advanceClock(testFixtures().settings.pendingSeconds);
    const [, , event] = await waitForEvents('pending', 3, api.merchant.webhookSecret);
    expect(event?.type).toBe('refund.succeeded');
    expect(event?.data.refund).toMatchObject({ id: pending.id, status: 'succeeded' });
    expect(event?.data.payment.amountRefunded).toBe('3.00');
  });
});
