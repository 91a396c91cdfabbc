/**
 * Webhook signatures, Stripe style:
 *
 *   Billpay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * While a merchant rotates its secret the header carries one `v1` per active secret, so a receiver
 * holding either the old or the new one accepts it. Pure: node:crypto only, usable by merchants.
 */
import {
  assertFresh,
  digestsEqual,
  hmacSha256Hex,
  isSha256Hex,
  parseUnixSeconds,
  requireSecret,
  requireUnixSeconds,
  toUnixSeconds,
  WebhookSignatureError,
  type FreshnessOptions,
} from './hmac.js';

export { WebhookSignatureError, DEFAULT_TOLERANCE_SECONDS } from './hmac.js';
export type { SignatureFailureReason, FreshnessOptions } from './hmac.js';

export const SIGNATURE_HEADER = 'Billpay-Signature';
const SIGNATURE_SCHEME = 'v1';

/**
 * The `Billpay-Signature` header value for `rawBody`, signed with every secret given (in order).
 * `timestamp` is unix seconds, default now.
 */
export function signWebhookPayload(
  rawBody: string,
  secret: string | string[],
  timestamp: number = toUnixSeconds(new Date()),
): string {
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (secrets.length === 0) throw new TypeError('At least one signing secret is needed');
  secrets.forEach(requireSecret);
  requireUnixSeconds(timestamp);
  const signatures = secrets.map((s) => `${SIGNATURE_SCHEME}=${signedDigest(s, timestamp, rawBody)}`);
  return [`t=${timestamp}`, ...signatures].join(',');
}

/**
 * Checks that `header` signs exactly `rawBody` (the bytes received, before any JSON parsing) with
 * `secret`, and that its timestamp is within the tolerance of now. Returns the signed timestamp;
 * throws WebhookSignatureError otherwise.
 */
export function verifyWebhookSignature(
  rawBody: string | Buffer,
  header: string | undefined,
  secret: string,
  options: FreshnessOptions = {},
): { timestamp: number } {
  requireSecret(secret);
  if (typeof rawBody !== 'string' && !Buffer.isBuffer(rawBody)) {
    // The usual mistake: a JSON body parser ran first, and the bytes that were signed are gone.
    throw new TypeError(
      'verifyWebhookSignature needs the raw body (string or Buffer), not parsed JSON; ' +
        "with Express, use express.raw({ type: 'application/json' }) on the webhook route",
    );
  }
  if (header === undefined || header.trim() === '') {
    throw new WebhookSignatureError('missing_header', `The ${SIGNATURE_HEADER} header is missing`);
  }
  const { timestamp, signatures } = parseSignatureHeader(header);
  const expected = signedDigest(secret, timestamp, rawBody);
  // Compare against every candidate (no early exit) so timing says nothing about which one matched.
  const matched = signatures.reduce((found, candidate) => digestsEqual(expected, candidate) || found, false);
  if (!matched) {
    throw new WebhookSignatureError(
      'no_signature_match',
      `No ${SIGNATURE_SCHEME} signature in ${SIGNATURE_HEADER} matches this body and secret`,
    );
  }
  // Freshness after authenticity: a stale but genuine message is reported as stale, a forged one as forged.
  assertFresh(timestamp, options);
  return { timestamp };
}

function signedDigest(secret: string, timestamp: number, rawBody: string | Buffer): string {
  return hmacSha256Hex(secret, `${timestamp}.`, rawBody);
}

/** `t=…,v1=…[,v1=…]`; unknown schemes (e.g. a future `v2`) are ignored, as Stripe's are. */
function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const element of header.split(',')) {
    const separator = element.indexOf('=');
    if (separator <= 0) throw malformed(`element "${element.trim()}" is not key=value`);
    const key = element.slice(0, separator).trim();
    const value = element.slice(separator + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined) throw malformed('t appears more than once');
      timestamp = parseUnixSeconds(value) ?? undefined;
      if (timestamp === undefined) throw malformed(`t must be unix seconds, got "${value}"`);
    } else if (key === SIGNATURE_SCHEME) {
      if (!isSha256Hex(value)) throw malformed(`${SIGNATURE_SCHEME} must be 64 hex characters`);
      signatures.push(value);
    }
  }
  if (timestamp === undefined) throw malformed('t is missing');
  if (signatures.length === 0) throw malformed(`no ${SIGNATURE_SCHEME} signature`);
  return { timestamp, signatures };
}

function malformed(detail: string): WebhookSignatureError {
  return new WebhookSignatureError('malformed_header', `Malformed ${SIGNATURE_HEADER} header: ${detail}`);
}
