/**
 * A merchant's credentials for the drop-in gateway APIs: one login and password per dialect
 * (ekPay `mer_reg_id` / `mer_pas_key`, SSLCommerz `store_id` / `store_passwd`). Like the API
 * secret key, the password is kept only as a SHA-256 (for checking what a request presents);
 * a dialect that signs with a value derived from it (SSLCommerz's md5 of the store password in
 * `verify_sign`) keeps that derived value beside it, computed once when the credential is stored.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { DIALECT_IDS, type DialectId } from '../../domain/fixture-schemas/merchants.js';
import { getMerchant, sha256Hex, type Merchant } from '../payments/merchants.js';
import { statement } from '../storage/statements.js';

export { DIALECT_IDS, type DialectId };

export interface DialectCredential {
  login: string;
  password: string;
}

export type DialectCredentials = Partial<Record<DialectId, DialectCredential>>;

/** What a dialect derives from the password to sign with; ekPay signs nothing. */
const SIGNING_KEY: Record<DialectId, ((password: string) => string) | null> = {
  ekpay: null,
  // SSLCommerz: verify_sign covers md5(store_passwd), lowercase hex (research 2.3).
  sslcommerz: (password) => createHash('md5').update(password, 'utf8').digest('hex'),
};

interface CredentialRow {
  merchant_id: string;
  secret_sha256: string;
}

/**
 * Logins as read, per database: every drop-in create checks one, and they change only through
 * storeDialectCredentials (which drops this). A merchant deleted since is caught by getMerchant.
 */
const knownLogins = new WeakMap<Database, Map<string, CredentialRow>>();

/** Makes the merchant's stored credentials those given (dialects not named are removed). */
export function storeDialectCredentials(db: Database, merchantId: string, credentials: DialectCredentials): void {
  knownLogins.delete(db);
  statement(db, 'DELETE FROM merchant_dialect_credentials WHERE merchant_id = ?').run(merchantId);
  const insert = statement(
    db,
    `INSERT INTO merchant_dialect_credentials (merchant_id, dialect, login, secret_sha256, signing_key)
     VALUES (?, ?, ?, ?, ?)`,
  );
  for (const dialect of DIALECT_IDS) {
    const credential = credentials[dialect];
    if (!credential) continue;
    const signingKey = SIGNING_KEY[dialect]?.(credential.password) ?? null;
    insert.run(merchantId, dialect, credential.login, sha256Hex(credential.password), signingKey);
  }
}

/** Fresh credentials for every dialect (ephemeral merchants): shown once, kept only as hashes. */
export function generateDialectCredentials(merchantId: string): Required<DialectCredentials> {
  const password = () => randomBytes(12).toString('base64url');
  // Logins name the merchant, as the gateways' own sandbox ids do ("<org>_test", "<org>test").
  const name = merchantId.replace(/[^A-Za-z0-9]/g, '');
  return {
    ekpay: { login: `${name}_ekpay`, password: password() },
    sslcommerz: { login: `${name}ssl`, password: password() },
  };
}

export type CredentialCheck =
  | { ok: true; merchant: Merchant }
  | { ok: false; reason: 'unknown_login' | 'wrong_password' };

/** The merchant a dialect login and password belong to, compared in constant time. */
export function checkDialectCredentials(
  db: Database,
  dialect: DialectId,
  login: string,
  password: string,
): CredentialCheck {
  let logins = knownLogins.get(db);
  if (!logins) {
    logins = new Map();
    knownLogins.set(db, logins);
  }
  const cacheKey = `${dialect}\u0000${login}`;
  let row = logins.get(cacheKey);
  if (!row) {
    row = statement<[string, string], CredentialRow>(
      db,
      'SELECT merchant_id, secret_sha256 FROM merchant_dialect_credentials WHERE dialect = ? AND login = ?',
    ).get(dialect, login);
    if (!row) return { ok: false, reason: 'unknown_login' };
    logins.set(cacheKey, row);
  }
  const presented = Buffer.from(sha256Hex(password), 'hex');
  const stored = Buffer.from(row.secret_sha256, 'hex');
  if (presented.length !== stored.length || !timingSafeEqual(presented, stored)) return { ok: false, reason: 'wrong_password' };
  const merchant = getMerchant(db, row.merchant_id);
  return merchant ? { ok: true, merchant } : { ok: false, reason: 'unknown_login' };
}

/** The merchant's login and signing key for a dialect, or null when it has none. */
export function dialectAccount(
  db: Database,
  dialect: DialectId,
  merchantId: string,
): { login: string; signingKey: string | null } | null {
  const row = statement<[string, string], { login: string; signing_key: string | null }>(
    db,
    'SELECT login, signing_key FROM merchant_dialect_credentials WHERE dialect = ? AND merchant_id = ?',
  ).get(dialect, merchantId);
  return row ? { login: row.login, signingKey: row.signing_key } : null;
}
