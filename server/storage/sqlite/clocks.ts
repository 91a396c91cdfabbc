import type { Database } from 'better-sqlite3';
import type { ClockRepository } from '../repositories/clocks.js';
import { statement } from '../statements.js';
import type { MerchantStateCache } from './merchant-state-cache.js';

/** Clock offsets, read once and then kept in `cache` (written through it). */
export function sqliteClocks(db: Database, cache: MerchantStateCache): ClockRepository {
  return {
    async offsetMs(merchantId) {
      return cache.offsetMs(merchantId);
    },
    async setOffsetMs(merchantId, offsetMs) {
      statement(
        db,
        `INSERT INTO merchant_clocks (merchant_id, offset_ms) VALUES (?, ?)
         ON CONFLICT (merchant_id) DO UPDATE SET offset_ms = excluded.offset_ms`,
      ).run(merchantId, offsetMs);
      cache.offsets.set(merchantId, offsetMs);
    },
    async addOffsetMs(merchantId, ms) {
      const row = statement<[string, number], { offset_ms: number }>(
        db,
        `INSERT INTO merchant_clocks (merchant_id, offset_ms) VALUES (?, ?)
         ON CONFLICT (merchant_id) DO UPDATE SET offset_ms = offset_ms + excluded.offset_ms
         RETURNING offset_ms`,
      ).get(merchantId, ms);
      const offsetMs = row?.offset_ms as number;
      cache.offsets.set(merchantId, offsetMs);
      return offsetMs;
    },
  };
}
