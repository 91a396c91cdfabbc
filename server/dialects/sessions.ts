/**
 * The dialect side of a payment: what a gateway's wire format needs besides the payment itself,
 * and the gateway's own identifiers that find it. Every function runs in the caller's
 * transaction (a session is created in the same transaction as its payment, and keys issued at
 * success in the same transaction as the transition), so a session never exists without its
 * payment, nor a payment created through a dialect without its session.
 *
 * The dialects reach them only through their unit's `tx.dialects` (storage/repositories/dialects.ts):
 * the functions below taking a `db` are that repository's SQLite side, the shapes and key rules
 * (toSession, paymentKeyOf, paymentIdOfKey) are shared with its PostgreSQL side.
 */
import type { Database } from 'better-sqlite3';
import { statement } from '../storage/statements.js';
import type { DialectId } from './credentials.js';

export interface DialectSession<Data = Record<string, unknown>> {
  paymentId: string;
  merchantId: string;
  dialect: DialectId;
  /** The payment's merchant reference (the merchant's transaction id). */
  reference: string;
  data: Data;
  createdAt: Date;
}

/** A dialect_sessions row, as both engines return it. */
export interface SessionRow {
  payment_id: string;
  merchant_id: string;
  dialect: DialectId;
  reference: string;
  data: string;
  created_at: number;
}

export const SESSION_COLUMNS = 's.payment_id, s.merchant_id, s.dialect, s.reference, s.data, s.created_at';

export function toSession<Data>(row: SessionRow): DialectSession<Data> {
  return {
    paymentId: row.payment_id,
    merchantId: row.merchant_id,
    dialect: row.dialect,
    reference: row.reference,
    data: JSON.parse(row.data) as Data,
    createdAt: new Date(row.created_at),
  };
}

/** Writes the session of a payment just created, with the gateway keys that find it. */
export function insertDialectSession(db: Database, session: DialectSession<unknown>, keys: readonly string[]): void {
  statement(
    db,
    `INSERT INTO dialect_sessions (payment_id, merchant_id, dialect, reference, data, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(
    session.paymentId,
    session.merchantId,
    session.dialect,
    session.reference,
    JSON.stringify(session.data),
    session.createdAt.getTime(),
  );
  for (const key of keys) addDialectKey(db, session.dialect, key, session.paymentId);
}

/** Another gateway identifier of the payment (e.g. SSLCommerz's val_id once paid). */
export function addDialectKey(db: Database, dialect: DialectId, key: string, paymentId: string): void {
  statement(db, 'INSERT INTO dialect_keys (dialect, key, payment_id) VALUES (?, ?, ?)').run(dialect, key, paymentId);
}

export function updateDialectSessionData(db: Database, paymentId: string, data: unknown): void {
  statement(db, 'UPDATE dialect_sessions SET data = ? WHERE payment_id = ?').run(JSON.stringify(data), paymentId);
}

/** The session of a payment, or null for a payment not created through a dialect. */
export function findDialectSession<Data>(db: Database, paymentId: string): DialectSession<Data> | null {
  const row = statement<[string], SessionRow>(
    db,
    `SELECT ${SESSION_COLUMNS} FROM dialect_sessions s WHERE s.payment_id = ?`,
  ).get(paymentId);
  return row ? toSession<Data>(row) : null;
}

const PAYMENT_KEY = /^[0-9A-F]{32}$/;

/**
 * A gateway key that needs no row of its own: the payment id's 32 hex digits in upper case
 * (what SSLCommerz's session keys look like). findDialectSessionByKey finds the session by it.
 */
export function paymentKeyOf(paymentId: string): string {
  return paymentId.slice('pay_'.length).toUpperCase();
}

/** The payment a key of paymentKeyOf's shape would name, or null for a key of another shape. */
export function paymentIdOfKey(key: string): string | null {
  return PAYMENT_KEY.test(key) ? `pay_${key.toLowerCase()}` : null;
}

/** The session a gateway identifier names (a key of dialect_keys, or a paymentKeyOf), or null. */
export function findDialectSessionByKey<Data>(db: Database, dialect: DialectId, key: string): DialectSession<Data> | null {
  const paymentId = paymentIdOfKey(key);
  if (paymentId !== null) {
    const session = findDialectSession<Data>(db, paymentId);
    if (session?.dialect === dialect) return session;
  }
  const row = statement<[string, string], SessionRow>(
    db,
    `SELECT ${SESSION_COLUMNS} FROM dialect_keys k JOIN dialect_sessions s ON s.payment_id = k.payment_id
      WHERE k.dialect = ? AND k.key = ?`,
  ).get(dialect, key);
  return row ? toSession<Data>(row) : null;
}

/**
 * The newest session of the dialect with this merchant reference (the merchant's own transaction
 * id): of one merchant, or of any merchant with credentials for the dialect when `merchantId` is
 * null (ekPay's get-status carries no credentials). Both go through the payments' unique
 * (merchant, reference) index, so a session costs no index of its own.
 */
export function findDialectSessionByReference<Data>(
  db: Database,
  dialect: DialectId,
  reference: string,
  merchantId: string | null,
): DialectSession<Data> | null {
  const row =
    merchantId === null
      ? statement<[string, string], SessionRow>(
          db,
          `SELECT ${SESSION_COLUMNS} FROM merchant_dialect_credentials c
             JOIN payments p ON p.merchant_id = c.merchant_id AND p.reference = ?
             JOIN dialect_sessions s ON s.payment_id = p.id AND s.dialect = c.dialect
            WHERE c.dialect = ? ORDER BY p.created_at DESC LIMIT 1`,
        ).get(reference, dialect)
      : statement<[string, string, string], SessionRow>(
          db,
          `SELECT ${SESSION_COLUMNS} FROM payments p JOIN dialect_sessions s ON s.payment_id = p.id
            WHERE p.merchant_id = ? AND p.reference = ? AND s.dialect = ?`,
        ).get(merchantId, reference, dialect);
  return row ? toSession<Data>(row) : null;
}
