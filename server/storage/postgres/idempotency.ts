import type pg from 'pg';
import type { IdempotencyRow } from '../../payments/idempotency.js';
import type { IdempotencyRepository, IdempotentAnswer } from '../repositories/idempotency.js';
import { answerFromRow, rowOfAnswer } from '../sqlite/idempotency.js';

/**
 * The class of the transaction-scoped advisory locks that `lock` takes, one per merchant and key
 * ("idmp" in ASCII, to be recognisable in pg_locks). Two keys whose hashes collide only wait for
 * each other.
 */
export const IDEMPOTENCY_LOCK_CLASS = 0x69646d70;

/** Puts that lost to an answer deleted before it could be read (a test reset): each tries again. */
const PUT_ATTEMPTS = 3;

/**
 * The stored answers on PostgreSQL. `lock` is an advisory lock on the key, held until the unit
 * ends, then a read: a separate statement, so that it sees what the unit it waited for committed.
 */
export function postgresIdempotency(client: pg.ClientBase): IdempotencyRepository {
  const find = async (merchantId: string, key: string): Promise<IdempotentAnswer | null> => {
    const { rows } = await client.query<IdempotencyRow>({
      name: 'idempotency.find',
      text: 'SELECT request_sha256, response_status, response_body FROM idempotency_keys WHERE merchant_id = $1 AND key = $2',
      values: [merchantId, key],
    });
    return rows[0] ? answerFromRow(rows[0]) : null;
  };
  return {
    find,
    async lock(merchantId, key) {
      await client.query({
        name: 'idempotency.lock',
        text: `SELECT pg_advisory_xact_lock(${IDEMPOTENCY_LOCK_CLASS}, hashtext($1::text || ' ' || $2::text))`,
        values: [merchantId, key],
      });
      return find(merchantId, key);
    },
    async put(merchantId, key, answer, at) {
      const row = rowOfAnswer(answer);
      for (let attempt = 1; attempt <= PUT_ATTEMPTS; attempt += 1) {
        // A unit putting the same key meanwhile makes this wait for it, then do nothing if it committed.
        const { rowCount } = await client.query({
          name: 'idempotency.put',
          text: `INSERT INTO idempotency_keys (merchant_id, key, request_sha256, response_status, response_body, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (merchant_id, key) DO NOTHING`,
          values: [merchantId, key, row.request_sha256, row.response_status, row.response_body, at.getTime()],
        });
        if (rowCount === 1) return { stored: true, answer };
        const first = await find(merchantId, key);
        if (first) return { stored: false, answer: first };
      }
      throw new Error(`idempotency key ${key} was refused as taken, but holds no answer`);
    },
    async deleteOfMerchant(merchantId) {
      const { rowCount } = await client.query({
        name: 'idempotency.delete-of-merchant',
        text: 'DELETE FROM idempotency_keys WHERE merchant_id = $1',
        values: [merchantId],
      });
      return rowCount ?? 0;
    },
  };
}
