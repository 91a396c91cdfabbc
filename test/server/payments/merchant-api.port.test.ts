/**
 * The merchant API's creates on the storage port, on each engine: one unit per create, whose
 * insert lets the unique indexes decide (a reference or a bill asked for at once by several
 * requests goes to one, the others get the 409 naming it), an Idempotency-Key repeated at once
 * (one payment, the first answer replayed), and a bill whose holder lapsed unnoticed.
 */
import { expect, it } from 'vitest';
import { ManualClock, MerchantClocks } from '../../../server/clock.js';
import { BillDirectory } from '../../../server/payments/bill-directory.js';
import { MerchantApi } from '../../../server/payments/merchant-api.js';
import type { Merchant } from '../../../server/payments/merchants.js';
import type { CreatePaymentBody } from '../../../server/payments/schemas.js';
import { PaymentService } from '../../../server/payments/service.js';
import type { PaymentView, ViewNames } from '../../../server/payments/view.js';
import { NO_REFUNDS } from '../../../server/refunds/view.js';
import type { Store } from '../../../server/storage/port.js';
import { describeEachStore, seedTestMerchant } from '../storage/contract/stores.js';
import { unique } from '../storage/contract/payments.fixtures.js';

const SELECTION_MS = 300_000;
const BASE_URL = 'http://127.0.0.1:4010';

const names = new Proxy({}, { get: (_target, property) => (property === 'prepaidTariff' ? undefined : (id: string) => id) }) as ViewNames;

function services(store: Store) {
  const clock = new ManualClock('2026-12-05T06:00:00.000Z');
  const payments = new PaymentService({
    store,
    clocks: new MerchantClocks(clock),
    timing: { selectionMs: SELECTION_MS, authorizationMs: 120_000, maxAttempts: 3 },
    toView: (payment) => ({ id: payment.id }) as PaymentView,
    cardTypeDigit: () => 4,
  });
  const summaries: string[] = [];
  const api = new MerchantApi({
    payments,
    bills: new BillDirectory([], []),
    names,
    refunds: {
      summaryFor: async (_tx, payment) => {
        summaries.push(payment.id);
        return NO_REFUNDS;
      },
    },
  });
  return { clock, payments, api, summaries };
}

const merchantOf = (store: Store): Promise<Merchant> => store.transact((tx) => seedTestMerchant(tx));

const fee = (fields: Record<string, unknown> = {}) =>
  ({ purpose: 'application_fee', reference: `fee-${unique()}`, amount: '11.00', officeCode: '305', meterSerial: 1, ...fields }) as CreatePaymentBody;

/** A postpaid bill of the test merchant's ("standard" layout: the bill number is the month, then the account). */
const bill = (accountNo: string) =>
  ({ purpose: 'postpaid_bill', reference: `bill-${unique()}`, amount: '90.00', accountNo, billNo: `2207${accountNo}` }) as CreatePaymentBody;

describeEachStore('MerchantApi', ({ store }) => {
  it('creates a payment in one unit, and reads, finds and cancels it', async () => {
    const { api } = services(store());
    const merchant = await merchantOf(store());
    const body = fee();
    const created = await api.create(merchant, { body, idempotencyKey: undefined, baseUrl: BASE_URL });
    expect(created.status).toBe(201);
    const view = created.body as PaymentView & { checkoutUrl: string; clientSecret: string };
    expect(view).toMatchObject({ status: 'awaiting_method', reference: body.reference, checkoutUrl: `${BASE_URL}/checkout/${view.id}` });
    expect(created.headers).toEqual({ Location: `/api/v1/payments/${view.id}` });

    expect(await api.get(merchant, view.id)).toMatchObject({ id: view.id, status: 'awaiting_method' });
    await expect(api.get({ ...merchant, id: 'someone_else' }, view.id)).rejects.toMatchObject({ status: 404 });
    expect((await api.find(merchant, { reference: body.reference })).data.map((found) => found.id)).toEqual([view.id]);
    expect((await api.find(merchant, { reference: 'nobody' })).data).toEqual([]);
    expect(await api.cancel(merchant, view.id)).toMatchObject({ status: 'cancelled', failureReason: 'cancelled_by_merchant' });
    await expect(api.cancel(merchant, view.id)).rejects.toMatchObject({ name: 'IllegalTransitionError', currentState: 'cancelled' });
  });

  it('gives one reference asked for by 10 creates at once to one, and the others the 409 naming it', async () => {
    const { api } = services(store());
    const merchant = await merchantOf(store());
    const reference = `same-${unique()}`;
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => api.create(merchant, { body: fee({ reference }), idempotencyKey: undefined, baseUrl: BASE_URL })),
    );
    const created = results.filter((result) => result.status === 'fulfilled').map((result) => result.value.body as PaymentView);
    expect(created).toHaveLength(1);
    const [winner] = created;
    for (const result of results.filter((each) => each.status === 'rejected')) {
      expect(result.reason).toMatchObject({ status: 409, extensions: { paymentId: winner?.id } });
      expect(String(result.reason.message)).toContain(`reference "${reference}" is already used by payment ${winner?.id}`);
    }
  });

  it('gives one bill asked for by 10 creates at once (other references) to one, and the others the 409 naming it', async () => {
    const { api } = services(store());
    const merchant = await merchantOf(store());
    const accountNo = `104${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => api.create(merchant, { body: bill(accountNo), idempotencyKey: undefined, baseUrl: BASE_URL })),
    );
    const created = results.filter((result) => result.status === 'fulfilled').map((result) => result.value.body as PaymentView);
    expect(created).toHaveLength(1);
    for (const result of results.filter((each) => each.status === 'rejected')) {
      expect(result.reason).toMatchObject({ status: 409, extensions: { billNo: `2207${accountNo}`, paymentId: created[0]?.id, currentState: 'awaiting_method' } });
    }
  });

  it('answers one Idempotency-Key sent 10 times at once with one payment, replayed to the others', async () => {
    const { api } = services(store());
    const merchant = await merchantOf(store());
    const body = fee();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => api.create(merchant, { body, idempotencyKey: 'one-key', baseUrl: BASE_URL })),
    );
    expect(new Set(answers.map((answer) => (answer.body as PaymentView).id)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers?.['Idempotent-Replayed'] === 'true')).toHaveLength(9);
    await expect(api.create(merchant, { body: fee(), idempotencyKey: 'one-key', baseUrl: BASE_URL })).rejects.toMatchObject({
      status: 422,
      extensions: { errors: [{ field: 'Idempotency-Key', rule: 'idempotency_key_reused' }] },
    });
  });

  it('refuses a bill being paid (409 naming the holder) until the holder lapses, even unnoticed', async () => {
    const { api, clock, summaries } = services(store());
    const merchant = await merchantOf(store());
    const accountNo = `104${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    const billNo = `2207${accountNo}`;
    const first = (await api.create(merchant, { body: bill(accountNo), idempotencyKey: undefined, baseUrl: BASE_URL })).body as PaymentView;
    await expect(api.create(merchant, { body: bill(accountNo), idempotencyKey: undefined, baseUrl: BASE_URL })).rejects.toMatchObject({
      status: 409,
      extensions: { paymentId: first.id, currentState: 'awaiting_method' },
    });
    expect((await api.find(merchant, { billNo })).data.map((found) => found.id)).toEqual([first.id]);

    clock.advance(SELECTION_MS);
    // Nothing has applied the lapse: the create does, in its unit, and takes the bill.
    const second = (await api.create(merchant, { body: bill(accountNo), idempotencyKey: undefined, baseUrl: BASE_URL })).body as PaymentView;
    expect(await api.get(merchant, first.id)).toMatchObject({ status: 'expired' });
    expect((await api.find(merchant, { billNo })).data.map((found) => found.id)).toEqual([second.id]);
    clock.advance(SELECTION_MS);
    expect((await api.find(merchant, { billNo })).data).toEqual([]);
    expect(summaries.length).toBeGreaterThan(0);
  });
});
