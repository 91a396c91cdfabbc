import type { Database } from 'better-sqlite3';
import {
  deletePaymentsOfMerchant,
  findLapsedPaymentIds,
  findLivePaymentForBill,
  findPayment,
  findPaymentByReference,
  findPaymentByTrackingNumber,
  findPaymentIdByReference,
  insertPayment,
  listTransitions,
  recordTransition,
  updatePayment,
} from '../../payments/repository.js';
import { duplicateWithoutHolder, holderOf, type PaymentRepository } from '../repositories/payments.js';

/** better-sqlite3's error for a row a UNIQUE index or the primary key refused. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * The payments on SQLite: today's statements (payments/repository.ts). Units run one at a time,
 * so a lock is a plain read, and so is a claim of lapsed payments: no other unit can take them.
 */
export function sqlitePayments(db: Database): PaymentRepository {
  const payments: PaymentRepository = {
    async insert(payment) {
      try {
        insertPayment(db, payment);
        return { inserted: true };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Only the refused statement is undone; the unit goes on and answers the conflict.
        const held = await holderOf(payments, payment);
        if (!held) throw duplicateWithoutHolder(payment, error);
        return held;
      }
    },
    find: async (paymentId) => findPayment(db, paymentId),
    lock: async (paymentId) => findPayment(db, paymentId),
    async update(payment, before) {
      updatePayment(db, payment, before);
    },
    async recordTransition(transition) {
      recordTransition(db, transition);
    },
    transitions: async (paymentId) => listTransitions(db, paymentId),
    findByReference: async (merchantId, reference) => findPaymentByReference(db, merchantId, reference),
    findIdByReference: async (merchantId, reference) => findPaymentIdByReference(db, merchantId, reference),
    findByTrackingNumber: async (trackingNumber) => findPaymentByTrackingNumber(db, trackingNumber),
    findLiveForBill: async (merchantId, billKey) => findLivePaymentForBill(db, merchantId, billKey),
    claimLapsedIds: async (merchantId, at, limit) => findLapsedPaymentIds(db, merchantId, at, limit),
    deleteOfMerchant: async (merchantId) => deletePaymentsOfMerchant(db, merchantId),
  };
  return payments;
}
