import request from 'supertest';
import { toBanglaDigits } from '../../../domain/digits.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdPaymentSchema, paymentListSchema, paymentViewSchema } from '../../../server/payments/schemas.js';
import {
  applicationFee,
  checkoutClient,
  createPayment,
  descoBill,
  DESCO_KEY,
  TEST_CARDS,
  uniqueReference,
  WZPDCO_KEY,
} from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const post = (body: unknown, key = WZPDCO_KEY) =>
  request(server.baseUrl).post('/api/v1/payments').set('Authorization', `Bearer ${key}`).send(body as object);

function expectFieldError(res: request.Response, field: string, rule: string): void {
  expect(res.status).toBe(422);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.errors).toContainEqual(expect.objectContaining({ field, rule }));
}

describe('POST /api/v1/payments', () => {
  it('creates a DESCO postpaid bill payment with the amounts, timer, checkout URL and client secret', async () => {
    const res = await post(descoBill({ lateFee: '0.55', customer: { name: 'Ayesha Rahman' } }), DESCO_KEY);
    expect(res.status).toBe(201);
    const payment = createdPaymentSchema.parse(res.body);
    expect(payment).toMatchObject({
      merchantId: 'desco',
      status: 'awaiting_method',
      amount: '11.00',
      lateFee: '0.55',
      amountDue: '11.55',
      bill: { accountNo: '12345678', billNo: '062212345678', billMonth: '2022-06', officeCode: '901' },
      customer: { name: 'Ayesha Rahman' },
      expiresAt: '2026-11-22T06:47:00.000Z',
      attemptsLeft: 3,
    });
    expect(payment.checkoutUrl).toBe(`${server.baseUrl}/checkout/${payment.id}`);
    expect(payment.clientSecret.startsWith(`${payment.id}_secret_`)).toBe(true);
    expect(res.headers.location).toBe(`/api/v1/payments/${payment.id}`);
  });

  it('creates a WZPDCO bill payment with the 13-digit layout (Bangla digits accepted)', async () => {
    const res = await post({
      purpose: 'postpaid_bill',
      reference: uniqueReference(),
      amount: '১২০.৫',
      accountNo: '104231245',
      billNo: '২২০১১০৪২৩১২৪৫',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      amount: '120.50',
      bill: { accountNo: '104231245', billNo: '2201104231245', billMonth: '2022-01', officeCode: '104' },
    });
  });

  it('creates a prepaid recharge, taking the office from the meter’s account in the fixtures', async () => {
    const res = await post(
      { purpose: 'prepaid_recharge', reference: uniqueReference(), amount: '500', meterNo: '060151234567' },
      DESCO_KEY,
    );
    expect(res.status).toBe(201);
    expect(res.body.bill).toMatchObject({ meterNo: '060151234567', officeCode: '903', accountNo: null });
  });

  it.each([
    ['application_fee', 1],
    ['demand_note', 2],
    ['estimate', 3],
  ])('creates a %s with cost head %i', async (purpose, costHead) => {
    const res = await post(applicationFee({ purpose, meterSerial: 2 }));
    expect(res.status).toBe(201);
    expect(res.body.bill).toMatchObject({ officeCode: '305', meterSerial: 2, costHead });
  });

  it.each([
    ['bill of another account', { billNo: '062287654321' }, 'billNo', 'account_mismatch'],
    ['month 13', { billNo: '132212345678' }, 'billNo', 'month_range'],
    ['WZPDCO layout at DESCO', { accountNo: '104231245', billNo: '2202104231245' }, 'accountNo', 'length'],
    ['amount as a number', { amount: 11 }, 'amount', 'invalid_type'],
    ['amount with 3 decimals', { amount: '11.005' }, 'amount', 'scale'],
    ['negative late fee', { lateFee: '-1.00' }, 'lateFee', 'negative'],
    ['zero amount', { amount: '0.00' }, 'amount', 'zero'],
    ['missing bill number', { billNo: undefined }, 'billNo', 'required'],
    ['a meter on a bill payment', { meterNo: '060151234567' }, 'meterNo', 'not_allowed'],
    ['an office that is not the account’s', { officeCode: '999' }, 'officeCode', 'account_mismatch'],
    ['an unknown purpose', { purpose: 'donation' }, 'purpose', 'invalid_value'],
    ['an unknown field', { colour: 'red' }, 'body', 'unrecognized_keys'],
    ['a javascript: return URL', { returnUrls: { success: 'javascript:alert(1)' } }, 'returnUrls.success', 'invalid_format'],
  ])('refuses %s with 422 naming field and rule', async (_name, override, field, rule) => {
    expectFieldError(await post(descoBill(override), DESCO_KEY), field, rule);
  });

  it('refuses a meter of another utility', async () => {
    const res = await post({ purpose: 'prepaid_recharge', reference: uniqueReference(), amount: '100', meterNo: '050350143117' }, DESCO_KEY);
    expectFieldError(res, 'meterNo', 'utility_mismatch');
  });

  it('answers 401 problems without a valid key', async () => {
    const none = await request(server.baseUrl).post('/api/v1/payments').send(applicationFee());
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await post(applicationFee(), 'sk_test_nobody');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('refuses a reference the merchant already used (409)', async () => {
    const body = applicationFee();
    await createPayment(server, body);
    const again = await post({ ...body, amount: '12.00' });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain(String(body.reference));
  });

  it('gives creates sent together (one group commit) their own outcomes: one reference, one payment', async () => {
    const reference = uniqueReference('together');
    const others = Array.from({ length: 5 }, () => post(applicationFee()));
    const same = Array.from({ length: 5 }, () => post(applicationFee({ reference })));
    const [othersDone, sameDone] = await Promise.all([Promise.all(others), Promise.all(same)]);
    expect(othersDone.map((res) => res.status)).toEqual([201, 201, 201, 201, 201]);
    expect(sameDone.filter((res) => res.status === 201)).toHaveLength(1);
    expect(sameDone.filter((res) => res.status === 409)).toHaveLength(4);
    const listed = await request(server.baseUrl)
      .get('/api/v1/payments')
      .query({ reference })
      .set('Authorization', `Bearer ${WZPDCO_KEY}`);
    expect(listed.body.data.map((payment: { id: string }) => payment.id)).toEqual([
      sameDone.find((res) => res.status === 201)?.body.id,
    ]);
  });

  it('lets another merchant use the same reference', async () => {
    const reference = uniqueReference('shared');
    await createPayment(server, applicationFee({ reference }));
    const desco = await post({ ...applicationFee({ reference }), officeCode: '123' }, DESCO_KEY);
    expect(desco.status).toBe(201);
  });
});

describe('paying a bill twice', () => {
  it('refuses a bill the fixtures show as paid', async () => {
    const res = await post(descoBill({ billNo: '012212345678' }), DESCO_KEY);
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('already paid');
  });

  it('refuses a bill with a payment in progress, and frees it when that payment is cancelled', async () => {
    const wzpdcoBill = { purpose: 'postpaid_bill', amount: '90.00', accountNo: '104231245', billNo: '2203104231245' };
    const first = await createPayment(server, { ...wzpdcoBill, reference: uniqueReference() });
    const second = await post({ ...wzpdcoBill, reference: uniqueReference() });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ currentState: 'awaiting_method', paymentId: first.id });

    await request(server.baseUrl).post(`/api/v1/payments/${first.id}/cancel`).set('Authorization', `Bearer ${WZPDCO_KEY}`);
    const third = await post({ ...wzpdcoBill, reference: uniqueReference() });
    expect(third.status).toBe(201);
  });

  it('refuses a bill already paid through the simulator', async () => {
    const bill = { purpose: 'postpaid_bill', amount: '90.00', accountNo: '104231245', billNo: '2204104231245' };
    const paid = await createPayment(server, { ...bill, reference: uniqueReference() });
    const checkout = checkoutClient(server, paid);
    await checkout.select('visa', 'EBL');
    await checkout.confirm();
    expect((await checkout.authorize({ card: TEST_CARDS.visaSuccess })).body.status).toBe('succeeded');
    const again = await post({ ...bill, reference: uniqueReference() });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ currentState: 'succeeded', paymentId: paid.id });
  });
});

describe('GET /api/v1/payments/:id, ?reference=, POST …/cancel', () => {
  const get = (path: string, key = WZPDCO_KEY) => request(server.baseUrl).get(path).set('Authorization', `Bearer ${key}`);

  it('reads a payment back as the documented view', async () => {
    const created = await createPayment(server);
    const res = await get(`/api/v1/payments/${created.id}`);
    expect(res.status).toBe(200);
    const view = paymentViewSchema.parse(res.body);
    expect(view.id).toBe(created.id);
    expect(res.body).not.toHaveProperty('clientSecret');
  });

  it('finds a payment by reference, and answers an empty list for an unknown one', async () => {
    const created = await createPayment(server);
    const found = await get(`/api/v1/payments?reference=${encodeURIComponent(String(created.reference))}`);
    expect(paymentListSchema.parse(found.body).data.map((p) => p.id)).toEqual([created.id]);
    const none = await get('/api/v1/payments?reference=does-not-exist');
    expect(none.body).toEqual({ object: 'list', data: [] });
    const missing = await get('/api/v1/payments');
    expectFieldError(missing, 'reference', 'custom');
  });

  it('finds the payment holding a bill by its number (Bangla digits too), and answers an empty list for a bill nobody pays', async () => {
    const billNo = '2209104231245';
    const created = await createPayment(server, { purpose: 'postpaid_bill', amount: '90.00', accountNo: '104231245', billNo, reference: uniqueReference() });
    for (const query of [billNo, toBanglaDigits(billNo)]) {
      const found = await get(`/api/v1/payments?billNo=${encodeURIComponent(query)}`);
      expect(paymentListSchema.parse(found.body).data.map((p) => p.id)).toEqual([created.id]);
    }
    expect((await get('/api/v1/payments?billNo=2210104231245')).body).toEqual({ object: 'list', data: [] });
    const both = await get(`/api/v1/payments?billNo=${billNo}&reference=x`);
    expectFieldError(both, 'reference', 'custom');
  });

  it("hides another merchant's payment as 404", async () => {
    const created = await createPayment(server);
    expect((await get(`/api/v1/payments/${created.id}`, DESCO_KEY)).status).toBe(404);
    const cancel = await request(server.baseUrl)
      .post(`/api/v1/payments/${created.id}/cancel`)
      .set('Authorization', `Bearer ${DESCO_KEY}`);
    expect(cancel.status).toBe(404);
    expect((await get(`/api/v1/payments/pay_nope`)).status).toBe(404);
  });

  it('cancels an open payment once; a second cancel is a 409 naming the state', async () => {
    const created = await createPayment(server);
    const cancel = () =>
      request(server.baseUrl).post(`/api/v1/payments/${created.id}/cancel`).set('Authorization', `Bearer ${WZPDCO_KEY}`);
    const first = await cancel();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'cancelled', failureReason: 'cancelled_by_merchant', expiresAt: null });
    const second = await cancel();
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ status: 409, currentState: 'cancelled' });
  });
});
