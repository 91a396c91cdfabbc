/**
 * ekPay's identifiers for a session: the `secure_token` the merchant redirects with, and ekPay's
 * own transaction id (the IPN's `trnx_info.trnx_id`). The token names its payment in its `jti`,
 * so the hosted page finds the session without a lookup table; the check is that the token
 * presented is the one stored with that session (compared in constant time), not its signature.
 */
import { createHmac, createSecretKey, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { formatDhakaDateTime } from '../../../domain/dhaka-time.js';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * A JWT shaped like the sample an integrator left in a comment (research §1.1 [S]): HS512 over
 * `{"sub":"ekpaycore","auth":"ROLE_MERCHANT","exp":…}`, plus a `jti`: the payment's id. The key
 * is random per process: the token is never verified by its signature (see the top), so a
 * restart does not invalidate the sessions it names.
 */
export class SecureTokens {
  // A KeyObject: HMAC skips importing the raw key on every token (a third of its cost).
  private readonly key = createSecretKey(randomBytes(64));

  issue(paymentId: string, expiresAt: Date): string {
    const header = base64url(JSON.stringify({ alg: 'HS512' }));
    const payload = base64url(
      JSON.stringify({ sub: 'ekpaycore', auth: 'ROLE_MERCHANT', exp: Math.floor(expiresAt.getTime() / 1000), jti: paymentId }),
    );
    const signature = createHmac('sha512', this.key).update(`${header}.${payload}`).digest('base64url');
    return `${header}.${payload}.${signature}`;
  }
}

/** The payment a secure token names (its `jti`), or null for anything that is not one of ours. */
export function paymentIdOfToken(token: string): string | null {
  const payload = token.split('.')[1];
  if (payload === undefined) return null;
  try {
    const { jti } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { jti?: unknown };
    return typeof jti === 'string' && jti.startsWith('pay_') ? jti : null;
  } catch {
    return null;
  }
}

/** Whether `presented` is exactly the token stored with the session (constant time). */
export function sameToken(presented: string, stored: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * ekPay's transaction id for a session: "EKP", the Dhaka date and time of its creation
 * (YYMMDDHHmmss) and 6 random digits. Its real format is not public [G]; this one sorts by time
 * and is unique in practice (the dialect key's primary key would refuse a repeat).
 */
export function newEkpayTransactionId(at: Date): string {
  const stamp = formatDhakaDateTime(at).replace(/\D/g, '').slice(2);
  return `EKP${stamp}${String(randomInt(1_000_000)).padStart(6, '0')}`;
}
