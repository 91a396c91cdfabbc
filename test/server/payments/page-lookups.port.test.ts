/**
 * What the pages read of payments, on the storage port, on each engine: the slip of a succeeded
 * payment (by id and by tracking number, with its refunds read in the same unit), none for any
 * other, and the hosted checkout's client secret and merchant name.
 */
import { expect, it } from 'vitest';
import { ManualClock, MerchantClocks } from '../../../server/clock.js';
import { createPageLookups } from '../../../server/payments/page-lookups.js';
import type { PaymentRecord } from '../../../server/payments/record.js';
import { PaymentService } from '../../../server/payments/service.js';
import type { PaymentView, ViewNames } from '../../../server/payments/view.js';
import { NO_REFUNDS, type PaymentRefunds } from '../../../server/refunds/view.js';
import { slipToken } from '../../../server/slips/token.js';
import type { Store } from '../../../server/storage/port.js';
import { describeEachStore, seedTestMerchant } from '../storage/contract/stores.js';
import { newPaidPayment, newPayment, unique } from '../storage/contract/payments.fixtures.js';

const names = new Proxy({}, { get: (_target, property) => (property === 'prepaidTariff' ? undefined : (id: string) => `name of ${id}`) }) as ViewNames;

const REFUNDED: PaymentRefunds = { amountRefunded: '1.00', refunds: [] };

function lookups(store: Store) {
  const payments = new PaymentService({
    store,
    clocks: new MerchantClocks(new ManualClock('2026-12-05T06:00:00.000Z')),
    timing: { selectionMs: 300_000, authorizationMs: 120_000, maxAttempts: 3 },
    toView: (payment) => ({ id: payment.id }) as PaymentView,
    cardTypeDigit: () => 4,
  });
  const asked: string[] = [];
  const pages = createPageLookups({
    payments,
    names,
    refunds: {
      summaryFor: async (tx, payment) => {
        // Read in the lookup's own unit.
        expect((await tx.payments.find(payment.id))?.id).toBe(payment.id);
        asked.push(payment.id);
        return payment.status === 'succeeded' ? REFUNDED : NO_REFUNDS;
      },
    },
  });
  return { pages, asked };
}

async function stored(store: Store): Promise<{ merchantId: string; paid: PaymentRecord; open: PaymentRecord }> {
  return store.transact(async (tx) => {
    const merchant = await seedTestMerchant(tx);
    const paid = newPaidPayment(merchant.id);
    const open = newPayment(merchant.id, { clientSecret: `cs_${unique()}`, deadlineAt: new Date('2026-12-05T06:05:00.000Z') });
    await tx.payments.insert(paid);
    await tx.payments.insert(open);
    return { merchantId: merchant.id, paid, open };
  });
}

describeEachStore('page lookups', ({ store }) => {
  it('finds the slip of a succeeded payment by id and by tracking number, with its refunds', async () => {
    const { pages, asked } = lookups(store());
    const { paid, open } = await stored(store());
    const byId = await pages.findSlip(paid.id);
    expect(byId?.token).toBe(slipToken(paid));
    expect(byId?.slip).toMatchObject({ paymentId: paid.id, trackingNumber: paid.trackingNumber, amountRefunded: '1.00' });
    expect(await pages.findSlipByTrackingNumber(paid.trackingNumber as string)).toEqual(byId);
    expect(asked).toEqual([paid.id, paid.id]);

    expect(await pages.findSlip(open.id)).toBeNull();
    expect(await pages.findSlip('pay_missing')).toBeNull();
    expect(await pages.findSlipByTrackingNumber('0000000000000000')).toBeNull();
    // Only a succeeded payment costs a lookup of refunds.
    expect(asked).toHaveLength(2);
  });

  it('finds the hosted checkout of a payment that keeps its client secret', async () => {
    const { pages } = lookups(store());
    const { merchantId, open } = await stored(store());
    expect(await pages.findCheckout(open.id)).toEqual({
      clientSecret: open.clientSecret,
      merchantName: merchantId,
      merchantBnName: `name of ${merchantId}`,
    });
    expect(await pages.findCheckout('pay_missing')).toBeNull();
  });
});
