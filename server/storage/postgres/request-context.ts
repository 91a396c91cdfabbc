import type pg from 'pg';
import type { FaultSettings } from '../../faults/settings.js';
import { toMerchant, type MerchantRow } from '../../payments/merchants.js';
import type { RequestContext, RequestContextRepository } from '../repositories/request-context.js';

interface ContextRow extends MerchantRow {
  offset_ms: number;
  settings: string | null;
}

const SELECT = `SELECT m.id, m.name, m.short_name, m.utility, m.bill_layout, m.office_code,
                       COALESCE(c.offset_ms, 0) AS offset_ms, f.settings
                FROM merchants m
                LEFT JOIN merchant_clocks c ON c.merchant_id = m.id
                LEFT JOIN merchant_faults f ON f.merchant_id = m.id`;

function toContext(row: ContextRow | undefined): RequestContext | null {
  if (!row) return null;
  return {
    merchant: toMerchant(row),
    clockOffsetMs: row.offset_ms,
    faults: row.settings === null ? null : (JSON.parse(row.settings) as FaultSettings),
  };
}

/** One query per request: the merchant, its clock and its faults as they are now, whichever instance wrote them. */
export function postgresRequestContext(client: pg.ClientBase): RequestContextRepository {
  const one = async (name: string, where: string, value: string) => {
    const { rows } = await client.query<ContextRow>({ name, text: `${SELECT} WHERE ${where}`, values: [value] });
    return toContext(rows[0]);
  };
  return {
    bySecretKeySha256: (keySha256) => one('context.by-key', 'm.secret_key_sha256 = $1', keySha256),
    byMerchantId: (merchantId) => one('context.by-merchant', 'm.id = $1', merchantId),
    byPaymentId: (paymentId) => one('context.by-payment', 'm.id = (SELECT merchant_id FROM payments WHERE id = $1)', paymentId),
  };
}
