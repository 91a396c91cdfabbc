import type { Database } from 'better-sqlite3';
import { statement } from '../storage/statements.js';
import { ValidationProblem } from '../http/problems.js';
import type { HandlerResult } from '../http/routes.js';
import type { Tx } from '../storage/port.js';
import type { IdempotentAnswer } from '../storage/repositories/idempotency.js';
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
 * Runs in the caller's write unit `tx`, which takes the key first (`tx.idempotency.lock`): a
 * repeat arriving meanwhile, on any instance, waits for this unit to end and replays its answer.
 */
export async function withIdempotency(
  tx: Pick<Tx, 'idempotency'>,
  scope: { merchantId: string; key: string | undefined; route: string; body: unknown; at: Date },
  produce: () => Promise<HandlerResult>,
): Promise<HandlerResult> {
  const { merchantId, key, at } = scope;
  if (key === undefined) return produce();
  const fingerprint = requestFingerprint(scope.route, scope.body);
  const stored = await tx.idempotency.lock(merchantId, key);
  if (stored) return replay(stored, key, fingerprint);
  const result = await produce();
  if (result.status < 300) {
    const answer = { requestSha256: fingerprint, status: result.status, body: result.body };
    const put = await tx.idempotency.put(merchantId, key, answer, at);
    // Holding the key, this unit is the only one that can store its answer.
    if (!put.stored) throw new Error(`idempotency key ${key} got an answer while this unit held it`);
  }
  return result;
}

/** The stored answer again, unless the key came with another request body. */
function replay(stored: IdempotentAnswer, key: string, fingerprint: string): HandlerResult {
  if (stored.requestSha256 !== fingerprint) {
    throw ValidationProblem.single(
      IDEMPOTENCY_HEADER,
      'idempotency_key_reused',
      `${IDEMPOTENCY_HEADER} "${key}" was already used with a different request body`,
    );
  }
  return { status: stored.status, body: stored.body, headers: { [REPLAYED_HEADER]: 'true' } };
}

/** What is stored for a key on SQLite (storage/sqlite/idempotency.ts): the request's fingerprint and the answer it got (JSON text). */
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
