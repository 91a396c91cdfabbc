import type { PaymentTransition } from '../../payments/repository.js';
import type { PaymentRecord } from '../../payments/record.js';

export type { PaymentTransition } from '../../payments/repository.js';

/**
 * What an insert did: stored the payment, or found the merchant's reference or the bill already
 * taken by `holder` (as stored: a holder whose deadline has passed may not have lapsed yet). The
 * database's unique indexes decide, so two units inserting at once on different instances get
 * one payment and one `taken`, which the service answers with its 409.
 */
export type PaymentInsert = { inserted: true } | { inserted: false; taken: 'reference' | 'bill'; holder: PaymentRecord };

/**
 * Payments and their transition log. A unit that changes a payment starts with `lock` (on
 * PostgreSQL the row stays locked until the unit ends, so a second unit changing the same payment
 * waits and then reads what the first wrote); `find` and the other reads take no lock.
 */
export interface PaymentRepository {
  /** Stores a new payment, unless its reference or (for a bill) the bill is taken. */
  insert(payment: PaymentRecord): Promise<PaymentInsert>;
  find(paymentId: string): Promise<PaymentRecord | null>;
  /** The payment, locked for the rest of this unit: the first read of every unit that changes it. */
  lock(paymentId: string): Promise<PaymentRecord | null>;
  /** Writes what changed from `before` (the payment as this unit locked it, or as it last wrote it). */
  update(payment: PaymentRecord, before: PaymentRecord): Promise<void>;
  recordTransition(transition: PaymentTransition): Promise<void>;
  /** The payment's transition log, oldest first. */
  transitions(paymentId: string): Promise<PaymentTransition[]>;
  findByReference(merchantId: string, reference: string): Promise<PaymentRecord | null>;
  /** The id of the merchant's payment with this reference (an index-only lookup). */
  findIdByReference(merchantId: string, reference: string): Promise<string | null>;
  findByTrackingNumber(trackingNumber: string): Promise<PaymentRecord | null>;
  /** The payment that holds the bill, paid or in progress (not failed, cancelled or expired), as stored. */
  findLiveForBill(merchantId: string, billKey: string): Promise<PaymentRecord | null>;
  /**
   * Up to `limit` ids of the merchant's open payments whose deadline is at or before `at`, soonest
   * deadline first, locked for this unit: settle them in the same unit. On PostgreSQL a payment
   * another unit holds is skipped, so sweepers on several instances each take different ones.
   */
  claimLapsedIds(merchantId: string, at: Date, limit: number): Promise<string[]>;
  /** Deletes the merchant's payments and their transition logs (test reset); returns how many payments. */
  deleteOfMerchant(merchantId: string): Promise<number>;
}

/**
 * After the database refused `payment` as a duplicate: the payment that holds its reference,
 * else its bill; null when neither is held any more (the holder lapsed or was deleted since).
 */
export async function holderOf(
  payments: Pick<PaymentRepository, 'findByReference' | 'findLiveForBill'>,
  payment: PaymentRecord,
): Promise<PaymentInsert | null> {
  const sameReference = await payments.findByReference(payment.merchantId, payment.reference);
  if (sameReference) return { inserted: false, taken: 'reference', holder: sameReference };
  const sameBill = payment.billKey === null ? null : await payments.findLiveForBill(payment.merchantId, payment.billKey);
  return sameBill && { inserted: false, taken: 'bill', holder: sameBill };
}

/** The error of an insert refused as a duplicate that no payment holds the reference or bill of (its id is taken). */
export function duplicateWithoutHolder(payment: PaymentRecord, cause?: unknown): Error {
  return new Error(`payment ${payment.id} was refused as a duplicate, but no payment holds its reference or bill`, { cause });
}
