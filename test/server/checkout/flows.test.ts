import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrackingNumber } from '../../../domain/tracking-number.js';
import { sessionViewSchema } from '../../../server/checkout/schemas.js';
import { slipSchema } from '../../../server/payments/schemas.js';
import { verifyReturnUrl } from '../../../server/webhooks/return-url.js';
import { applicationFee, checkoutClient, openCheckout, TEST_CARDS, uniqueReference } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** A session confirmed on `method`/`gateway`, waiting for its first instrument step. */
async function confirmedSession(method: string, gateway: string, body?: Record<string, unknown>) {
  const session = await openCheckout(server, body);
  expect((await session.checkout.select(method, gateway)).status).toBe(200);
  const confirmed = await session.checkout.confirm();
  expect(confirmed.body.status).toBe('authorizing');
  return { ...session, confirmed: confirmed.body };
}

function expectConflict(res: request.Response, currentState: string): void {
  expect(res.status).toBe(409);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.currentState).toBe(currentState);
  expect(res.body.detail).toContain(currentState.replace(/_/g, ' '));
}

describe('session view', () => {
  it('answers the documented shape with the seed’s gateway table for an 11.00 bill', async () => {
    const { checkout } = await openCheckout(server);
    const res = await checkout.get();
    expect(res.status).toBe(200);
    const view = sessionViewSchema.parse(res.body);
    expect(view).toMatchObject({ status: 'awaiting_method', selection: null, nextAction: null, attemptsLeft: 3, slip: null });
    expect(view.tabs.map((tab) => tab.id)).toEqual(['cards', 'mobile_banking', 'internet_banking', 'wallets']);
    const visa = view.tabs[0]?.methods.find((method) => method.id === 'visa');
    expect(visa?.gateways.map((row) => [row.id, row.quote.serviceCharge, row.quote.total])).toEqual([
      ['EBL', '0.12', '11.12'],
      ['UCBL', '0.12', '11.12'],
      ['DBBL', '0.13', '11.13'],
      ['BBL', '0.14', '11.14'],
      ['CITY', '0.17', '11.17'],
    ]);
    expect(Date.parse(view.expiresAt ?? '') - Date.parse(view.serverTime)).toBe(300_000);
  });

  it('requires the client secret (401) and hides unknown sessions (404)', async () => {
    const { payment } = await openCheckout(server);
    const missing = await request(server.baseUrl).get(`/api/v1/checkout/${payment.id}`);
    expect(missing.status).toBe(401);
    const wrong = await request(server.baseUrl)
      .get(`/api/v1/checkout/${payment.id}`)
      .set('Billpay-Client-Secret', `${payment.id}_secret_wrong`);
    expect(wrong.status).toBe(401);
    const unknown = await request(server.baseUrl).get('/api/v1/checkout/pay_unknown').set('Billpay-Client-Secret', 'x');
    expect(unknown.status).toBe(404);
  });

  it('answers CORS for any origin, with a preflight that allows the client-secret header', async () => {
    const { payment } = await openCheckout(server);
    const preflight = await request(server.baseUrl)
      .options(`/api/v1/checkout/${payment.id}/select`)
      .set('Origin', 'https://portal.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type, billpay-client-secret');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-headers']).toContain('Billpay-Client-Secret');
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    const get = await checkoutClient(server, payment).get().set('Origin', 'https://portal.example');
    expect(get.headers['access-control-allow-origin']).toBe('*');
    const merchantApi = await request(server.baseUrl).get('/api/v1/payments/x').set('Origin', 'https://portal.example');
    expect(merchantApi.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('select and confirm', () => {
  it('select moves to awaiting_confirmation, and can change the row until confirm', async () => {
    const { checkout } = await openCheckout(server);
    const first = await checkout.select('visa', 'CITY');
    expect(first.body).toMatchObject({ status: 'awaiting_confirmation', selection: { method: 'visa', gateway: 'CITY', quote: { total: '11.17' } } });
    const changed = await checkout.select('bkash', 'BKASH');
    expect(changed.body).toMatchObject({ status: 'awaiting_confirmation', selection: { method: 'bkash', gateway: 'BKASH' } });
  });

  it.each([
    [{ method: 'paypal', gateway: 'EBL' }, 'method'],
    [{ method: 'amex', gateway: 'EBL' }, 'gateway'],
  ])('refuses an unknown row %j with 422 naming %s', async (choice, field) => {
    const { checkout } = await openCheckout(server);
    const res = await checkout.select(choice.method, choice.gateway);
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field, rule: 'unknown' });
  });

  it('confirm is illegal before a selection (409 awaiting_method)', async () => {
    const { checkout } = await openCheckout(server);
    expectConflict(await checkout.confirm(), 'awaiting_method');
  });

  it.each([
    ['visa', 'EBL', { type: 'card' }],
    ['bkash', 'BKASH', { type: 'wallet_number', provider: 'bkash' }],
    ['city_ib', 'CITY', { type: 'bank_login', provider: 'city_ib' }],
    ['dmoney', 'DMONEY', { type: 'wallet_number', provider: 'dmoney' }],
  ])('confirm on %s answers nextAction %j', async (method, gateway, nextAction) => {
    const { confirmed } = await confirmedSession(method, gateway);
    expect(confirmed.nextAction).toEqual(nextAction);
  });

  it('select and confirm are illegal once authorizing (409 authorizing)', async () => {
    const { checkout } = await confirmedSession('visa', 'EBL');
    expectConflict(await checkout.select('visa', 'CITY'), 'authorizing');
    expectConflict(await checkout.confirm(), 'authorizing');
  });

  it('authorize is illegal before confirm (409 naming the state)', async () => {
    const { checkout } = await openCheckout(server);
    expectConflict(await checkout.authorize({ otp: '123456' }), 'awaiting_method');
    await checkout.select('visa', 'EBL');
    expectConflict(await checkout.authorize({ card: TEST_CARDS.visaSuccess }), 'awaiting_confirmation');
  });
});

describe('cards', () => {
  it.each([
    ['visa', 'EBL', TEST_CARDS.visaSuccess, 4, 'VISA •••• 1111'],
    ['visa', 'DBBL', TEST_CARDS.dbblVisaDebit, 3, 'VISA •••• 0009'],
    ['mastercard', 'DBBL', TEST_CARDS.dbblMasterDebit, 2, 'MasterCard •••• 8210'],
    ['amex', 'CITY', TEST_CARDS.amexSuccess, 8, 'AMEX •••• 0005'],
    ['nexus', 'DBBL', TEST_CARDS.nexusSuccess, 1, 'Nexus •••• 0001'],
  ])('%s via %s succeeds with card-type digit %i and slip instrument %s', async (method, gateway, card, digit, masked) => {
    const { payment, checkout } = await confirmedSession(method, gateway);
    const res = await checkout.authorize({ card });
    expect(res.status).toBe(200);
    const view = sessionViewSchema.parse(res.body);
    expect(view.status).toBe('succeeded');
    const slip = slipSchema.parse(view.slip);
    const tracking = parseTrackingNumber(slip.trackingNumber);
    expect(tracking.cardType).toBe(digit);
    expect(tracking.officeCode).toBe('305');
    expect(slip.trackingNumber).toMatch(/^\d{19}\|1\|1$/);
    expect(slip).toMatchObject({
      paymentId: payment.id,
      instrument: masked,
      paidAt: '2026-11-22T06:42:00.000Z',
      paidAtDhaka: '2026-11-22 12:42:00',
      htmlUrl: expect.stringMatching(new RegExp(`^${server.baseUrl}/slips/${payment.id}\\.html\\?token=[\\w-]{22}$`)),
      verifyUrl: `${server.baseUrl}/verify/${encodeURIComponent(slip.trackingNumber)}?token=${new URL(slip.htmlUrl).searchParams.get('token')}`,
    });
    expect(JSON.stringify(res.body)).not.toContain(card.number);
    const slipRes = await checkout.slip();
    expect(slipRes.body).toEqual(slip);
    expectConflict(await checkout.cancel(), 'succeeded');
  });

  it.each([
    [TEST_CARDS.visaDeclined, 'card_declined'],
    [TEST_CARDS.visaInsufficient, 'insufficient_funds'],
    [TEST_CARDS.visaExpired, 'expired_card'],
    [{ number: '4242424242424242', expiry: '12/30', cvc: '123' }, 'unknown_test_card'],
  ])('a declined card (%j) returns to awaiting_method with lastError %s and one attempt less', async (card, code) => {
    const { checkout } = await confirmedSession('visa', 'EBL');
    const res = await checkout.authorize({ card });
    expect(res.body).toMatchObject({ status: 'awaiting_method', attemptsLeft: 2, selection: null, nextAction: null, lastError: { code } });
    if (code === 'unknown_test_card') expect(res.body.lastError.message).toContain('/api/v1/test-instruments');
  });

  it('any test card is declined as expired when its expiry has passed on the merchant clock', async () => {
    const { checkout } = await confirmedSession('visa', 'EBL');
    const res = await checkout.authorize({ card: { ...TEST_CARDS.visaSuccess, expiry: '10/26' } });
    expect(res.body.lastError).toMatchObject({ code: 'expired_card' });
    const { checkout: thisMonth } = await confirmedSession('visa', 'EBL');
    expect((await thisMonth.authorize({ card: { ...TEST_CARDS.visaSuccess, expiry: '11/26' } })).body.status).toBe('succeeded');
  });

  it.each([
    [{ ...TEST_CARDS.visaSuccess, number: '4111111111111112' }, 'card.number', 'luhn'],
    [TEST_CARDS.dbblMasterDebit, 'card.number', 'brand_mismatch'],
    [{ ...TEST_CARDS.visaSuccess, cvc: '12' }, 'card.cvc', 'length'],
    [{ ...TEST_CARDS.visaSuccess, expiry: '13/30' }, 'card.expiry', 'format'],
    [{ number: '4111111111111111' }, 'card.expiry', 'invalid_type'],
  ])('refuses malformed card data %j with 422 %s/%s, and keeps the step', async (card, field, rule) => {
    const { checkout } = await confirmedSession('visa', 'EBL');
    const res = await checkout.authorize({ card });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field, rule });
    expect((await checkout.get()).body).toMatchObject({ status: 'authorizing', nextAction: { type: 'card' }, attemptsLeft: 3 });
  });

  it('wants a 4-digit CVC on Amex', async () => {
    const { checkout } = await confirmedSession('amex', 'CITY');
    const res = await checkout.authorize({ card: { ...TEST_CARDS.amexSuccess, cvc: '123' } });
    expect(res.body.errors[0]).toMatchObject({ field: 'card.cvc', rule: 'length' });
  });

  it('refuses the fields of another step (422 wrong_step)', async () => {
    const { checkout } = await confirmedSession('visa', 'EBL');
    const res = await checkout.authorize({ otp: '123456' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: 'otp', rule: 'wrong_step' });
  });

  it('fails the payment after the third declined attempt', async () => {
    const { checkout } = await openCheckout(server);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await checkout.select('visa', 'CITY');
      await checkout.confirm();
      const res = await checkout.authorize({ card: TEST_CARDS.visaDeclined });
      const expected = attempt < 3 ? { status: 'awaiting_method', attemptsLeft: 3 - attempt } : { status: 'failed', attemptsLeft: 0 };
      expect(res.body).toMatchObject(expected);
    }
    const merchantView = await request(server.baseUrl)
      .get(`/api/v1/payments/${(await checkout.get()).body.id}`)
      .set('Authorization', 'Bearer sk_test_wzpdco_demo');
    expect(merchantView.body).toMatchObject({ status: 'failed', failureReason: 'card_declined' });
    expectConflict(await checkout.select('visa', 'EBL'), 'failed');
  });

  it('slip is 404 until the payment succeeds', async () => {
    const { checkout } = await openCheckout(server);
    const res = await checkout.slip();
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain('awaiting_method');
  });
});

describe('mobile banking, wallets and internet banking', () => {
  it('bKash: wallet number, OTP 123456, PIN 12121 -> succeeded with digit 7 and a masked wallet', async () => {
    const { checkout } = await confirmedSession('bkash', 'BKASH');
    const otp = await checkout.authorize({ walletNumber: '01770-618575' });
    expect(otp.body).toMatchObject({ status: 'authorizing', nextAction: { type: 'otp', provider: 'bkash' } });
    const pin = await checkout.authorize({ otp: '১২৩৪৫৬' });
    expect(pin.body.nextAction).toEqual({ type: 'pin', provider: 'bkash' });
    const done = await checkout.authorize({ pin: '12121' });
    expect(done.body.status).toBe('succeeded');
    expect(done.body.slip.instrument).toBe('bKash 017•••••575');
    expect(parseTrackingNumber(done.body.slip.trackingNumber.split('|')[0]).cardType).toBe(7);
  });

  it('Rocket succeeds with digit 6', async () => {
    const { checkout } = await confirmedSession('rocket', 'ROCKET');
    await checkout.authorize({ walletNumber: '01711000001' });
    await checkout.authorize({ otp: '123456' });
    const done = await checkout.authorize({ pin: '1234' });
    expect(done.body.status).toBe('succeeded');
    expect(done.body.slip.trackingNumber.startsWith('6')).toBe(true);
  });

  it('bKash insufficient balance declines the attempt after the PIN', async () => {
    const { checkout } = await confirmedSession('bkash', 'BKASH');
    await checkout.authorize({ walletNumber: '01823074817' });
    await checkout.authorize({ otp: '123456' });
    const res = await checkout.authorize({ pin: '12121' });
    expect(res.body).toMatchObject({ status: 'awaiting_method', lastError: { code: 'insufficient_funds' } });
  });

  it('a wrong OTP counts down triesLeft; the third fails the attempt', async () => {
    const { checkout } = await confirmedSession('bkash', 'BKASH');
    await checkout.authorize({ walletNumber: '01770618575' });
    const first = await checkout.authorize({ otp: '000000' });
    expect(first.body).toMatchObject({ status: 'authorizing', nextAction: { type: 'otp' }, lastError: { code: 'wrong_otp', triesLeft: 2 } });
    const second = await checkout.authorize({ otp: '000000' });
    expect(second.body.lastError).toMatchObject({ code: 'wrong_otp', triesLeft: 1 });
    const third = await checkout.authorize({ otp: '000000' });
    expect(third.body).toMatchObject({ status: 'awaiting_method', attemptsLeft: 2, lastError: { code: 'wrong_otp' } });
  });

  it('a wrong PIN three times fails the attempt; a right one in between clears the error', async () => {
    const { checkout } = await confirmedSession('bkash', 'BKASH');
    await checkout.authorize({ walletNumber: '01770618575' });
    await checkout.authorize({ otp: '123456' });
    expect((await checkout.authorize({ pin: '11111' })).body.lastError).toMatchObject({ code: 'wrong_pin', triesLeft: 2 });
    expect((await checkout.authorize({ pin: '11111' })).body.lastError).toMatchObject({ code: 'wrong_pin', triesLeft: 1 });
    expect((await checkout.authorize({ pin: '11111' })).body).toMatchObject({ status: 'awaiting_method', lastError: { code: 'wrong_pin' } });
  });

  it('an unknown wallet number is declined; a malformed one is a 422', async () => {
    const { checkout } = await confirmedSession('bkash', 'BKASH');
    const bad = await checkout.authorize({ walletNumber: '12345' });
    expect(bad.body.errors[0]).toMatchObject({ field: 'walletNumber', rule: 'format' });
    const unknown = await checkout.authorize({ walletNumber: '01799999999' });
    expect(unknown.body).toMatchObject({ status: 'awaiting_method', lastError: { code: 'unknown_test_account' } });
  });

  it('Dmoney wallet succeeds with digit 9', async () => {
    const { checkout } = await confirmedSession('dmoney', 'DMONEY');
    await checkout.authorize({ walletNumber: '01811000005' });
    await checkout.authorize({ otp: '123456' });
    const done = await checkout.authorize({ pin: '1234' });
    expect(done.body.slip.trackingNumber.startsWith('9')).toBe(true);
  });

  it('internet banking: login then OTP; a wrong password counts tries', async () => {
    const { checkout } = await confirmedSession('city_ib', 'CITY');
    const wrong = await checkout.authorize({ username: 'demo', password: 'nope' });
    expect(wrong.body).toMatchObject({ nextAction: { type: 'bank_login' }, lastError: { code: 'invalid_login', triesLeft: 2 } });
    const otp = await checkout.authorize({ username: 'demo', password: 'demo1234' });
    expect(otp.body).toMatchObject({ nextAction: { type: 'otp', provider: 'city_ib' }, lastError: null });
    const done = await checkout.authorize({ otp: '123456' });
    expect(done.body).toMatchObject({ status: 'succeeded', slip: { instrument: 'Citytouch d•••', amounts: { convenienceFee: '2.00', discount: '2.00' } } });
  });

  it('a bank login with only a user name is a 422 naming password', async () => {
    const { checkout } = await confirmedSession('ebl_ib', 'EBL');
    const res = await checkout.authorize({ username: 'demo' });
    expect(res.body.errors[0]).toMatchObject({ field: 'password', rule: 'required' });
  });
});

describe('cancel and the way back to the merchant', () => {
  it.each(['awaiting_method', 'awaiting_confirmation', 'authorizing'])('the customer can cancel from %s', async (state) => {
    const { checkout } = await openCheckout(server);
    if (state !== 'awaiting_method') await checkout.select('visa', 'EBL');
    if (state === 'authorizing') await checkout.confirm();
    expect((await checkout.get()).body.status).toBe(state);
    const res = await checkout.cancel();
    expect(res.body).toMatchObject({ status: 'cancelled', expiresAt: null, nextAction: null });
    expectConflict(await checkout.cancel(), 'cancelled');
    expectConflict(await checkout.select('visa', 'EBL'), 'cancelled');
  });

  it('a terminal session carries a signed returnUrl to the matching merchant URL', async () => {
    const reference = uniqueReference('return');
    const { payment, checkout } = await openCheckout(server, 
      applicationFee({
        reference,
        returnUrls: { success: 'https://portal.example/paid?x=1', fail: 'https://portal.example/failed', cancel: 'https://portal.example/cancelled' },
      }),
    );
    expect((await checkout.get()).body.returnUrl).toBeNull();
    const cancelled = await checkout.cancel();
    const url = new URL(cancelled.body.returnUrl);
    expect(`${url.origin}${url.pathname}`).toBe('https://portal.example/cancelled');
    const verified = verifyReturnUrl(url.toString(), 'whsec_wzpdco_demo', { now: server.clock.now() });
    expect(verified).toMatchObject({ paymentId: payment.id, reference, status: 'cancelled' });
  });

  it("signs the returnUrl with the real clock, not the merchant's shifted test clock", async () => {
    const { checkout } = await openCheckout(server, applicationFee({ returnUrls: { cancel: 'https://portal.example/cancelled' } }));
    await checkout.cancel();
    const { clocks } = server.services;
    await server.deps.store.transact((tx) => clocks.advance(tx, 'wzpdco', 2 * 60 * 60 * 1000));
    try {
      const url = (await checkout.get()).body.returnUrl as string;
      // The merchant verifies against its own wall clock, which the test clock does not move.
      expect(verifyReturnUrl(url, 'whsec_wzpdco_demo', { now: server.clock.now() })).toMatchObject({ status: 'cancelled' });
    } finally {
      await server.deps.store.transact((tx) => clocks.reset(tx, 'wzpdco'));
    }
  });

  it('no returnUrl when the merchant gave none', async () => {
    const { checkout } = await openCheckout(server);
    expect((await checkout.cancel()).body.returnUrl).toBeNull();
  });
});
