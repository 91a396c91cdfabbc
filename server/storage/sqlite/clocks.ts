import type { Database } from 'better-sqlite3';
import type { ClockRepository } from '../repositories/clocks.js';
import { statement } from '../statements.js';

export function sqliteClocks(db: Database): ClockRepository {
  return {
    async offsetMs(merchantId) {
      const row = statement<[string], { offset_ms: number }>(db, 'SELECT offset_ms FROM merchant_clocks WHERE merchant_id = ?').get(merchantId);
      return row?.offset_ms ?? 0;
    },
    async setOffsetMs(merchantId, offsetMs) {
      statement(
        db,
        `INSERT INTO merchant_clocks (merchant_id, offset_ms) VALUES (?, ?)
         ON CONFLICT (merchant_id) DO UPDATE SET offset_ms = excluded.offset_ms`,
      ).run(merchantId, offsetMs);
    },
    async addOffsetMs(merchantId, ms) {
      const row = statement<[string, number], { offset_ms: number }>(
        db,
        `INSERT INTO merchant_clocks (merchant_id, offset_ms) VALUES (?, ?)
         ON CONFLICT (merchant_id) DO UPDATE SET offset_ms = offset_ms + excluded.offset_ms
         RETURNING offset_ms`,
      ).get(merchantId, ms);
      return row?.offset_ms as number;
    },
  };
}
