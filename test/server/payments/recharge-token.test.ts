import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { energyForRecharge } from '../../../domain/prepaid-tariff.js';
import { groupToken, rechargeTokenDigits } from '../../../server/payments/recharge-token.js';
import { paymentViewSchema } from '../../../server/payments/schemas.js';
import { checkoutClient, createPayment, TEST_CARDS, uniqueReference, WZPDCO_KEY } from '../../helpers/api.js';
import { startTestServer, testFixtures, type TestServer } from '../../helpers/server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

/**
 * A prepaid recharge's token: 20 digits, deterministic from the payment id (simulated, see
 * server/payments/recharge-token.ts), with the kWh the amount buys under the fixtures' tariff; on
 * the merchant API, in the webhook, and on the slip (JSON, HTML, PDF).
 */

let server: TestServer;
let receiver: WebhookReceiver;
const tariff = testFixtures().settings.prepaidTariff;

beforeAll(async () => {
  [server, receiver] = await Promise.all([startTestServer({ webhooks: true }), startWebhookReceiver()]);
});
afterAll(async () => {
  await Promise.all([server?.close(), receiver?.close()]);
});

async function paidRecharge(amount: string) {
  const created = await createPayment(server, {
    purpose: 'prepaid_recharge',
    reference: uniqueReference('recharge'),
    amount,
    meterNo: '050350143117',
    webhookUrl: receiver.url,
  });
  const checkout = checkoutClient(server, created);
  await checkout.select('visa', 'EBL');
  await checkout.confirm();
  expect((await checkout.authorize({ card: TEST_CARDS.visaSuccess })).body.status).toBe('succeeded');
  const view = await request(server.baseUrl).get(`/api/v1/payments/${created.id}`).set('Authorization', `Bearer ${WZPDCO_KEY}`);
  return { id: created.id, view: paymentViewSchema.parse(view.body) };
}

describe('recharge token', () => {
  it('is 20 digits, grouped in fours, the same for the same payment id and different for another', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ minLength: 1, maxLength: 40 }), (a, b) => {
        const token = rechargeTokenDigits(a);
        expect(token).toMatch(/^\d{20}$/);
        expect(rechargeTokenDigits(a)).toBe(token);
        expect(groupToken(token)).toMatch(/^\d{4}(-\d{4}){4}$/);
        expect(groupToken(token).replaceAll('-', '')).toBe(token);
        if (a !== b) expect(rechargeTokenDigits(b)).not.toBe(token);
      }),
    );
  });

  it('is on the merchant API and the slip of a succeeded recharge, with the energy under the tariff', async () => {
    const { id, view } = await paidRecharge('500.00');
    const token = rechargeTokenDigits(id);
    const expected = { token, tokenGrouped: groupToken(token), energyKwh: '63.49', tariff, simulated: true };
    expect(view.recharge).toEqual(expected);
    expect(view.slip?.recharge).toEqual(expected);

    const html = await request(server.baseUrl).get(new URL(view.slip?.htmlUrl ?? '').pathname + new URL(view.slip?.htmlUrl ?? '').search);
    expect(html.text).toContain(groupToken(token));
    expect(html.text).toContain('63.49 kWh');
    const bn = await request(server.baseUrl).get(`${new URL(view.slip?.htmlUrl ?? '').pathname}${new URL(view.slip?.htmlUrl ?? '').search}&lang=bn`);
    expect(bn.text).toContain('রিচার্জ টোকেন');
  });

  it('is in the signed webhook of the recharge', async () => {
    const { id } = await paidRecharge('1250.00');
    const bodies = async () =>
      receiver.requests.map((r) => JSON.parse(r.rawBody) as { data: { payment: { id: string; status: string; recharge: unknown } } });
    await expect
      .poll(async () => (await bodies()).find((e) => e.data.payment.id === id && e.data.payment.status === 'succeeded')?.data.payment.recharge, { timeout: 10_000 })
      .toMatchObject({ token: rechargeTokenDigits(id), energyKwh: energyForRecharge('1250.00', tariff) });
  });

  it('is null for a payment that is not a recharge, and before the recharge succeeds', async () => {
    const created = await createPayment(server, { purpose: 'prepaid_recharge', reference: uniqueReference(), amount: '100.00', meterNo: '050350143117' });
    expect(created.recharge).toBeNull();
    const fee = await createPayment(server);
    expect(fee.recharge).toBeNull();
  });
});
