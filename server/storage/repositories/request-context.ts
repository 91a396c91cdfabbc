import type { FaultSettings } from '../../faults/settings.js';
import type { Merchant } from '../../payments/merchants.js';

/** What a request needs to know of its merchant before anything else: who, what time, what faults. */
export interface RequestContext {
  merchant: Merchant;
  /** The merchant's test clock offset in milliseconds (its now is the base clock plus this). */
  clockOffsetMs: number;
  faults: FaultSettings | null;
}

/**
 * A request's merchant with its clock and faults, read together at the start of the request. On
 * PostgreSQL it is one joined query and nothing is cached, so a clock advance, a fault setting or
 * a merchant deleted on one instance is in force on the next request at any other.
 */
export interface RequestContextRepository {
  /** The merchant whose secret key hashes to `keySha256` (API requests), or null. */
  bySecretKeySha256(keySha256: string): Promise<RequestContext | null>;
  /** A known merchant (a route attributed the request to it), or null once deleted. */
  byMerchantId(merchantId: string): Promise<RequestContext | null>;
  /** The merchant of a payment (a checkout request names only its payment), or null when there is no such payment. */
  byPaymentId(paymentId: string): Promise<RequestContext | null>;
}

