import { timingSafeEqual } from 'node:crypto';
import { sha256Hex, type Merchant } from '../payments/merchants.js';
import type { Tx } from '../storage/port.js';
import { Unauthorized } from './problems.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The one merchant lookup: `Authorization: Bearer <secret key>` against the merchants table
 * (seeded from fixtures, plus ephemeral merchants). Throws Unauthorized.
 */
export async function authenticateMerchant(tx: Pick<Tx, 'merchants'>, authorization: string | undefined): Promise<Merchant> {
  if (!authorization) throw new Unauthorized('send the merchant secret key as "Authorization: Bearer <key>"');
  const key = BEARER.exec(authorization)?.[1];
  if (!key) throw new Unauthorized('the Authorization header must be "Bearer <key>"');
  const merchant = await tx.merchants.findBySecretKeySha256(sha256Hex(key));
  if (!merchant) throw new Unauthorized('unknown secret key');
  return merchant;
}

/** Compares a presented client secret with the stored SHA-256 in constant time. */
export function clientSecretMatches(presented: string | undefined, storedSha256: string): boolean {
  if (!presented) return false;
  const presentedHash = Buffer.from(sha256Hex(presented), 'hex');
  const stored = Buffer.from(storedSha256, 'hex');
  return presentedHash.length === stored.length && timingSafeEqual(presentedHash, stored);
}
