import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutClient, createPayment, TEST_CARDS } from '../../../helpers/api.js';
import { startTestServer, type TestServer } from '../../../helpers/server.js';

/**
 * SSLCommerz's published sandbox instruments (research 2.6) in the checkout, beside ours: cards
 * 4111111111111111, 5111111111111111 and 371111111111111 with CVV 111 and any future expiry
 * (two of them fail the Luhn check, the Amex CVV has three digits), OTP 111111 or 123456.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function pay(method: string, gateway: string, step: Record<string, unknown>) {
  const checkout = checkoutClient(server, await createPayment(server));
  await checkout.select(method, gateway).expect(200);
  await checkout.confirm().expect(200);
  return checkout.authorize(step);
}

describe("SSLCommerz's sandbox instruments", () => {
  it.each([
    ['visa', 'EBL', '4111111111111111'],
    ['mastercard', 'BBL', '5111111111111111'],
    ['amex', 'CITY', '371111111111111'],
  ])('pays %s with %s %s, CVV 111, any future expiry', async (method, gateway, number) => {
    const res = await pay(method, gateway, { card: { number, expiry: '01/35', cvc: '111', holder: 'Sandbox' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('succeeded');
  });

  it('keeps our own rules for other cards: the Luhn check, and four CVC digits on Amex', async () => {
    const luhn = await pay('mastercard', 'BBL', { card: { number: '5111111111111112', expiry: '01/35', cvc: '111' } });
    expect(luhn.body.errors[0]).toMatchObject({ field: 'card.number', rule: 'luhn' });
    const amex = await pay('amex', 'CITY', { card: { ...TEST_CARDS.amexSuccess, cvc: '111' } });
    expect(amex.body.errors[0]).toMatchObject({ field: 'card.cvc', rule: 'length' });
  });

  it.each(['111111', '123456'])('takes OTP %s for a wallet and a bank login', async (otp) => {
    const wallet = checkoutClient(server, await createPayment(server));
    await wallet.select('bkash', 'BKASH').expect(200);
    await wallet.confirm().expect(200);
    await wallet.authorize({ walletNumber: '01770618575' }).expect(200);
    expect((await wallet.authorize({ otp })).body.nextAction).toMatchObject({ type: 'pin' });
    expect((await wallet.authorize({ pin: '12121' })).body.status).toBe('succeeded');

    const bank = checkoutClient(server, await createPayment(server));
    await bank.select('city_ib', 'CITY').expect(200);
    await bank.confirm().expect(200);
    await bank.authorize({ username: 'demo', password: 'demo1234' }).expect(200);
    expect((await bank.authorize({ otp })).body.status).toBe('succeeded');
  });

  it('still refuses any other OTP', async () => {
    const wallet = checkoutClient(server, await createPayment(server));
    await wallet.select('bkash', 'BKASH').expect(200);
    await wallet.confirm().expect(200);
    await wallet.authorize({ walletNumber: '01770618575' }).expect(200);
    expect((await wallet.authorize({ otp: '222222' })).body.lastError).toMatchObject({ code: 'wrong_otp' });
  });
});
