import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedMerchants } from '../../../server/payments/merchants.js';
import type { PaymentRecord } from '../../../server/payments/record.js';
import { findPayment, insertPayment, updatePayment } from '../../../server/payments/repository.js';
import type { Database } from '../../../server/storage/database.js';
import { paidCardPayment } from '../../helpers/payment-records.js';
import { freshDatabaseEachTest } from '../../helpers/temp-db.js';

let db: Database;
freshDatabaseEachTest((opened) => {
  db = opened.db;
  seedMerchants(
    db,
    [{ id: 'desco', name: 'DESCO', shortName: 'DESCO', utility: null, billLayout: 'standard', officeCode: '901', secretKey: 'sk_test_d', webhookSecrets: [] }],
    new Date(),
  );
});

/** The same payment just created: nothing chosen, nothing paid. */
const created: PaymentRecord = {
  ...paidCardPayment,
  status: 'awaiting_method',
  selection: null,
  auth: { step: null, triesLeft: null, instrumentId: null, pendingUntil: null },
  instrument: null,
  lastError: null,
  trackingNumber: null,
  gatewayTransactionId: null,
  paidAt: null,
  attemptsUsed: 0,
};

/** The fields a step may change (the rest are fixed at insert). */
const MUTABLE_FIELDS = (Object.keys(paidCardPayment) as Array<keyof PaymentRecord>).filter(
  (field) => !['id', 'merchantId', 'reference', 'createdAt'].includes(field),
);

describe('updatePayment', () => {
  it('writes exactly what changed: any mix of a step\'s changes reads back as written', () => {
    fc.assert(
      fc.property(fc.subarray(MUTABLE_FIELDS), fc.subarray(MUTABLE_FIELDS), (firstStep, secondStep) => {
        db.prepare('DELETE FROM payments').run();
        insertPayment(db, created);
        const afterFirst = { ...created, ...pick(paidCardPayment, firstStep) };
        updatePayment(db, afterFirst, created);
        expect(findPayment(db, created.id)).toEqual(afterFirst);
        // A second step can also set fields back (an error cleared, the selection given up).
        const afterSecond = { ...afterFirst, ...pick(created, secondStep) };
        updatePayment(db, afterSecond, afterFirst);
        expect(findPayment(db, created.id)).toEqual(afterSecond);
      }),
      { numRuns: 200 },
    );
  });
});

function pick(from: PaymentRecord, fields: ReadonlyArray<keyof PaymentRecord>): Partial<PaymentRecord> {
  return Object.fromEntries(fields.map((field) => [field, from[field]]));
}
