/**
 * SSLCommerz's `verify_sign` (research 2.3 [C]: the official PHP helper, same code in three
 * repositories), pure. The gateway lists the fields it signs in `verify_key` (comma-separated);
 * the signature is the md5 of those fields plus `store_passwd` = md5(store password), sorted by
 * key in byte order (PHP `ksort`), joined as `key=value` with `&`, values raw (not URL-encoded),
 * lowercase hex.
 *
 * `verify_sign_sha2` is not documented anywhere we found [G]: the simulator sends the SHA-256 of
 * the same string, and no client checks it.
 */
import { createHash } from 'node:crypto';

/** The fields SSLCommerz signs, in the order of its sandbox's `verify_key` (research 2.3). */
export const VERIFY_KEYS = [
  'amount',
  'bank_tran_id',
  'base_fair',
  'card_brand',
  'card_issuer',
  'card_issuer_country',
  'card_issuer_country_code',
  'card_no',
  'card_sub_brand',
  'card_type',
  'currency',
  'currency_amount',
  'currency_rate',
  'currency_type',
  'error',
  'risk_level',
  'risk_title',
  'status',
  'store_amount',
  'store_id',
  'tran_date',
  'tran_id',
  'val_id',
  'value_a',
  'value_b',
  'value_c',
  'value_d',
] as const;

const hex = (algorithm: 'md5' | 'sha256', text: string) => createHash(algorithm).update(text, 'utf8').digest('hex');

/** Byte order, like PHP's ksort on string keys. */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** The string both hashes cover: the listed fields (missing ones empty) and store_passwd, ksorted. */
export function signedString(
  fields: Readonly<Record<string, string>>,
  verifyKey: string,
  storePasswdMd5: string,
): string {
  const signed = new Map<string, string>();
  for (const key of verifyKey.split(',')) signed.set(key, fields[key] ?? '');
  signed.set('store_passwd', storePasswdMd5);
  return [...signed.keys()]
    .sort(byteOrder)
    .map((key) => `${key}=${signed.get(key)}`)
    .join('&');
}

/** The fields with `verify_sign`, `verify_key` and `verify_sign_sha2` added, as the gateway posts them. */
export function signFields(
  fields: Readonly<Record<string, string>>,
  storePasswdMd5: string,
): Record<string, string> {
  const verifyKey = VERIFY_KEYS.join(',');
  const text = signedString(fields, verifyKey, storePasswdMd5);
  return { ...fields, verify_sign: hex('md5', text), verify_key: verifyKey, verify_sign_sha2: hex('sha256', text) };
}

/**
 * What a merchant's server checks (SSLCommerz's PHP helper, ported): true when `verify_sign`
 * matches the posted fields and the store password. The test helper for this dialect.
 */
export function checkVerifySign(posted: Readonly<Record<string, string>>, storePassword: string): boolean {
  const { verify_sign: sign, verify_key: verifyKey } = posted;
  if (!sign || !verifyKey) return false;
  return hex('md5', signedString(posted, verifyKey, hex('md5', storePassword))) === sign;
}
