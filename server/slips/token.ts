/**
 * The secret a slip's URLs carry (`/slips/<id>.html?token=…`, `.pdf?token=…`, and the verify
 * address in its QR code). Payment ids and tracking numbers can be learnt or guessed; the token
 * cannot: it is an HMAC-SHA256 of the payment id keyed with the payment's own random secret (the
 * SHA-256 of its client secret, stored since the payment was created and never shown), cut to
 * 128 bits. So nothing new is stored, every slip of every payment (old ones too) has one, and the
 * same payment always gets the same token. It travels in the query, which neither the request log
 * nor the journal records.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** base64url of 16 bytes: 22 characters. */
export const SLIP_TOKEN_LENGTH = 22;

export function slipToken(payment: { id: string; clientSecretSha256: string }): string {
  return createHmac('sha256', payment.clientSecretSha256)
    .update(`billpay-slip:${payment.id}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

/** Whether the query's `token` is exactly `expected`, compared in constant time (an array or nothing is no). */
export function slipTokenMatches(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
