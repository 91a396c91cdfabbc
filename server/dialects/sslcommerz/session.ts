/**
 * What an SSLCommerz session keeps beside its payment (dialect_sessions.data): what the merchant
 * sent that the return POST, the IPN and the queries must echo, and the keys issued on success.
 */
import { randomBytes } from 'node:crypto';
import type { Tx } from '../../storage/port.js';
import type { DialectSession } from '../sessions.js';

export const DIALECT = 'sslcommerz' as const;

export interface SslcommerzSessionData {
  sessionkey: string;
  /** The store_id the session was created with. */
  storeId: string;
  /** `total_amount` as the merchant sent it, normalised to 2 decimals. */
  totalAmount: string;
  currency: string;
  urls: { success: string; fail: string; cancel: string; ipn: string | null };
  values: { value_a: string; value_b: string; value_c: string; value_d: string };
  /** Issued when the payment succeeds (also dialect keys, so they find the payment). */
  valId: string | null;
  bankTranId: string | null;
  /** When `val_id` was first validated (ISO 8601); later validations answer VALIDATED. */
  validatedAt: string | null;
}

export type SslcommerzSession = DialectSession<SslcommerzSessionData>;

/** "22022813283903BWYgoQWPMcfSP": Dhaka yyMMddHHmmss, two digits, then letters and digits (sandbox values, research 2.4). */
export function newGatewayId(dhakaDateTime: string): string {
  const stamp = dhakaDateTime.replace(/\D/g, '').slice(2, 14);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(13);
  const digits = String(bytes[0]! % 100).padStart(2, '0');
  const tail = [...bytes.subarray(1)].map((byte) => alphabet[byte % alphabet.length]).join('');
  return `${stamp}${digits}${tail}`;
}

/**
 * Issues `val_id` and `bank_tran_id` for a session whose payment has just succeeded (inside the
 * transition's unit, `tx`), registered as keys so that validation and refunds find the payment.
 * Resolves with the session data with them; issuing twice keeps the first.
 */
export async function issueKeys(tx: Tx, session: SslcommerzSession, paidAtDhaka: string): Promise<SslcommerzSessionData> {
  if (session.data.valId && session.data.bankTranId) return session.data;
  const data = { ...session.data, valId: newGatewayId(paidAtDhaka), bankTranId: newGatewayId(paidAtDhaka) };
  await tx.dialects.addKey(DIALECT, data.valId, session.paymentId);
  await tx.dialects.addKey(DIALECT, data.bankTranId, session.paymentId);
  await tx.dialects.updateSessionData(session.paymentId, data);
  return data;
}
