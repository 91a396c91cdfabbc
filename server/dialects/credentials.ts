/**
 * A merchant's credentials for the drop-in gateway APIs: one login and password per dialect
 * (ekPay `mer_reg_id` / `mer_pas_key`, SSLCommerz `store_id` / `store_passwd`). Like the API
 * secret key, the password is kept only as a SHA-256 (for checking what a request presents);
 * a dialect that signs with a value derived from it (SSLCommerz's md5 of the store password in
 * `verify_sign`) keeps that derived value beside it, computed once when the credential is stored.
 *
 * The services read and write them through `tx.dialects` (storage/repositories/dialects.ts); the
 * statements below taking a `db` are that repository's SQLite side.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { DIALECT_IDS, type DialectId } from '../../domain/fixture-schemas/merchants.js';
import { sha256Hex, type Merchant } from '../payments/merchants.js';
import type { Tx } from '../storage/port.js';
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

export interface DialectLogin {
  merchantId: string;
  /** SHA-256 of the password (the password itself is never stored). */
  secretSha256: string;
}

/**
 * Logins as read, per SQLite database (the one process owns the file; the PostgreSQL adapter keeps
 * none): every drop-in create checks one, and they change only through storeDialectCredentials
 * (which drops this). A merchant deleted since is caught by checkDialectCredentials.
 */
const knownLogins = new WeakMap<Database, Map<string, DialectLogin>>();

/** A credential as stored: the password only as its SHA-256, with what the dialect signs with. */
export interface StoredCredential {
  dialect: DialectId;
  login: string;
  secretSha256: string;
  signingKey: string | null;
}

/** The rows that store `credentials` (one per dialect named). */
export function storedCredentials(credentials: DialectCredentials): StoredCredential[] {
  return DIALECT_IDS.flatMap((dialect) => {
    const credential = credentials[dialect];
    if (!credential) return [];
    const signingKey = SIGNING_KEY[dialect]?.(credential.password) ?? null;
    return [{ dialect, login: credential.login, secretSha256: sha256Hex(credential.password), signingKey }];
  });
}

/** Makes the merchant's stored credentials those given (dialects not named are removed). */
export function storeDialectCredentials(db: Database, merchantId: string, credentials: DialectCredentials): void {
  knownLogins.delete(db);
  statement(db, 'DELETE FROM merchant_dialect_credentials WHERE merchant_id = ?').run(merchantId);
  const insert = statement(
    db,
    `INSERT INTO merchant_dialect_credentials (merchant_id, dialect, login, secret_sha256, signing_key)
     VALUES (?, ?, ?, ?, ?)`,
  );
  for (const row of storedCredentials(credentials)) insert.run(merchantId, row.dialect, row.login, row.secretSha256, row.signingKey);
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

/**
 * The merchant a dialect login and password belong to, compared in constant time, read in the
 * caller's unit. A merchant deleted since its credentials were stored is an unknown login.
 */
export async function checkDialectCredentials(
  tx: Tx,
  dialect: DialectId,
  login: string,
  password: string,
): Promise<CredentialCheck> {
  const row = await tx.dialects.login(dialect, login);
  if (!row) return { ok: false, reason: 'unknown_login' };
  if (!passwordMatches(password, row.secretSha256)) return { ok: false, reason: 'wrong_password' };
  const merchant = await tx.merchants.get(row.merchantId);
  return merchant ? { ok: true, merchant } : { ok: false, reason: 'unknown_login' };
}

/** Whether `password` hashes to `secretSha256`, compared in constant time. */
export function passwordMatches(password: string, secretSha256: string): boolean {
  const presented = Buffer.from(sha256Hex(password), 'hex');
  const stored = Buffer.from(secretSha256, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** Whose a dialect login is, and the hash of its password; null for an unknown login. */
export function findDialectLogin(db: Database, dialect: DialectId, login: string): DialectLogin | null {
  let logins = knownLogins.get(db);
  if (!logins) {
    logins = new Map();
    knownLogins.set(db, logins);
  }
  const cacheKey = `${dialect}\u0000${login}`;
  const cached = logins.get(cacheKey);
  if (cached) return cached;
  const row = statement<[string, string], { merchant_id: string; secret_sha256: string }>(
    db,
    'SELECT merchant_id, secret_sha256 FROM merchant_dialect_credentials WHERE dialect = ? AND login = ?',
  ).get(dialect, login);
  if (!row) return null;
  const found = { merchantId: row.merchant_id, secretSha256: row.secret_sha256 };
  logins.set(cacheKey, found);
  return found;
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
