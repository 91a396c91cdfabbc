import type pg from 'pg';
import {
  SELECT_REQUEST_CONTEXT,
  toRequestContext,
  type RequestContextRepository,
  type RequestContextRow,
} from '../repositories/request-context.js';

/** One query per request: the merchant, its clock and its faults as they are now, whichever instance wrote them. */
export function postgresRequestContext(client: pg.ClientBase): RequestContextRepository {
  const one = async (name: string, where: string, value: string) => {
    const { rows } = await client.query<RequestContextRow>({ name, text: `${SELECT_REQUEST_CONTEXT} WHERE ${where}`, values: [value] });
    return toRequestContext(rows[0]);
  };
  return {
    bySecretKeySha256: (keySha256) => one('context.by-key', 'm.secret_key_sha256 = $1', keySha256),
    byMerchantId: (merchantId) => one('context.by-merchant', 'm.id = $1', merchantId),
    byPaymentId: (paymentId) => one('context.by-payment', 'm.id = (SELECT merchant_id FROM payments WHERE id = $1)', paymentId),
  };
}
