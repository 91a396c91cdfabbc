/**
 * The browser's way back to the merchant once a payment is terminal: a plain GET redirect to the
 * merchant's success / fail / cancel URL (never a cross-site form POST, which would drop the
 * merchant's SameSite cookies and trip its CSRF checks). The query carries
 *
 *   paymentId, reference, status, t (unix seconds), signature
 *
 * where signature = hex HMAC-SHA256(secret, "<t>.<paymentId>.<status>.<reference>"). The reference
 * comes last because it is the merchant's free text and may itself contain dots; paymentId and
 * status never do. The merchant should still fetch the payment before shipping anything: the
 * redirect says where the customer landed, the API (or the webhook) is the source of truth.
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

export type ReturnStatus = 'succeeded' | 'failed' | 'cancelled' | 'expired';

export interface ReturnUrls {
  success?: string | null;
  fail?: string | null;
  cancel?: string | null;
}

export interface ReturnParams {
  paymentId: string;
  reference: string;
  status: ReturnStatus;
}

/** Which of the merchant's URLs each terminal status returns to; `cancel` falls back to `fail`. */
const DESTINATION: Record<ReturnStatus, Array<keyof ReturnUrls>> = {
  succeeded: ['success'],
  failed: ['fail'],
  expired: ['fail'],
  cancelled: ['cancel', 'fail'],
};

/** The query parameters this module owns; a merchant's own parameter of the same name is replaced. */
const SIGNED_PARAMS = ['paymentId', 'reference', 'status', 't', 'signature'] as const;

export function isReturnStatus(status: string): status is ReturnStatus {
  return Object.hasOwn(DESTINATION, status);
}

/**
 * The signed URL to send the browser to, or null when there is none: the payment is not terminal
 * yet, or the merchant gave no URL for this outcome. The URL's own query and fragment are kept.
 */
export function buildReturnUrl(
  returnUrls: ReturnUrls | null | undefined,
  params: { paymentId: string; reference: string; status: string },
  secret: string,
  at: Date,
): string | null {
  if (!returnUrls || !isReturnStatus(params.status)) return null;
  const base = DESTINATION[params.status].map((key) => returnUrls[key]).find((url) => url);
  if (!base) return null;
  const url = new URL(base);
  const signed = signReturnParams({ ...params, status: params.status }, secret, toUnixSeconds(at));
  for (const [name, value] of signed) url.searchParams.set(name, value);
  return url.toString();
}

/**
 * The five signed query parameters, in order. Used by buildReturnUrl, and by tests that need to
 * forge (or tamper with) a return.
 */
export function signReturnParams(params: ReturnParams, secret: string, timestamp: number): URLSearchParams {
  requireSecret(secret);
  requireUnixSeconds(timestamp);
  if (params.paymentId.includes('.') || params.paymentId === '') {
    throw new TypeError(`A payment id cannot be empty or contain ".", got "${params.paymentId}"`);
  }
  return new URLSearchParams({
    paymentId: params.paymentId,
    reference: params.reference,
    status: params.status,
    t: String(timestamp),
    signature: returnDigest(secret, timestamp, params),
  });
}

/**
 * Checks a return the merchant received: a full URL, a path with query (Express's
 * `req.originalUrl`), a bare query string or URLSearchParams. Throws WebhookSignatureError.
 */
export function verifyReturnUrl(
  url: string | URL | URLSearchParams,
  secret: string,
  options: FreshnessOptions = {},
): ReturnParams & { timestamp: number } {
  requireSecret(secret);
  const query = queryOf(url);
  const [paymentId, reference, status, t, signature] = SIGNED_PARAMS.map((name) => {
    const value = query.get(name);
    if (value === null) {
      throw new WebhookSignatureError('missing_parameter', `The return URL has no "${name}" parameter`);
    }
    return value;
  }) as [string, string, string, string, string];

  const timestamp = parseUnixSeconds(t);
  if (timestamp === null) throw malformed(`t must be unix seconds, got "${t}"`);
  if (!isSha256Hex(signature)) throw malformed('signature must be 64 hex characters');
  if (!isReturnStatus(status)) throw malformed(`status "${status}" is not a terminal payment status`);
  if (paymentId === '' || paymentId.includes('.')) throw malformed(`paymentId "${paymentId}" is not a payment id`);

  const params: ReturnParams = { paymentId, reference, status };
  if (!digestsEqual(returnDigest(secret, timestamp, params), signature)) {
    throw new WebhookSignatureError(
      'no_signature_match',
      'The return URL signature does not match its parameters and this secret',
    );
  }
  assertFresh(timestamp, options);
  return { ...params, timestamp };
}

function returnDigest(secret: string, timestamp: number, params: ReturnParams): string {
  return hmacSha256Hex(secret, `${timestamp}.${params.paymentId}.${params.status}.${params.reference}`);
}

function queryOf(url: string | URL | URLSearchParams): URLSearchParams {
  if (url instanceof URLSearchParams) return url;
  if (url instanceof URL) return url.searchParams;
  const withoutFragment = url.split('#', 1)[0] ?? '';
  const queryStart = withoutFragment.indexOf('?');
  return new URLSearchParams(queryStart === -1 ? withoutFragment : withoutFragment.slice(queryStart + 1));
}

function malformed(detail: string): WebhookSignatureError {
  return new WebhookSignatureError('malformed_parameter', `Malformed return URL: ${detail}`);
}
