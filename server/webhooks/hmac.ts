/**
 * The primitives shared by webhook signatures and signed return URLs: one error class, the HMAC,
 * a constant-time comparison and the timestamp window. Pure (node:crypto only).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureFailureReason =
  | 'missing_header'
  | 'malformed_header'
  | 'missing_parameter'
  | 'malformed_parameter'
  | 'no_signature_match'
  | 'timestamp_too_old'
  | 'timestamp_in_future';

/** Why a webhook signature or a signed return URL was rejected; `reason` is for code, the message for people. */
export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';

  constructor(
    readonly reason: SignatureFailureReason,
    message: string,
  ) {
    super(message);
  }
}

export interface FreshnessOptions {
  /** How far the signed timestamp may be from `now`, either way. Default 300 (5 minutes). */
  toleranceSeconds?: number;
  /** The receiver's clock; default the real one. */
  now?: Date;
}

export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A digest is 32 bytes; anything that is not 64 hex characters cannot be one. */
const SHA256_HEX = /^[0-9a-f]{64}$/i;

export function hmacSha256Hex(secret: string, ...parts: Array<string | Buffer>): string {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

/** Constant-time equality of two hex digests (callers check the shape first, so lengths match). */
export function digestsEqual(expectedHex: string, candidateHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  const candidate = Buffer.from(candidateHex, 'hex');
  return expected.length === candidate.length && timingSafeEqual(expected, candidate);
}

export function toUnixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** Unix seconds as they appear in a header or query ("1795416120"), or null for anything else. */
export function parseUnixSeconds(text: string): number | null {
  return /^\d{1,12}$/.test(text) ? Number(text) : null;
}

export function requireSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new TypeError('A signing secret must be a non-empty string');
  }
}

export function requireUnixSeconds(timestamp: number): void {
  // Milliseconds passed by mistake would sign a date 50 000 years away; refuse instead.
  if (!Number.isSafeInteger(timestamp) || timestamp < 0 || timestamp > 1e11) {
    throw new RangeError(`Expected a timestamp in unix seconds, got ${timestamp}`);
  }
}

/** Rejects a signed timestamp outside now ± tolerance (replays of old messages, skewed clocks). */
export function assertFresh(timestamp: number, options: FreshnessOptions = {}): void {
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = toUnixSeconds(options.now ?? new Date());
  if (timestamp < now - tolerance) {
    throw new WebhookSignatureError(
      'timestamp_too_old',
      `Signature timestamp ${timestamp} is ${now - timestamp} s old; at most ${tolerance} s is accepted`,
    );
  }
  if (timestamp > now + tolerance) {
    throw new WebhookSignatureError(
      'timestamp_in_future',
      `Signature timestamp ${timestamp} is ${timestamp - now} s in the future; at most ${tolerance} s is accepted`,
    );
  }
}
