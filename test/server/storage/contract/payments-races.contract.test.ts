/**
 * The races of issue #14 on the payments, serials and idempotency repositories: many units at once,
 * spread over three stores on one database (three instances; on PostgreSQL they run side by side
 * on three pools, on SQLite the one store runs them one after another), with exact counts.
 */
import { expect, it } from 'vitest';
import { isIllegalTransitionError, transition, type PaymentState } from '../../../../domain/payment-state.js';
import type { PaymentRecord } from '../../../../server/payments/record.js';
import type { Store } from '../../../../server/storage/port.js';
import { describeEachInstances } from './instances.js';
import { CREATED_AT, newPayment, unique } from './payments.fixtures.js';
import { seedTestMerchant } from './stores.js';

const range = (count: number) => Array.from({ length: count }, (_unused, index) => index);
const AT = new Date(CREATED_AT.getTime() + 60_000);

describeEachInstances('payment races', 3, ({ instances: stores }) => {
  /** The store of the `index`-th unit: units take the instances in turn. */
  const storeOf = (index: number): Store => stores()[index % stores().length] as Store;
  const seedMerchant = async () => (await stores()[0]?.transact((tx) => seedTestMerchant(tx)))?.id as string;
  const insertAll = (payments: readonly PaymentRecord[]) =>
    storeOf(0).transact(async (tx) => {
      for (const payment of payments) await tx.payments.insert(payment);
    });

  it('50 units confirming one payment: exactly one confirms it, the other 49 find it authorizing and refuse', async () => {
    const payment = newPayment(await seedMerchant(), { status: 'awaiting_confirmation' });
    await insertAll([payment]);
    const outcomes = await Promise.all(
      range(50).map((index) =>
        storeOf(index).transact(async (tx): Promise<'confirmed' | PaymentState> => {
          const current = (await tx.payments.lock(payment.id)) as PaymentRecord;
          let to: PaymentState;
          try {
            to = transition(current.status, 'confirm');
          } catch (error) {
            if (isIllegalTransitionError(error)) return error.currentState;
            throw error;
          }
          await tx.payments.update({ ...current, status: to, updatedAt: AT }, current);
          await tx.payments.recordTransition({ paymentId: payment.id, from: current.status, to, event: 'confirm', at: AT });
          return 'confirmed';
        }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'confirmed')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'authorizing')).toHaveLength(49);
    await storeOf(0).transact(async (tx) => {
      expect((await tx.payments.find(payment.id))?.status).toBe('authorizing');
      expect(await tx.payments.transitions(payment.id)).toHaveLength(1);
    });
  });

  it('1,000 serials for one office in one frozen second are 000-999, each once; the next rolls into the next second', async () => {
    const office = `o${unique()}`;
    const at = new Date('2026-11-22T06:42:00.500Z');
    const second = new Date('2026-11-22T06:42:00.000Z');
    const allocated = await Promise.all(range(1000).map((index) => storeOf(index).transact((tx) => tx.serials.allocate(office, at))));
    expect(allocated.map((one) => one.serial).sort((a, b) => a - b)).toEqual(range(1000));
    expect(allocated.filter((one) => one.at.getTime() !== second.getTime())).toEqual([]);
    expect(await storeOf(1).transact((tx) => tx.serials.allocate(office, at))).toEqual({ serial: 0, at: new Date('2026-11-22T06:42:01.000Z') });
  });

  /** What the racing inserts share: the reference, or the bill (each with its own reference). */
  const shared = {
    reference: () => ({ reference: `ref-${unique()}` }),
    bill: () => ({ billKey: `bill-${unique()}` }),
  };
  const holderOf = {
    reference: (store: Store, payment: PaymentRecord) => store.transact((tx) => tx.payments.findByReference(payment.merchantId, payment.reference)),
    bill: (store: Store, payment: PaymentRecord) => store.transact((tx) => tx.payments.findLiveForBill(payment.merchantId, payment.billKey as string)),
  };

  it.each(['reference', 'bill'] as const)('20 inserts of one %s at once: one payment, and 19 answers naming it as the holder', async (taken) => {
    const merchantId = await seedMerchant();
    const fields = shared[taken]();
    const candidates = range(20).map(() => newPayment(merchantId, fields));
    const results = await Promise.all(candidates.map((payment, index) => storeOf(index).transact((tx) => tx.payments.insert(payment))));
    const winners = candidates.filter((_payment, index) => results[index]?.inserted);
    expect(winners).toHaveLength(1);
    const winner = winners[0] as PaymentRecord;
    const refusals = results.flatMap((result) => (result.inserted ? [] : [{ taken: result.taken, holder: result.holder.id }]));
    expect(refusals).toEqual(range(19).map(() => ({ taken, holder: winner.id })));
    expect(await holderOf[taken](storeOf(2), winner)).toEqual(winner);
  });

  const answerOf = (index: number) => ({ requestSha256: 'ab'.repeat(32), status: 201, body: { paymentId: `pay_${index}` } });

  it('20 puts of one idempotency key at once: one answer stored, and every put returns that one', async () => {
    const merchantId = await seedMerchant();
    const key = `key-${unique()}`;
    const puts = await Promise.all(range(20).map((index) => storeOf(index).transact((tx) => tx.idempotency.put(merchantId, key, answerOf(index), AT))));
    const stored = puts.filter((put) => put.stored);
    expect(stored).toHaveLength(1);
    const first = stored[0]?.answer;
    expect(puts.map((put) => put.answer)).toEqual(range(20).map(() => first));
    expect(await storeOf(1).transact((tx) => tx.idempotency.find(merchantId, key))).toEqual(first);
  });

  it('20 requests with one idempotency key at once, each locking it first: one creates its payment, 19 replay its answer', async () => {
    const merchantId = await seedMerchant();
    const key = `key-${unique()}`;
    const candidates = range(20).map(() => newPayment(merchantId));
    const answers = await Promise.all(
      candidates.map((payment, index) =>
        storeOf(index).transact(async (tx) => {
          const stored = await tx.idempotency.lock(merchantId, key);
          if (stored) return stored;
          await tx.payments.insert(payment);
          return (await tx.idempotency.put(merchantId, key, answerOf(index), AT)).answer;
        }),
      ),
    );
    const created = await storeOf(0).transact(async (tx) => {
      const found: PaymentRecord[] = [];
      for (const payment of candidates) {
        const stored = await tx.payments.find(payment.id);
        if (stored) found.push(stored);
      }
      return found;
    });
    expect(created).toHaveLength(1);
    const createdIndex = candidates.findIndex((payment) => payment.id === created[0]?.id);
    expect(answers).toEqual(range(20).map(() => answerOf(createdIndex)));
  });

  it("three stores sweeping one merchant's 500 lapsed payments at once claim each exactly once", async () => {
    const merchantId = await seedMerchant();
    const lapsed = range(500).map((index) => newPayment(merchantId, { deadlineAt: new Date(CREATED_AT.getTime() + index) }));
    await insertAll(lapsed);
    const claimedBy = await Promise.all(
      stores().map(async (store) => {
        const claimed: string[] = [];
        for (;;) {
          const batch = await store.transact(async (tx) => {
            const ids = await tx.payments.claimLapsedIds(merchantId, AT, 25);
            for (const id of ids) {
              const current = (await tx.payments.lock(id)) as PaymentRecord;
              await tx.payments.update({ ...current, status: 'expired', deadlineAt: null, updatedAt: AT }, current);
              await tx.payments.recordTransition({ paymentId: id, from: current.status, to: 'expired', event: 'expire', at: AT });
            }
            return ids;
          });
          // Nothing left that no other store holds: the others finish what they claimed.
          if (batch.length === 0) return claimed;
          claimed.push(...batch);
        }
      }),
    );
    const claims = claimedBy.flat();
    expect(claims).toHaveLength(500);
    expect(new Set(claims)).toEqual(new Set(lapsed.map((payment) => payment.id)));
    await storeOf(0).transact(async (tx) => {
      expect(await tx.payments.claimLapsedIds(merchantId, AT, 500)).toEqual([]);
      for (const payment of lapsed) expect(await tx.payments.transitions(payment.id)).toHaveLength(1);
    });
  });
});
