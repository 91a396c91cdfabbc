/**
 * The refund service on the storage port, on each engine: creating refunds of one payment at once
 * (the payment's lock keeps them within what is refundable), an Idempotency-Key repeated at once
 * (one refund, every answer the same), and lapsed pending deadlines written once (by a read of the
 * refund, by a write that lists it, or by the sweep) while views only show them settled.
 */
import { expect, it } from 'vitest';
import { ManualClock, MerchantClocks } from '../../../server/clock.js';
import type { NewJournalEntry } from '../../../server/journal/journal.js';
import type { Merchant } from '../../../server/payments/merchants.js';
import type { PaymentRecord } from '../../../server/payments/record.js';
import { PaymentService } from '../../../server/payments/service.js';
import type { PaymentView } from '../../../server/payments/view.js';
import { RefundService } from '../../../server/refunds/service.js';
import type { Store } from '../../../server/storage/port.js';
import { describeEachStore, seedTestMerchant } from '../storage/contract/stores.js';
import { newPaidPayment } from '../storage/contract/payments.fixtures.js';

const PENDING_MS = 10_000;

function services(store: Store) {
  const clock = new ManualClock('2026-12-05T06:00:00.000Z');
  const journal: NewJournalEntry[] = [];
  const payments = new PaymentService({
    store,
    clocks: new MerchantClocks(clock),
    timing: { selectionMs: 300_000, authorizationMs: 120_000, maxAttempts: 3 },
    toView: (payment) => ({ id: payment.id }) as PaymentView,
    cardTypeDigit: () => 4,
  });
  const refunds = new RefundService({
    store,
    payments,
    journal: {
      record: async (_tx, entry) => {
        journal.push(entry);
      },
    },
    outbox: { enqueue: (tx, message, url, eventId) => tx.outbox.record(message, url, eventId) },
    paymentView: (payment, paymentRefunds) => ({ id: payment.id, amountRefunded: paymentRefunds.amountRefunded }) as PaymentView,
    pendingMs: PENDING_MS,
  });
  return { clock, journal, payments, refunds };
}

/** A merchant of the test's own with a payment of 11.00 + 0.55 late fee that has succeeded: 11.55 refundable. */
async function paidPayment(store: Store): Promise<{ merchant: Merchant; payment: PaymentRecord }> {
  return store.transact(async (tx) => {
    const merchant = await seedTestMerchant(tx);
    const payment = newPaidPayment(merchant.id);
    expect(await tx.payments.insert(payment)).toEqual({ inserted: true });
    return { merchant, payment };
  });
}

describeEachStore('RefundService', ({ store }) => {
  it('creates an instant refund in one unit: the row, its journal entries and the webhook', async () => {
    const { refunds, journal } = services(store());
    const { merchant, payment } = await paidPayment(store());
    const refund = await refunds.create(merchant, payment.id, { amount: '5.00', reason: 'duplicate' });
    expect(refund).toMatchObject({ paymentId: payment.id, amount: '5.00', status: 'succeeded', reason: 'duplicate' });
    expect(journal.filter((entry) => entry.paymentId === payment.id).map((entry) => entry.data.event)).toEqual(['create', 'succeed']);
    const deliveries = await store().read((tx) => tx.outbox.listDeliveries(merchant.id, { paymentId: payment.id }));
    expect(deliveries.map((delivery) => delivery.eventType)).toEqual(['refund.succeeded']);
    expect(await refunds.refundableAmount(payment.id)).toBe('6.55');
    expect(await refunds.listForPayment(payment.id)).toEqual([refund]);
    expect(await refunds.get(merchant, refund.id)).toEqual(refund);
    await expect(refunds.get({ ...merchant, id: 'someone_else' }, refund.id)).rejects.toMatchObject({ status: 404 });
  });

  it('gives 20 refunds of 1.00 asked at once of an 11.55 payment exactly 11', async () => {
    const { refunds } = services(store());
    const { merchant, payment } = await paidPayment(store());
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => refunds.create(merchant, payment.id, { amount: '1.00' })));
    const refused = results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason);
    expect(results.length - refused.length).toBe(11);
    for (const reason of refused) expect(reason).toMatchObject({ status: 422, extensions: { errors: [{ rule: 'exceeds_refundable' }] } });
    expect(await refunds.refundableAmount(payment.id)).toBe('0.55');
  });

  it('answers one Idempotency-Key sent 10 times at once with one refund', async () => {
    const { refunds } = services(store());
    const { merchant, payment } = await paidPayment(store());
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => refunds.createResult(merchant, payment.id, { amount: '2.00' }, { idempotencyKey: 'once' })),
    );
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect(answers.filter((answer) => answer.headers?.['Idempotent-Replayed'] === undefined)).toHaveLength(1);
    expect(await refunds.listForPayment(payment.id)).toHaveLength(1);
    await expect(refunds.createResult(merchant, payment.id, { amount: '3.00' }, { idempotencyKey: 'once' })).rejects.toMatchObject({
      status: 422,
      extensions: { errors: [{ field: 'Idempotency-Key', rule: 'idempotency_key_reused' }] },
    });
  });

  it('writes a lapsed pending deadline once: views show it settled, a read or the sweep writes it', async () => {
    const { refunds, payments, clock } = services(store());
    const { merchant, payment } = await paidPayment(store());
    await refunds.setOutcome(merchant.id, 'pending_then_success');
    expect(await refunds.outcomeOf(merchant.id)).toBe('pending_then_success');
    const read = await refunds.create(merchant, payment.id, { amount: '1.00' });
    const swept = await refunds.create(merchant, payment.id, { amount: '2.00' });
    expect([read.status, swept.status]).toEqual(['pending', 'pending']);
    const stored = (refundId: string) => store().read(async (tx) => (await tx.refunds.find(refundId))?.status);

    clock.advance(PENDING_MS);
    // A view, in a read unit: both shown succeeded, neither written.
    const summary = await store().read(async (tx) => refunds.summaryFor(tx, (await tx.payments.find(payment.id)) as PaymentRecord));
    expect(summary).toMatchObject({ amountRefunded: '3.00', refunds: [{ status: 'succeeded' }, { status: 'succeeded' }] });
    expect(await stored(read.id)).toBe('pending');

    const got = await refunds.get(merchant, read.id);
    expect(got).toMatchObject({ status: 'succeeded', completedAt: new Date(Date.parse(read.createdAt) + PENDING_MS).toISOString() });
    expect([await stored(read.id), await stored(swept.id)]).toEqual(['succeeded', 'pending']);
    expect(await refunds.sweep([merchant.id])).toBe(1);
    expect(await stored(swept.id)).toBe('succeeded');
    expect(await refunds.sweep([merchant.id])).toBe(0);
    const deliveries = await store().read((tx) => tx.outbox.listDeliveries(merchant.id, { paymentId: payment.id }));
    expect(deliveries.map((delivery) => delivery.eventType)).toEqual(['refund.succeeded', 'refund.succeeded']);

    await refunds.clearOutcome(merchant.id);
    expect(await refunds.outcomeOf(merchant.id)).toBe('instant');
    expect(await payments.read(payment.id)).toMatchObject({ status: 'succeeded' });
  });

  it('lists a merchant payment’s refunds, settling lapsed ones, and refuses another merchant’s payment', async () => {
    const { refunds, clock } = services(store());
    const { merchant, payment } = await paidPayment(store());
    await refunds.setOutcome(merchant.id, 'pending_then_success');
    const pending = await refunds.create(merchant, payment.id, { amount: '4.00' });
    expect(await refunds.listForMerchantPayment(merchant, payment.id)).toMatchObject({
      object: 'list',
      data: [{ id: pending.id, status: 'pending' }],
      amountRefunded: '0.00',
      refundable: '7.55',
    });
    clock.advance(PENDING_MS);
    expect(await refunds.listForMerchantPayment(merchant, payment.id)).toMatchObject({
      data: [{ id: pending.id, status: 'succeeded' }],
      amountRefunded: '4.00',
      refundable: '7.55',
    });
    expect(await store().read(async (tx) => (await tx.refunds.find(pending.id))?.status)).toBe('succeeded');
    await expect(refunds.listForMerchantPayment({ ...merchant, id: 'someone_else' }, payment.id)).rejects.toMatchObject({ status: 404 });
  });
});
