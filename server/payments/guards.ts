import { NotFound } from '../http/problems.js';
import type { Merchant } from './merchants.js';
import type { PaymentRecord } from './record.js';

/**
 * Who may read or change a stored payment, checked on the row as found and before anything is
 * settled or changed: throws to refuse the caller, and always refuses a missing payment (in the
 * caller's own words, e.g. "there is no checkout session …").
 */
export type PaymentGuard = (stored: PaymentRecord | null, paymentId: string) => asserts stored is PaymentRecord;

/** A merchant sees only its own payments: another merchant's is a 404, exactly like one that does not exist. */
export function ownedBy(merchant: Pick<Merchant, 'id'>): PaymentGuard {
  return (stored, paymentId) => {
    if (!stored || stored.merchantId !== merchant.id) throw new NotFound(`there is no payment ${paymentId}`);
  };
}
