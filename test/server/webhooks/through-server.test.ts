/**
 * Webhooks and return URLs through the real server: payments created and paid over HTTP, events
 * delivered to a real receiver on loopback, signatures checked with the merchant's fixture secret.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyReturnUrl } from '../../../server/webhooks/return-url.js';
import type { Webhooks } from '../../../server/webhooks/setup.js';
import { verifyWebhookSignature } from '../../../server/webhooks/signature.js';
import { applicationFee, checkoutClient, createPayment, TEST_CARDS, type CreatedPayment } from '../../helpers/api.js';
import { startTestServer, testFixtures, type TestServer } from '../../helpers/server.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

let server: TestServer;
let receiver: WebhookReceiver;
let webhooks: Webhooks;

/** The test server with its webhook dispatcher running (fast schedule) and a receiver on loopback. */
async function start(receiverOptions: Parameters<typeof startWebhookReceiver>[0] = {}) {
  server = await startTestServer({ config: { fastWebhooks: true } });
  receiver = await startWebhookReceiver(receiverOptions);
  webhooks = server.services.webhooks;
  webhooks.start();
}

afterEach(async () => {
  await webhooks.stop();
  await receiver.close();
  await server.close();
});

function webhookSecretOf(merchantId: string): string {
  const merchant = testFixtures().merchants.find((m) => m.id === merchantId);
  if (!merchant) throw new Error(`no fixture merchant ${merchantId}`);
  return merchant.webhookSecret;
}

/** Parses each request after checking its signature as a merchant would (on the server's clock). */
function verifiedEvents(requests: readonly ReceivedRequest[], payment: CreatedPayment) {
  const secret = webhookSecretOf(payment.merchantId as string);
  return requests.map((request) => {
    const signature = request.headers['billpay-signature'] as string;
    verifyWebhookSignature(request.rawBody, signature, secret, { now: server.clock.now() });
    return JSON.parse(request.rawBody) as { id: string; type: string; data: { payment: Record<string, unknown> } };
  });
}

async function payByCard(payment: CreatedPayment, card: (typeof TEST_CARDS)[keyof typeof TEST_CARDS]) {
  const checkout = checkoutClient(server, payment);
  await checkout.select('visa', 'EBL').expect(200);
  await checkout.confirm().expect(200);
  return (await checkout.authorize({ card }).expect(200)).body as Record<string, unknown>;
}

/** Polls every 20 ms, for up to 10 s. */
const WAIT = { timeout: 10_000, interval: 20 };

/** The payment's deliveries, read through the server's store (either engine). */
const deliveriesOf = (merchantId: string, paymentId: string) =>
  server.deps.store.read((tx) => tx.outbox.listDeliveries(merchantId, { paymentId }));

describe('webhooks through the server', () => {
  it('a paid payment: one signed payment.succeeded with the payment and its slip; a signed return URL', async () => {
    await start();
    const returnUrls = { success: 'https://portal.example/paid?lang=bn', fail: 'https://portal.example/failed' };
    const payment = await createPayment(server, applicationFee({ webhookUrl: receiver.url, returnUrls }));
    const view = await payByCard(payment, TEST_CARDS.visaSuccess);
    expect(view.status).toBe('succeeded');

    const [event] = verifiedEvents(await receiver.waitForRequests(1), payment);
    // Every event of a state change is queued in its transaction: once the one delivery is recorded
    // as delivered after one attempt, and nothing else is due, the receiver will get nothing more.
    const deliveries = () => deliveriesOf(payment.merchantId as string, payment.id);
    await vi.waitFor(async () => expect((await deliveries())[0]?.status).toBe('delivered'), WAIT);
    expect((await deliveries()).map((delivery) => delivery.attemptCount)).toEqual([1]);
    expect(await webhooks.dispatcher.runDue()).toBe(0);
    expect(receiver.requests).toHaveLength(1);
    expect(event?.type).toBe('payment.succeeded');
    expect(event?.data.payment).toMatchObject({ id: payment.id, status: 'succeeded' });
    expect(event!.data.payment.slip).toMatchObject({ paymentId: payment.id, trackingNumber: expect.any(String) });

    const returned = verifyReturnUrl(view.returnUrl as string, webhookSecretOf(payment.merchantId as string), {
      now: server.clock.now(),
    });
    expect(returned).toMatchObject({ paymentId: payment.id, reference: payment.reference, status: 'succeeded' });
    expect(new URL(view.returnUrl as string).searchParams.get('lang')).toBe('bn');
  });

  it('a declined attempt, then success: payment.attempt_failed, then payment.succeeded', async () => {
    await start();
    const payment = await createPayment(server, applicationFee({ webhookUrl: receiver.url }));
    expect((await payByCard(payment, TEST_CARDS.visaDeclined)).status).toBe('awaiting_method');
    await receiver.waitForRequests(1);
    expect((await payByCard(payment, TEST_CARDS.visaSuccess)).status).toBe('succeeded');

    const events = verifiedEvents(await receiver.waitForRequests(2), payment);
    expect(events.map((e) => e.type)).toEqual(['payment.attempt_failed', 'payment.succeeded']);
    expect(events[0]!.data.payment).toMatchObject({ status: 'awaiting_method', lastError: expect.anything() });
  });

  it('a cancellation reaches a receiver that was failing, once the retry is due on the server clock', async () => {
    await start({ respond: [500] });
    const payment = await createPayment(server, applicationFee({ webhookUrl: receiver.url }));
    await checkoutClient(server, payment).cancel().expect(200);

    const merchantId = payment.merchantId as string;
    const delivery = async () => (await deliveriesOf(merchantId, payment.id))[0];
    await vi.waitFor(async () => expect((await delivery())?.attempts).toHaveLength(1), WAIT);
    // The retry waits for the server's (test) clock: a pass over what is due (the dispatcher's own
    // claim) finds nothing, and no second attempt was claimed (claims count the attempt first).
    expect((await delivery())?.status).toBe('pending');
    expect(await webhooks.dispatcher.runDue()).toBe(0);
    expect((await delivery())?.attemptCount).toBe(1);
    expect(receiver.requests).toHaveLength(1);
    server.clock.advance(60_000);
    const events = verifiedEvents(await receiver.waitForRequests(2), payment);
    expect(events.map((e) => e.type)).toEqual(['payment.cancelled', 'payment.cancelled']);
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
    expect(receiver.requests.map((r) => r.headers['billpay-delivery-attempt'])).toEqual(['1', '2']);
  });

  it('sends nothing for a payment created without a webhook URL', async () => {
    await start();
    const payment = await createPayment(server, applicationFee());
    await checkoutClient(server, payment).cancel().expect(200);
    // Events are queued in the cancellation's own transaction, committed before its answer: none.
    expect(await deliveriesOf(payment.merchantId as string, payment.id)).toEqual([]);
    expect(await webhooks.dispatcher.runDue()).toBe(0);
    expect(receiver.requests).toHaveLength(0);
  });
});
