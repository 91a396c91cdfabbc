import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { systemClock } from '../../../server/clock.js';
import { silentLogger } from '../../../server/logger.js';
import { TransitionListeners, type PaymentTransition } from '../../../server/payments/events.js';
import type { PaymentRecord } from '../../../server/payments/record.js';
import type { PaymentView } from '../../../server/payments/view.js';
import type { AttemptReport } from '../../../server/webhooks/dispatcher.js';
import { setupWebhooks, type Webhooks } from '../../../server/webhooks/setup.js';
import { verifyWebhookSignature } from '../../../server/webhooks/signature.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { describeEachStore } from '../storage/contract/stores.js';

const WEBHOOK_SECRETS = ['whsec_desco_old', 'whsec_desco_new'];

describeEachStore('setupWebhooks', ({ store }) => {
  let merchantId: string;
  let receiver: WebhookReceiver;
  let payments: TransitionListeners;
  let webhooks: Webhooks;
  /** What the attempt listener saw, with whether its unit's tx could read the delivery it recorded. */
  let attempts: Array<{ report: AttemptReport; seenInUnit: boolean }>;

  beforeEach(async () => {
    merchantId = `test_${randomBytes(6).toString('hex')}`;
    await store().transact((tx) =>
      tx.merchants.seed(
        [
          {
            id: merchantId,
            name: `Merchant ${merchantId}`,
            shortName: merchantId,
            utility: null,
            billLayout: 'standard',
            officeCode: '305',
            secretKey: `sk_test_${merchantId}`,
            webhookSecrets: WEBHOOK_SECRETS,
          },
        ],
        new Date(),
      ),
    );
    receiver = await startWebhookReceiver();
    payments = new TransitionListeners();
    attempts = [];
    webhooks = setupWebhooks({
      store: store(),
      payments: { onTransition: (listener) => payments.add(listener) },
      clock: systemClock,
      config: { fastWebhooks: true },
      logger: silentLogger(),
      onAttempt: async (report, tx) => {
        const delivery = await tx.outbox.getDelivery(report.delivery.deliveryId);
        attempts.push({ report, seenInUnit: delivery?.attempts.length === report.delivery.attempt });
      },
    });
    webhooks.start();
  });
  afterEach(async () => {
    await webhooks.stop();
    await receiver.close();
  });

  function succeeded(paymentId: string, webhookUrl: string | null): PaymentTransition {
    const payment = { id: paymentId, status: 'succeeded', amount: '11.00', webhookUrl } as unknown as PaymentView;
    const record = { id: paymentId, status: 'succeeded', webhookUrl } as unknown as PaymentRecord;
    return { payment, record, from: 'authorizing', to: 'succeeded', event: 'succeed', at: new Date(), merchantId };
  }

  /** A state change's unit: the transition listeners run in it, with its tx. */
  const change = (transition: PaymentTransition, after?: () => void) =>
    store().transact(async (tx) => {
      await payments.emit(transition, tx);
      after?.();
    });

  async function deliveryStatus(paymentId: string): Promise<string | undefined> {
    const [delivery] = await store().read((tx) => tx.outbox.listDeliveries(merchantId, { paymentId }));
    return delivery?.status;
  }

  it("delivers a committed transition to the payment's webhook URL, signed with each active secret", async () => {
    await change(succeeded('pay_committed', receiver.url));
    const [request] = await receiver.waitForRequests(1, 5_000);
    const body = JSON.parse(request!.rawBody);
    expect(body).toMatchObject({ type: 'payment.succeeded', data: { payment: { id: 'pay_committed' } } });
    const signature = request!.headers['billpay-signature'] as string;
    for (const secret of WEBHOOK_SECRETS) {
      expect(() => verifyWebhookSignature(request!.rawBody, signature, secret)).not.toThrow();
    }
    await vi.waitFor(async () => expect(await deliveryStatus('pay_committed')).toBe('delivered'), { timeout: 10_000, interval: 20 });
    // The attempt listener ran in the unit that recorded the attempt, and saw it there.
    expect(attempts.map(({ report, seenInUnit }) => [report.delivery.paymentId, report.outcome.status, seenInUnit])).toEqual([
      ['pay_committed', 'delivered', true],
    ]);
  });

  it('sends nothing for a transition that rolled back, or for a payment without a webhook URL', async () => {
    await expect(
      change(succeeded('pay_rolled_back', receiver.url), () => {
        throw new Error('the state change failed after the listener ran');
      }),
    ).rejects.toThrow('the state change failed');
    await change(succeeded('pay_no_url', null));
    await change(succeeded('pay_marker', receiver.url));

    const requests = await receiver.waitForRequests(1, 5_000);
    await webhooks.stop();
    expect(requests.map((r) => JSON.parse(r.rawBody).data.payment.id)).toEqual(['pay_marker']);
    expect(await deliveryStatus('pay_rolled_back')).toBeUndefined();
    expect(await deliveryStatus('pay_no_url')).toBeUndefined();
    expect(webhooks.routes.map((route) => `${route.method} ${route.path}`)).toEqual([
      'get /api/v1/webhook-deliveries',
      'post /api/v1/webhook-deliveries/:id/redeliver',
    ]);
  });

  it('enqueue writes another kind of message in the caller’s unit, sent unsigned once that unit commits', async () => {
    const message = {
      merchantId,
      paymentId: 'pay_ipn',
      type: 'ekpay.ipn',
      at: new Date(),
      body: 'status=paid',
      contentType: 'application/x-www-form-urlencoded',
      signed: false,
    };
    await expect(
      store().transact(async (tx) => {
        await webhooks.enqueue(tx, { ...message, paymentId: 'pay_ipn_rolled_back' }, receiver.url);
        throw new Error('the change it announces failed');
      }),
    ).rejects.toThrow('the change it announces failed');
    const recorded = await store().transact((tx) => webhooks.enqueue(tx, message, receiver.url, 'evt_given'));
    expect(recorded).toMatchObject({ eventId: 'evt_given', type: 'ekpay.ipn' });
    const [request] = await receiver.waitForRequests(1, 5_000);
    expect(request?.rawBody).toBe('status=paid');
    expect(request?.headers['billpay-signature']).toBeUndefined();
    expect(await deliveryStatus('pay_ipn_rolled_back')).toBeUndefined();
  });
});
