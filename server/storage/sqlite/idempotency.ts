import type { Database } from 'better-sqlite3';
import {
  deleteIdempotencyRowsOfMerchant,
  findIdempotencyRow,
  insertIdempotencyRowUnlessTaken,
  type IdempotencyRow,
} from '../../payments/idempotency.js';
import type { IdempotencyRepository, IdempotentAnswer } from '../repositories/idempotency.js';

export function answerFromRow(row: IdempotencyRow): IdempotentAnswer {
  return { requestSha256: row.request_sha256, status: row.response_status, body: JSON.parse(row.response_body) };
}

export function rowOfAnswer(answer: IdempotentAnswer): IdempotencyRow {
  return { request_sha256: answer.requestSha256, response_status: answer.status, response_body: JSON.stringify(answer.body) };
}

/** The stored answers on SQLite (payments/idempotency.ts). Units run one at a time: a lock is a plain read. */
export function sqliteIdempotency(db: Database): IdempotencyRepository {
  const find = async (merchantId: string, key: string) => {
    const row = findIdempotencyRow(db, merchantId, key);
    return row ? answerFromRow(row) : null;
  };
  return {
    find,
    lock: find,
    async put(merchantId, key, answer, at) {
      if (insertIdempotencyRowUnlessTaken(db, merchantId, key, rowOfAnswer(answer), at)) return { stored: true, answer };
      const first = await find(merchantId, key);
      if (!first) throw new Error(`idempotency key ${key} was refused as taken, but holds no answer`);
      return { stored: false, answer: first };
    },
    deleteOfMerchant: async (merchantId) => deleteIdempotencyRowsOfMerchant(db, merchantId),
  };
}
