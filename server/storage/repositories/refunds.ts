import type { RefundOutcome } from '../../../domain/refund-state.js';
import type { RefundRecord } from '../../refunds/repository.js';

/**
 * Refunds and each merchant's chosen refund outcome. A unit that creates a refund starts by
 * locking its payment (tx.payments.lock), so two refunds of one payment never both pass the
 * "no more than was paid" check; a unit that settles a refund locks the refund.
 */
export interface RefundRepository {
  insert(refund: RefundRecord): Promise<void>;
  /** Writes what a transition changes: status, failure reason, deadline, completed and updated at. */
  update(refund: RefundRecord): Promise<void>;
  find(refundId: string): Promise<RefundRecord | null>;
  /** The refund, locked for the rest of this unit: the first read of a unit that changes it. */
  lock(refundId: string): Promise<RefundRecord | null>;
  /** The payment's refunds, oldest first. */
  ofPayment(paymentId: string): Promise<RefundRecord[]>;
  /**
   * Up to `limit` ids of the merchant's pending refunds whose deadline is at or before `at`,
   * soonest first, locked for this unit (on PostgreSQL skipping those another unit holds).
   */
  claimLapsedIds(merchantId: string, at: Date, limit: number): Promise<string[]>;
  /** Deletes the merchant's refunds (test reset); returns how many. */
  deleteOfMerchant(merchantId: string): Promise<number>;
  /** The merchant's chosen outcome (PUT /api/v1/test/refunds/outcome); `instant` when none was set. */
  outcome(merchantId: string): Promise<RefundOutcome>;
  setOutcome(merchantId: string, outcome: RefundOutcome, at: Date): Promise<void>;
  clearOutcome(merchantId: string): Promise<void>;
}
