import type { Database } from 'better-sqlite3';
import {
  SELECT_REQUEST_CONTEXT,
  toRequestContext,
  type RequestContextRepository,
  type RequestContextRow,
} from '../repositories/request-context.js';
import { statement } from '../statements.js';

/** The same joined statement as on PostgreSQL: one read lock of the WAL per context, not one per table. */
export function sqliteRequestContext(db: Database): RequestContextRepository {
  const one = async (where: string, value: string) =>
    toRequestContext(statement<[string], RequestContextRow>(db, `${SELECT_REQUEST_CONTEXT} WHERE ${where}`).get(value));
  return {
    bySecretKeySha256: (keySha256) => one('m.secret_key_sha256 = ?', keySha256),
    byMerchantId: (merchantId) => one('m.id = ?', merchantId),
    byPaymentId: (paymentId) => one('m.id = (SELECT merchant_id FROM payments WHERE id = ?)', paymentId),
  };
}
