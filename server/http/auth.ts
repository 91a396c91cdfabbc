import { timingSafeEqual } from 'node:crypto';
import { sha256Hex, type Merchant } from '../payments/merchants.js';
import type { RequestContext } from '../storage/repositories/request-context.js';
import { Unauthorized } from './problems.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The key of `Authorization: Bearer <key>`, or undefined when the header is missing or has another shape. */
export function bearerKey(authorization: string | undefined): string | undefined {
  return authorization ? BEARER.exec(authorization)?.[1] : undefined;
}

/**
 * The one merchant authentication: `Authorization: Bearer <secret key>`, whose merchant the
 * request's context (RequestContexts, read by that key) holds. Throws Unauthorized.
 */
export function authenticateMerchant(authorization: string | undefined, context: RequestContext | null): Merchant {
  if (!authorization) throw new Unauthorized('send the merchant secret key as "Authorization: Bearer <key>"');
  if (!bearerKey(authorization)) throw new Unauthorized('the Authorization header must be "Bearer <key>"');
  if (!context) throw new Unauthorized('unknown secret key');
  return context.merchant;
}

/** Compares a presented client secret with the stored SHA-256 in constant time. */
export function clientSecretMatches(presented: string | undefined, storedSha256: string): boolean {
  if (!presented) return false;
  const presentedHash = Buffer.from(sha256Hex(presented), 'hex');
  const stored = Buffer.from(storedSha256, 'hex');
  return presentedHash.length === stored.length && timingSafeEqual(presentedHash, stored);
}
