import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationFee, checkoutClient, TEST_CARDS } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { createTestMerchant, merchantClient } from './client.js';

let server: TestServer;
let api: ReturnType<typeof merchantClient>;
beforeAll(async () => {
  server = await startTestServer();
  api = merchantClient(server, (await createTestMerchant(server)).secretKey);
});
afterAll(async () => {
  await server.close();
});

/** Every payment gets a webhook URL, so its events are queued in the outbox (the dispatcher is off). */
const newPayment = () => api.createPayment(applicationFee({ webhookUrl: 'http://127.0.0.1:9/hooks' }));

async function stateChanges(paymentId: string) {
  const entries = await api.journal({ paymentId, type: 'state_change' });
  return entries.map(({ data }) => data);
}

async function webhookTypes(paymentId: string): Promise<string[]> {
  const res = await api.get('/api/v1/webhook-deliveries').query({ paymentId });
  return res.body.data.map((delivery: { eventType: string }) => delivery.eventType);
}

async function paymentOf(paymentId: string) {
  return (await api.get(`/api/v1/payments/${paymentId}`)).body;
}

/** What may differ between two payments of the same bill: their ids, reference and serial. */
function comparableSlip(slip: Record<string, unknown>) {
  const { paymentId: _id, reference: _reference, trackingNumber, gatewayTransactionId, htmlUrl: _h, pdfUrl: _p, verifyUrl: _v, ...rest } = slip;
  return {
    ...rest,
    // card type + office + Dhaka date and time; the last three digits are a serial.
    trackingPrefix: (trackingNumber as string).slice(0, 16),
    gatewayTransactionPrefix: (gatewayTransactionId as string).slice(0, 3),
  };
}

type Checkout = ReturnType<typeof checkoutClient>;

const samePathCases: Array<{ name: string; widget: (checkout: Checkout) => Promise<unknown>; headless: object }> = [
  {
    name: 'a Visa card that is approved',
    widget: async (checkout) => {
      await checkout.select('visa', 'EBL').expect(200);
      await checkout.confirm().expect(200);
      await checkout.authorize({ card: TEST_CARDS.visaSuccess }).expect(200);
    },
    headless: { instrument: { cardNumber: '4111 1111 1111 1111' } },
  },
  {
    name: 'bKash: wallet number, OTP, PIN',
    widget: async (checkout) => {
      await checkout.select('bkash', 'BKASH').expect(200);
      await checkout.confirm().expect(200);
      await checkout.authorize({ walletNumber: '01770618575' }).expect(200);
      await checkout.authorize({ otp: '123456' }).expect(200);
      await checkout.authorize({ pin: '12121' }).expect(200);
    },
    headless: { outcome: 'success', method: 'bkash' },
  },
  {
    name: 'an internet-banking login',
    widget: async (checkout) => {
      await checkout.select('city_ib', 'CITY').expect(200);
      await checkout.confirm().expect(200);
      await checkout.authorize({ username: 'demo', password: 'demo1234' }).expect(200);
      await checkout.authorize({ otp: '123456' }).expect(200);
    },
    headless: { instrument: { username: 'demo' }, method: 'city_ib' },
  },
  {
    name: 'a declined card',
    widget: async (checkout) => {
      await checkout.select('visa', 'EBL').expect(200);
      await checkout.confirm().expect(200);
      await checkout.authorize({ card: TEST_CARDS.visaDeclined }).expect(200);
    },
    headless: { outcome: 'declined' },
  },
  {
    name: 'the customer cancelling',
    widget: (checkout) => checkout.cancel().expect(200),
    headless: { outcome: 'cancelled' },
  },
];

describe('headless completion is the widget path', () => {
  it.each(samePathCases)('$name: same state changes, webhooks and slip', async ({ widget, headless }) => {
    const viaWidget = await newPayment();
    await widget(checkoutClient(server, viaWidget));
    const viaHeadless = await newPayment();
    const res = await api.complete(viaHeadless.id, headless);
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    expect(await stateChanges(viaHeadless.id)).toEqual(await stateChanges(viaWidget.id));
    expect(await webhookTypes(viaHeadless.id)).toEqual(await webhookTypes(viaWidget.id));
    const [widgetPayment, headlessPayment] = [await paymentOf(viaWidget.id), await paymentOf(viaHeadless.id)];
    expect(res.body.payment).toEqual(headlessPayment);
    expect(headlessPayment.status).toBe(widgetPayment.status);
    expect(headlessPayment.lastError).toEqual(widgetPayment.lastError);
    if (widgetPayment.slip) expect(comparableSlip(headlessPayment.slip)).toEqual(comparableSlip(widgetPayment.slip));
    else expect(headlessPayment.slip).toBeNull();
  });
});

describe('POST /api/v1/test/payments/:id/complete', () => {
  it.each([
    ['success', 'succeeded', null, ['select', 'confirm', 'card'], ['payment.succeeded']],
    ['declined', 'awaiting_method', 'card_declined', ['select', 'confirm', 'card'], ['payment.attempt_failed']],
    ['insufficient_funds', 'awaiting_method', 'insufficient_funds', ['select', 'confirm', 'card'], ['payment.attempt_failed']],
    ['expired_card', 'awaiting_method', 'expired_card', ['select', 'confirm', 'card'], ['payment.attempt_failed']],
    ['cancelled', 'cancelled', null, ['cancel'], ['payment.cancelled']],
    ['expired', 'expired', null, ['expire'], ['payment.expired']],
  ])('outcome %s leaves the payment %s', async (outcome, status, errorCode, steps, webhooks) => {
    const payment = await newPayment();
    const res = await api.complete(payment.id, { outcome });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ object: 'test_completion', steps, payment: { id: payment.id, status } });
    expect(res.body.payment.lastError?.code ?? null).toBe(errorCode);
    expect(await webhookTypes(payment.id)).toEqual(webhooks);
  });

  it('expired is the selection timer lapsing: reason selection_timeout, the clock untouched', async () => {
    const payment = await newPayment();
    const res = await api.complete(payment.id, { outcome: 'expired' });
    expect(res.body.payment).toMatchObject({ status: 'expired', failureReason: 'selection_timeout' });
    expect((await api.get('/api/v1/test/clock')).body.offsetSeconds).toBe(0);
  });

  it('pending_then_success stays authorizing until the bank answers on the test clock', async () => {
    const payment = await newPayment();
    const res = await api.complete(payment.id, { outcome: 'pending_then_success' });
    expect(res.body.payment.status).toBe('authorizing');
    expect(res.body.instrument).toMatchObject({ outcome: 'pending_then_success' });
    await api.post('/api/v1/test/clock/advance', { seconds: 5 }).expect(200);
    expect((await paymentOf(payment.id)).status).toBe('succeeded');
  });

  it('uses the method asked for: bKash gives tracking digit 7 after wallet number, OTP and PIN', async () => {
    const payment = await newPayment();
    const res = await api.complete(payment.id, { outcome: 'success', method: 'bkash' });
    expect(res.body.steps).toEqual(['select', 'confirm', 'wallet_number', 'otp', 'pin']);
    expect(res.body.instrument).toEqual({ label: 'bKash: approved', method: 'bkash', gateway: 'BKASH', outcome: 'success' });
    expect(res.body.payment.trackingNumber).toMatch(/^7/);
  });

  it('takes a gateway row, and a DBBL Visa debit card gives tracking digit 3', async () => {
    const payment = await newPayment();
    const res = await api.complete(payment.id, { instrument: { cardNumber: TEST_CARDS.dbblVisaDebit.number }, gateway: 'DBBL' });
    expect(res.body.payment.selection).toMatchObject({ method: 'visa', gateway: 'DBBL', quote: { total: '11.13' } });
    expect(res.body.payment.trackingNumber).toMatch(/^3/);
  });

  it('fails the payment after the last declined attempt, as the widget does', async () => {
    const payment = await newPayment();
    for (let attempt = 0; attempt < 3; attempt += 1) await api.complete(payment.id, { outcome: 'declined' }).expect(200);
    expect((await paymentOf(payment.id)).status).toBe('failed');
    expect(await webhookTypes(payment.id)).toEqual(['payment.attempt_failed', 'payment.attempt_failed', 'payment.failed']);
  });

  it.each([
    [{}, 'outcome'],
    [{ outcome: 'success', instrument: { cardNumber: '4111111111111111' } }, 'outcome'],
    [{ outcome: 'insufficient_funds', method: 'amex' }, 'method'],
    [{ instrument: { cardNumber: '4242424242424242' } }, 'instrument.cardNumber'],
    [{ instrument: { walletNumber: '01770618575', username: 'demo' } }, 'instrument'],
    [{ outcome: 'won' }, 'outcome'],
    [{ outcome: 'success', gateway: 'NOPE' }, 'gateway'],
  ])('refuses %j naming %s, changing nothing', async (body, field) => {
    const payment = await newPayment();
    const res = await api.complete(payment.id, body);
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe(field);
    expect((await paymentOf(payment.id)).status).toBe('awaiting_method');
    expect(await stateChanges(payment.id)).toEqual([]);
  });

  it('answers 409 naming the state when the payment has ended, and 404 for an unknown one', async () => {
    const payment = await newPayment();
    await api.complete(payment.id, { outcome: 'success' }).expect(200);
    for (const outcome of ['success', 'expired', 'cancelled']) {
      const again = await api.complete(payment.id, { outcome });
      expect(again.status).toBe(409);
      expect(again.body.currentState).toBe('succeeded');
    }
    expect((await api.complete('pay_nope', { outcome: 'success' })).status).toBe(404);
  });
});

describe('test cards and the merchant clock', () => {
  it('lists each approving card with an expiry five years ahead of today, and the expired card with its past one', async () => {
    const res = await api.get('/api/v1/test-instruments');
    const cards = res.body.data.filter((listing: { kind: string }) => listing.kind === 'card');
    const year = Number(server.clock.now().toISOString().slice(2, 4));
    expect(cards.find((card: { outcome: string }) => card.outcome === 'success').expiry).toBe(`12/${year + 5}`);
    expect(cards.find((card: { outcome: string }) => card.outcome === 'expired_card').expiry).toBe('01/20');
  });

  it('an approving card still pays after the merchant clock moves six years on', async () => {
    const merchant = merchantClient(server, (await createTestMerchant(server)).secretKey);
    // A year at a time (the most one call moves the clock).
    for (let year = 0; year < 6; year += 1) await merchant.post('/api/v1/test/clock/advance', { seconds: 366 * 86_400 }).expect(200);
    const payment = await merchant.createPayment(applicationFee());
    const done = await merchant.complete(payment.id, { outcome: 'success', method: 'visa' });
    expect(done.body.payment.status).toBe('succeeded');
  });
});
