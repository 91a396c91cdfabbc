import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedMerchants } from '../../../server/payments/merchants.js';
import { findPayment, insertPayment, updatePayment } from '../../../server/payments/repository.js';
import type { Database } from '../../../server/storage/database.js';
import { createdCardPayment, MUTABLE_PAYMENT_FIELDS, paidCardPayment, pickFields } from '../../helpers/payment-records.js';
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

describe('updatePayment', () => {
  it('writes exactly what changed: any mix of a step\'s changes reads back as written', () => {
    fc.assert(
      fc.property(fc.subarray(MUTABLE_PAYMENT_FIELDS), fc.subarray(MUTABLE_PAYMENT_FIELDS), (firstStep, secondStep) => {
        db.prepare('DELETE FROM payments').run();
        insertPayment(db, createdCardPayment);
        const afterFirst = { ...createdCardPayment, ...pickFields(paidCardPayment, firstStep) };
        updatePayment(db, afterFirst, createdCardPayment);
        expect(findPayment(db, createdCardPayment.id)).toEqual(afterFirst);
        // A second step can also set fields back (an error cleared, the selection given up).
        const afterSecond = { ...afterFirst, ...pickFields(createdCardPayment, secondStep) };
        updatePayment(db, afterSecond, afterFirst);
        expect(findPayment(db, createdCardPayment.id)).toEqual(afterSecond);
      }),
      { numRuns: 200 },
    );
  });
});
