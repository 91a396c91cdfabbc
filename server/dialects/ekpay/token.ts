/**
 * ekPay's identifiers for a session: the `secure_token` the merchant redirects with, and ekPay's
 * own transaction id (the IPN's `trnx_info.trnx_id`). Both are dialect keys of the session, so
 * each finds it; neither is ever verified cryptographically (the lookup is the check).
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { formatDhakaDateTime } from '../../../domain/dhaka-time.js';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * A JWT shaped like the sample an integrator left in a comment (research §1.1 [S]): HS512 over
 * `{"sub":"ekpaycore","auth":"ROLE_MERCHANT","exp":…}`, plus a `jti` so two sessions created in
 * the same second get different tokens. The key is random per process: the token is only ever
 * looked up, never verified, so a restart does not invalidate the sessions it names.
 */
export class SecureTokens {
  private readonly key = randomBytes(64);

  issue(expiresAt: Date): string {
    const header = base64url(JSON.stringify({ alg: 'HS512' }));
    const payload = base64url(
      JSON.stringify({
        sub: 'ekpaycore',
        auth: 'ROLE_MERCHANT',
        exp: Math.floor(expiresAt.getTime() / 1000),
        jti: randomBytes(12).toString('base64url'),
      }),
    );
    const signature = createHmac('sha512', this.key).update(`${header}.${payload}`).digest('base64url');
    return `${header}.${payload}.${signature}`;
  }
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
