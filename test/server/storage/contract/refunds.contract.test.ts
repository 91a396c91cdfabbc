import { Decimal } from 'decimal.js';
import { expect, it } from 'vitest';
import type { RefundRecord } from '../../../../server/refunds/repository.js';
import type { Store } from '../../../../server/storage/port.js';
import { describeEachInstances } from './instances.js';
import { CREATED_AT, newPayment, unique } from './payments.fixtures.js';
import { describeEachStore, seedTestMerchant } from './stores.js';

const AT = new Date(CREATED_AT.getTime() + 60_000);

function newRefund(merchantId: string, paymentId: string, fields: Partial<RefundRecord> = {}): RefundRecord {
  return {
    id: `ref_${unique()}`,
    merchantId,
    paymentId,
    amount: '5.00',
    reason: null,
    status: 'succeeded',
    failureReason: null,
    deadlineAt: null,
    createdAt: AT,
    completedAt: AT,
    updatedAt: AT,
    ...fields,
  };
}

/** A merchant of its own with one paid payment of 11.00 (createdCardPayment's amount). */
async function paidPayment(store: Store): Promise<{ merchantId: string; paymentId: string }> {
  return store.transact(async (tx) => {
    const { id: merchantId } = await seedTestMerchant(tx);
    const payment = newPayment(merchantId, { status: 'succeeded', deadlineAt: null });
    await tx.payments.insert(payment);
    return { merchantId, paymentId: payment.id };
  });
}

describeEachStore('refunds', ({ store }) => {
  it('stores refunds, lists a payment’s oldest first, and writes what a transition changes', async () => {
    const { merchantId, paymentId } = await paidPayment(store());
    const first = newRefund(merchantId, paymentId, { id: 'ref_a' + unique(), status: 'pending', deadlineAt: AT, completedAt: null });
    const second = newRefund(merchantId, paymentId, { id: 'ref_b' + unique(), amount: '1.50', reason: 'overcharged' });
    await store().transact(async (tx) => {
      await tx.refunds.insert(second);
      await tx.refunds.insert(first);
    });
    const settled = { ...first, status: 'failed' as const, failureReason: 'bank_rejected', deadlineAt: null, completedAt: AT, updatedAt: AT };
    await store().transact((tx) => tx.refunds.update(settled));
    await store().transact(async (tx) => {
      expect(await tx.refunds.find(first.id)).toEqual(settled);
      expect(await tx.refunds.lock(second.id)).toEqual(second);
      expect(await tx.refunds.ofPayment(paymentId)).toEqual([settled, second]);
      expect(await tx.refunds.find('ref_none')).toBeNull();
    });
  });

  it('claims the pending refunds whose deadline has passed, soonest first, at most the limit', async () => {
    const { merchantId, paymentId } = await paidPayment(store());
    const pending = (minutes: number) =>
      newRefund(merchantId, paymentId, { status: 'pending', completedAt: null, deadlineAt: new Date(AT.getTime() + minutes * 60_000) });
    const [late, early, future] = [pending(2), pending(1), pending(10)];
    await store().transact(async (tx) => {
      for (const refund of [late, early, future, newRefund(merchantId, paymentId)]) await tx.refunds.insert(refund);
    });
    const at = new Date(AT.getTime() + 5 * 60_000);
    expect(await store().transact((tx) => tx.refunds.claimLapsedIds(merchantId, at, 10))).toEqual([early.id, late.id]);
    expect(await store().transact((tx) => tx.refunds.claimLapsedIds(merchantId, at, 1))).toEqual([early.id]);
  });

  it('keeps each merchant’s chosen outcome, instant by default, and deletes a merchant’s refunds', async () => {
    const { merchantId, paymentId } = await paidPayment(store());
    await store().transact(async (tx) => {
      expect(await tx.refunds.outcome(merchantId)).toBe('instant');
      await tx.refunds.setOutcome(merchantId, 'failed', AT);
      await tx.refunds.setOutcome(merchantId, 'pending_then_success', AT);
      expect(await tx.refunds.outcome(merchantId)).toBe('pending_then_success');
      await tx.refunds.clearOutcome(merchantId);
      expect(await tx.refunds.outcome(merchantId)).toBe('instant');
      await tx.refunds.insert(newRefund(merchantId, paymentId));
      await tx.refunds.insert(newRefund(merchantId, paymentId));
      expect(await tx.refunds.deleteOfMerchant(merchantId)).toBe(2);
      expect(await tx.refunds.ofPayment(paymentId)).toEqual([]);
    });
  });
});

describeEachInstances('refund races', 3, ({ instances }) => {
  it('20 refunds of 1.00 asked at once of an 11.00 payment on three instances: exactly 11 are stored', async () => {
    const { merchantId, paymentId } = await paidPayment(instances()[0] as Store);
    const asked = await Promise.all(
      Array.from({ length: 20 }, (_unused, index) =>
        (instances()[index % instances().length] as Store).transact(async (tx) => {
          const payment = await tx.payments.lock(paymentId);
          const refunded = (await tx.refunds.ofPayment(paymentId)).reduce((sum, refund) => sum.plus(refund.amount), new Decimal(0));
          if (refunded.plus('1.00').greaterThan(payment?.amount ?? '0')) return false;
          await tx.refunds.insert(newRefund(merchantId, paymentId, { amount: '1.00' }));
          return true;
        }),
      ),
    );
    expect(asked.filter(Boolean)).toHaveLength(11);
    const stored = await (instances()[1] as Store).transact((tx) => tx.refunds.ofPayment(paymentId));
    expect(stored).toHaveLength(11);
  });

  it('three instances settling 300 lapsed refunds in batches take each one once', async () => {
    const { merchantId, paymentId } = await paidPayment(instances()[0] as Store);
    await (instances()[0] as Store).transact(async (tx) => {
      for (let index = 0; index < 300; index += 1) {
        await tx.refunds.insert(newRefund(merchantId, paymentId, { amount: '0.01', status: 'pending', completedAt: null, deadlineAt: AT }));
      }
    });
    const at = new Date(AT.getTime() + 60_000);
    const taken: string[] = [];
    await Promise.all(
      instances().flatMap((instance) =>
        Array.from({ length: 4 }, async () => {
          for (;;) {
            const batch = await instance.transact(async (tx) => {
              const ids = await tx.refunds.claimLapsedIds(merchantId, at, 10);
              for (const id of ids) {
                const refund = await tx.refunds.lock(id);
                if (refund) await tx.refunds.update({ ...refund, status: 'succeeded', deadlineAt: null, completedAt: at, updatedAt: at });
              }
              return ids;
            });
            if (batch.length === 0) return;
            taken.push(...batch);
          }
        }),
      ),
    );
    expect(taken).toHaveLength(300);
    expect(new Set(taken).size).toBe(300);
  });
});
