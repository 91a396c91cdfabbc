import type { FaultSettings } from '../../faults/settings.js';
import { toMerchant, type Merchant, type MerchantRow } from '../../payments/merchants.js';

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

/** A context's row, the same on both engines. */
export interface RequestContextRow extends MerchantRow {
  offset_ms: number;
  settings: string | null;
}

/**
 * The one joined read of a context, on both engines (each adds its WHERE): one statement, since
 * on SQLite every statement outside a transaction takes and drops the WAL's read lock (~5 µs).
 */
export const SELECT_REQUEST_CONTEXT = `SELECT m.id, m.name, m.short_name, m.utility, m.bill_layout, m.office_code,
       COALESCE(c.offset_ms, 0) AS offset_ms, f.settings
FROM merchants m
LEFT JOIN merchant_clocks c ON c.merchant_id = m.id
LEFT JOIN merchant_faults f ON f.merchant_id = m.id`;

export function toRequestContext(row: RequestContextRow | undefined): RequestContext | null {
  if (!row) return null;
  return {
    merchant: toMerchant(row),
    clockOffsetMs: Number(row.offset_ms),
    faults: row.settings === null ? null : (JSON.parse(row.settings) as FaultSettings),
  };
}
