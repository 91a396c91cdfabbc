import type { Database } from 'better-sqlite3';
import { statement } from '../storage/statements.js';
import { ValidationProblem } from '../http/problems.js';
import type { HandlerResult } from '../http/routes.js';
import { sha256Hex } from './merchants.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** The header as routes document it (createPayment, createRefund). */
export const IDEMPOTENCY_HEADER_DOC = {
  name: IDEMPOTENCY_HEADER,
  description: 'repeat a request safely: the same key and body answer the first response again',
};

/** JSON with object keys sorted, so two bodies that mean the same hash the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestFingerprint(route: string, body: unknown): string {
  return sha256Hex(`${route}\n${canonicalJson(body)}`);
}

/** The header's value, checked: 1-255 visible ASCII characters. Undefined when absent. */
export function readIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(header)) {
    throw ValidationProblem.single(
      IDEMPOTENCY_HEADER,
      'format',
      `${IDEMPOTENCY_HEADER} must be 1-255 visible ASCII characters (a UUID is a good choice)`,
    );
  }
  return header;
}

/**
 * Runs `produce` at most once per (merchant, key): a later request with the same key and the
 * same body gets the stored answer again (with `Idempotent-Replayed: true`); the same key with a
 * different body is a 422 (rule idempotency_key_reused). Only successful answers are stored, so
 * a request that failed validation can be corrected and sent again with the same key.
 * Call inside a write transaction: the lookup and the insert must not interleave with another
 * request's.
 */
export function withIdempotency(
  db: Database,
  scope: { merchantId: string; key: string | undefined; route: string; body: unknown; at: Date },
  produce: () => HandlerResult,
): HandlerResult {
  const { merchantId, key, at } = scope;
  if (key === undefined) return produce();
  const fingerprint = requestFingerprint(scope.route, scope.body);
  const stored = findIdempotencyRow(db, merchantId, key);
  if (stored) {
    if (stored.request_sha256 !== fingerprint) {
      throw ValidationProblem.single(
        IDEMPOTENCY_HEADER,
        'idempotency_key_reused',
        `${IDEMPOTENCY_HEADER} "${key}" was already used with a different request body`,
      );
    }
    return { status: stored.response_status, body: JSON.parse(stored.response_body), headers: { [REPLAYED_HEADER]: 'true' } };
  }
  const result = produce();
  if (result.status < 300) {
    statement(
      db,
      `INSERT INTO idempotency_keys (merchant_id, key, request_sha256, response_status, response_body, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(merchantId, key, fingerprint, result.status, JSON.stringify(result.body), at.getTime());
  }
  return result;
}

/** What is stored for a key: the request's fingerprint and the answer it got (JSON text). */
export interface IdempotencyRow {
  request_sha256: string;
  response_status: number;
  response_body: string;
}

export function findIdempotencyRow(db: Database, merchantId: string, key: string): IdempotencyRow | undefined {
  return statement<[string, string], IdempotencyRow>(
    db,
    'SELECT request_sha256, response_status, response_body FROM idempotency_keys WHERE merchant_id = ? AND key = ?',
  ).get(merchantId, key);
}

/** Stores `row` for the key unless the key has an answer already; true when it stored it. */
export function insertIdempotencyRowUnlessTaken(db: Database, merchantId: string, key: string, row: IdempotencyRow, at: Date): boolean {
  const { changes } = statement(
    db,
    `INSERT INTO idempotency_keys (merchant_id, key, request_sha256, response_status, response_body, created_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (merchant_id, key) DO NOTHING`,
  ).run(merchantId, key, row.request_sha256, row.response_status, row.response_body, at.getTime());
  return changes === 1;
}

/** Deletes the merchant's stored answers (test reset); returns how many. */
export function deleteIdempotencyRowsOfMerchant(db: Database, merchantId: string): number {
  return statement<[string]>(db, 'DELETE FROM idempotency_keys WHERE merchant_id = ?').run(merchantId).changes;
}
