import type { Database } from 'better-sqlite3';
import {
  clearRefundOutcome,
  deleteRefundsOfMerchant,
  findLapsedRefundIds,
  findRefund,
  findRefundsOfPayment,
  getRefundOutcome,
  insertRefund,
  setRefundOutcome,
  updateRefund,
} from '../../refunds/repository.js';
import type { RefundRepository } from '../repositories/refunds.js';

/** The refunds on SQLite: today's statements (refunds/repository.ts); a lock is a read (units run one at a time). */
export function sqliteRefunds(db: Database): RefundRepository {
  return {
    insert: async (refund) => insertRefund(db, refund),
    update: async (refund) => updateRefund(db, refund),
    find: async (refundId) => findRefund(db, refundId),
    lock: async (refundId) => findRefund(db, refundId),
    ofPayment: async (paymentId) => findRefundsOfPayment(db, paymentId),
    claimLapsedIds: async (merchantId, at, limit) => findLapsedRefundIds(db, merchantId, at, limit),
    deleteOfMerchant: async (merchantId) => deleteRefundsOfMerchant(db, merchantId),
    outcome: async (merchantId) => getRefundOutcome(db, merchantId),
    setOutcome: async (merchantId, outcome, at) => setRefundOutcome(db, merchantId, outcome, at),
    clearOutcome: async (merchantId) => clearRefundOutcome(db, merchantId),
  };
}
