import type { Database } from 'better-sqlite3';
import type { FaultSettings } from '../../faults/settings.js';
import type { FaultRepository } from '../repositories/faults.js';
import { statement } from '../statements.js';
import type { MerchantStateCache } from './merchant-state-cache.js';

/** Fault settings, read once and then kept in `cache` (written through it); the draw counter is always read. */
export function sqliteFaults(db: Database, cache: MerchantStateCache): FaultRepository {
  return {
    async get(merchantId) {
      return cache.faultSettings(merchantId);
    },
    async put(merchantId, settings, at) {
      statement(
        db,
        `INSERT INTO merchant_faults (merchant_id, settings, updated_at, draws) VALUES (?, ?, ?, 0)
         ON CONFLICT (merchant_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at, draws = 0`,
      ).run(merchantId, JSON.stringify(settings), at.getTime());
      // A copy, as a read would give: the caller's object stays theirs.
      cache.faults.set(merchantId, JSON.parse(JSON.stringify(settings)) as FaultSettings);
    },
    async clear(merchantId) {
      const had = statement(db, 'DELETE FROM merchant_faults WHERE merchant_id = ?').run(merchantId).changes > 0;
      cache.faults.set(merchantId, null);
      return had;
    },
    async all() {
      return statement<[], { merchant_id: string; settings: string }>(db, 'SELECT merchant_id, settings FROM merchant_faults ORDER BY merchant_id')
        .all()
        .map((row) => ({ merchantId: row.merchant_id, settings: JSON.parse(row.settings) as FaultSettings }));
    },
    async takeDraw(merchantId) {
      const row = statement<[string], { draws: number }>(
        db,
        'UPDATE merchant_faults SET draws = draws + 1 WHERE merchant_id = ? RETURNING draws',
      ).get(merchantId);
      return row ? row.draws - 1 : null;
    },
  };
}
