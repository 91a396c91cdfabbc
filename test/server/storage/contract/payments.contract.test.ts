/**
 * The payments, serials and idempotency repositories on every engine: each method and its edge
 * cases, one unit at a time (the races are in payments-races.contract.test.ts).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { PaymentRecord } from '../../../../server/payments/record.js';
import type { IdempotentAnswer } from '../../../../server/storage/repositories/idempotency.js';
import { MUTABLE_PAYMENT_FIELDS, paidCardPayment, pickFields } from '../../../helpers/payment-records.js';
import { CREATED_AT, newPayment, unique } from './payments.fixtures.js';
import { describeEachStore, seedTestMerchant, untilSomeoneWaitsOnALock } from './stores.js';

const minutes = (count: number) => new Date(CREATED_AT.getTime() + count * 60_000);

describeEachStore('payments', ({ store }) => {
  it('finds an inserted payment by id, reference, tracking number and bill, exactly as inserted', async () => {
    const { id: merchantId } = await store().transact((tx) => seedTestMerchant(tx));
    const payment = newPayment(merchantId, { billKey: `bill-${unique()}` });
    const paid = newPayment(merchantId, { ...pickFields(paidCardPayment, MUTABLE_PAYMENT_FIELDS), trackingNumber: unique(), gatewayTransactionId: unique(), billKey: null });
    expect(await store().transact(async (tx) => [await tx.payments.insert(payment), await tx.payments.insert(paid)])).toEqual([
      { inserted: true },
      { inserted: true },
    ]);
    await store().transact(async (tx) => {
      expect(await tx.payments.find(payment.id)).toEqual(payment);
      expect(await tx.payments.lock(payment.id)).toEqual(payment);
      expect(await tx.payments.findByReference(merchantId, payment.reference)).toEqual(payment);
      expect(await tx.payments.findIdByReference(merchantId, payment.reference)).toBe(payment.id);
      expect(await tx.payments.findLiveForBill(merchantId, payment.billKey as string)).toEqual(payment);
      expect(await tx.payments.find(paid.id)).toEqual(paid);
      expect(await tx.payments.findByTrackingNumber(paid.trackingNumber as string)).toEqual(paid);
    });
  });

  it('finds nothing for an unknown id, reference, tracking number or bill, nor for another merchant', async () => {
    const [mine, other] = await store().transact(async (tx) => [await seedTestMerchant(tx), await seedTestMerchant(tx)]);
    const payment = newPayment(mine.id, { billKey: `bill-${unique()}` });
    await store().transact((tx) => tx.payments.insert(payment));
    await store().transact(async (tx) => {
      expect(await tx.payments.find(`pay_${unique()}`)).toBeNull();
      expect(await tx.payments.lock(`pay_${unique()}`)).toBeNull();
      expect(await tx.payments.findByReference(other.id, payment.reference)).toBeNull();
      expect(await tx.payments.findIdByReference(other.id, payment.reference)).toBeNull();
      expect(await tx.payments.findByTrackingNumber(unique())).toBeNull();
      expect(await tx.payments.findLiveForBill(other.id, payment.billKey as string)).toBeNull();
    });
  });

  it("writes exactly what changed: any mix of two steps' changes reads back as written", async () => {
    const { id: merchantId } = await store().transact((tx) => seedTestMerchant(tx));
    await fc.assert(
      fc.asyncProperty(fc.subarray(MUTABLE_PAYMENT_FIELDS), fc.subarray(MUTABLE_PAYMENT_FIELDS), async (firstStep, secondStep) => {
        const created = newPayment(merchantId);
        // Everything a paid payment holds, but unique where the indexes want it unique.
        const paid = { ...paidCardPayment, trackingNumber: unique(), gatewayTransactionId: unique(), billKey: `bill-${unique()}` };
        const afterFirst = { ...created, ...pickFields(paid, firstStep) };
        // A second step can also set fields back (an error cleared, the selection given up).
        const afterSecond = { ...afterFirst, ...pickFields(created, secondStep) };
        await store().transact(async (tx) => {
          await tx.payments.insert(created);
          await tx.payments.update(afterFirst, created);
        });
        expect(await store().transact((tx) => tx.payments.find(created.id))).toEqual(afterFirst);
        await store().transact((tx) => tx.payments.update(afterSecond, afterFirst));
        expect(await store().transact((tx) => tx.payments.find(created.id))).toEqual(afterSecond);
      }),
      { numRuns: 40 },
    );
  });

  it('answers a taken reference with the payment holding it, and the unit goes on', async () => {
    const { id: merchantId } = await store().transact((tx) => seedTestMerchant(tx));
    const first = newPayment(merchantId, { billKey: `bill-${unique()}` });
    await store().transact((tx) => tx.payments.insert(first));
    // Same reference and same bill: the reference is named (the service checks it first).
    const again = newPayment(merchantId, { reference: first.reference, billKey: first.billKey });
    const other = newPayment(merchantId);
    const results = await store().transact(async (tx) => [await tx.payments.insert(again), await tx.payments.insert(other)]);
    expect(results).toEqual([{ inserted: false, taken: 'reference', holder: first }, { inserted: true }]);
    await store().transact(async (tx) => {
      expect(await tx.payments.find(again.id)).toBeNull();
      expect(await tx.payments.find(other.id)).toEqual(other);
    });
  });

  it('answers a bill held by a live payment with that payment; an ended one releases the bill', async () => {
    const { id: merchantId } = await store().transact((tx) => seedTestMerchant(tx));
    const billKey = `bill-${unique()}`;
    const expired = newPayment(merchantId, { billKey, status: 'expired', deadlineAt: null });
    const live = newPayment(merchantId, { billKey });
    const refused = newPayment(merchantId, { billKey });
    const results = await store().transact(async (tx) => [
      await tx.payments.insert(expired),
      await tx.payments.insert(live),
      await tx.payments.insert(refused),
    ]);
    expect(results).toEqual([{ inserted: true }, { inserted: true }, { inserted: false, taken: 'bill', holder: live }]);
    expect(await store().transact((tx) => tx.payments.findLiveForBill(merchantId, billKey))).toEqual(live);

    const cancelled = { ...live, status: 'cancelled' as const, deadlineAt: null };
    await store().transact((tx) => tx.payments.update(cancelled, live));
    expect(await store().transact((tx) => tx.payments.findLiveForBill(merchantId, billKey))).toBeNull();
    expect(await store().transact((tx) => tx.payments.insert(refused))).toEqual({ inserted: true });
  });

  it('rejects an insert whose id is taken, its reference and bill being free: that is no conflict a merchant made', async () => {
    const { id: merchantId } = await store().transact((tx) => seedTestMerchant(tx));
    const first = newPayment(merchantId);
    await store().transact((tx) => tx.payments.insert(first));
    await expect(store().transact((tx) => tx.payments.insert(newPayment(merchantId, { id: first.id })))).rejects.toThrow(
      `payment ${first.id} was refused as a duplicate, but no payment holds its reference or bill`,
    );
    expect(await store().transact((tx) => tx.payments.find(first.id))).toEqual(first);
  });

  it('keeps the transition log of each payment, oldest first', async () => {
    const { id: merchantId } = await store().transact((tx) => seedTestMerchant(tx));
    const [payment, other] = [newPayment(merchantId), newPayment(merchantId)];
    const steps = [
      { paymentId: payment.id, from: 'awaiting_method', to: 'awaiting_confirmation', event: 'select', at: minutes(1) },
      { paymentId: payment.id, from: 'awaiting_confirmation', to: 'awaiting_confirmation', event: 'select', at: minutes(1) },
      { paymentId: payment.id, from: 'awaiting_confirmation', to: 'authorizing', event: 'confirm', at: minutes(2) },
    ] as const;
    await store().transact(async (tx) => {
      await tx.payments.insert(payment);
      await tx.payments.insert(other);
      for (const step of steps) await tx.payments.recordTransition(step);
      await tx.payments.recordTransition({ paymentId: other.id, from: 'awaiting_method', to: 'cancelled', event: 'cancel', at: minutes(3) });
    });
    await store().transact(async (tx) => {
      expect(await tx.payments.transitions(payment.id)).toEqual(steps);
      expect(await tx.payments.transitions(other.id)).toHaveLength(1);
      expect(await tx.payments.transitions(`pay_${unique()}`)).toEqual([]);
    });
  });

  it("claims the merchant's open payments whose deadline is at or before the time, soonest first, at most the limit", async () => {
    const [mine, other] = await store().transact(async (tx) => [await seedTestMerchant(tx), await seedTestMerchant(tx)]);
    const due = [3, 1, 2].map((minute) => newPayment(mine.id, { deadlineAt: minutes(minute) }));
    const payments = [
      ...due,
      newPayment(mine.id, { deadlineAt: minutes(4) }),
      newPayment(mine.id, { status: 'succeeded', deadlineAt: null }),
      newPayment(other.id, { deadlineAt: minutes(1) }),
    ];
    await store().transact(async (tx) => {
      for (const payment of payments) await tx.payments.insert(payment);
    });
    const soonestFirst = [due[1], due[2], due[0]].map((payment) => payment?.id);
    expect(await store().transact((tx) => tx.payments.claimLapsedIds(mine.id, minutes(3), 10))).toEqual(soonestFirst);
    expect(await store().transact((tx) => tx.payments.claimLapsedIds(mine.id, minutes(3), 2))).toEqual(soonestFirst.slice(0, 2));
    expect(await store().transact((tx) => tx.payments.claimLapsedIds(mine.id, minutes(0), 10))).toEqual([]);
  });

  it('makes a second unit locking a payment wait for the first to end, and then read what it wrote', async () => {
    const { id: merchantId } = await store().transact((tx) => seedTestMerchant(tx));
    const payment = newPayment(merchantId);
    await store().transact((tx) => tx.payments.insert(payment));
    const selected = { ...payment, status: 'awaiting_confirmation' as const, updatedAt: minutes(1) };
    let firstLocked = () => {};
    const locked = new Promise<void>((resolve) => {
      firstLocked = resolve;
    });
    let secondDone = false;
    const first = store().transact(async (tx) => {
      const current = await tx.payments.lock(payment.id);
      await tx.payments.update(selected, current as PaymentRecord);
      firstLocked();
      // Holds the row until the second unit waits for it (PostgreSQL; SQLite runs the second after).
      await untilSomeoneWaitsOnALock(store(), () => secondDone);
    });
    await locked;
    const second = store()
      .transact((tx) => tx.payments.lock(payment.id))
      .finally(() => {
        secondDone = true;
      });
    await first;
    expect(await second).toEqual(selected);
  });

  it("deletes a merchant's payments and their transition logs, and no other merchant's", async () => {
    const [mine, other] = await store().transact(async (tx) => [await seedTestMerchant(tx), await seedTestMerchant(tx)]);
    const [first, second, kept] = [newPayment(mine.id), newPayment(mine.id), newPayment(other.id)];
    await store().transact(async (tx) => {
      for (const payment of [first, second, kept]) {
        await tx.payments.insert(payment);
        await tx.payments.recordTransition({ paymentId: payment.id, from: 'awaiting_method', to: 'cancelled', event: 'cancel', at: minutes(1) });
      }
    });
    expect(await store().transact((tx) => tx.payments.deleteOfMerchant(mine.id))).toBe(2);
    await store().transact(async (tx) => {
      expect(await tx.payments.find(first.id)).toBeNull();
      expect(await tx.payments.transitions(first.id)).toEqual([]);
      expect(await tx.payments.find(kept.id)).toEqual(kept);
      expect(await tx.payments.transitions(kept.id)).toHaveLength(1);
    });
  });
});

describeEachStore('serials', ({ store }) => {
  it('hands out 0, 1, 2 … per office and second, each office and second counting on its own', async () => {
    const [office, otherOffice] = [`o${unique()}`, `o${unique()}`];
    const at = new Date('2026-11-22T06:42:00.250Z');
    const second = new Date('2026-11-22T06:42:00.000Z');
    const next = new Date('2026-11-22T06:42:01.000Z');
    const allocated = await store().transact(async (tx) => [
      await tx.serials.allocate(office, at),
      await tx.serials.allocate(office, new Date('2026-11-22T06:42:00.999Z')),
      await tx.serials.allocate(otherOffice, at),
      await tx.serials.allocate(office, new Date('2026-11-22T06:42:01.500Z')),
      await tx.serials.allocate(office, at),
    ]);
    expect(allocated).toEqual([
      { serial: 0, at: second },
      { serial: 1, at: second },
      { serial: 0, at: second },
      { serial: 0, at: next },
      { serial: 2, at: second },
    ]);
  });

  it('hands a serial out again when the unit that took it rolled back', async () => {
    const office = `o${unique()}`;
    const at = new Date('2026-11-22T06:42:00.000Z');
    await store().transact((tx) => tx.serials.allocate(office, at));
    await expect(
      store().transact(async (tx) => {
        await tx.serials.allocate(office, at);
        throw new Error('the payment did not succeed after all');
      }),
    ).rejects.toThrow('did not succeed');
    expect(await store().transact((tx) => tx.serials.allocate(office, at))).toEqual({ serial: 1, at });
  });
});

describeEachStore('idempotency', ({ store }) => {
  const answer = (status: number, body: unknown): IdempotentAnswer => ({ requestSha256: 'ab'.repeat(32), status, body });

  it('stores the first answer for a key and gives it back, and a later put gets that one', async () => {
    const { id: merchantId } = await store().transact((tx) => seedTestMerchant(tx));
    const key = `key-${unique()}`;
    const first = answer(201, { id: 'pay_1', amount: '11.00', nested: { list: [1, 'two', null] } });
    expect(await store().transact((tx) => tx.idempotency.find(merchantId, key))).toBeNull();
    expect(await store().transact((tx) => tx.idempotency.lock(merchantId, key))).toBeNull();
    expect(await store().transact((tx) => tx.idempotency.put(merchantId, key, first, CREATED_AT))).toEqual({ stored: true, answer: first });
    expect(await store().transact((tx) => tx.idempotency.find(merchantId, key))).toEqual(first);
    expect(await store().transact((tx) => tx.idempotency.lock(merchantId, key))).toEqual(first);
    const later = { ...answer(201, { id: 'pay_2' }), requestSha256: 'cd'.repeat(32) };
    expect(await store().transact((tx) => tx.idempotency.put(merchantId, key, later, CREATED_AT))).toEqual({ stored: false, answer: first });
  });

  it("keeps each merchant's keys apart, and deletes one merchant's answers only", async () => {
    const [mine, other] = await store().transact(async (tx) => [await seedTestMerchant(tx), await seedTestMerchant(tx)]);
    const key = `key-${unique()}`;
    await store().transact(async (tx) => {
      expect(await tx.idempotency.put(mine.id, key, answer(201, 'mine'), CREATED_AT)).toMatchObject({ stored: true });
      expect(await tx.idempotency.put(other.id, key, answer(201, 'other'), CREATED_AT)).toMatchObject({ stored: true });
      expect(await tx.idempotency.put(mine.id, `${key}-2`, answer(200, 'mine too'), CREATED_AT)).toMatchObject({ stored: true });
    });
    expect(await store().transact((tx) => tx.idempotency.deleteOfMerchant(mine.id))).toBe(2);
    await store().transact(async (tx) => {
      expect(await tx.idempotency.find(mine.id, key)).toBeNull();
      expect(await tx.idempotency.find(other.id, key)).toEqual(answer(201, 'other'));
    });
  });
});
