import type { Database } from 'better-sqlite3';
import type { FaultSettings } from '../../faults/settings.js';
import type { FaultRepository } from '../repositories/faults.js';
import { statement } from '../statements.js';

export function sqliteFaults(db: Database): FaultRepository {
  return {
    async get(merchantId) {
      const row = statement<[string], { settings: string }>(db, 'SELECT settings FROM merchant_faults WHERE merchant_id = ?').get(merchantId);
      return row ? (JSON.parse(row.settings) as FaultSettings) : null;
    },
    async put(merchantId, settings, at) {
      statement(
        db,
        `INSERT INTO merchant_faults (merchant_id, settings, updated_at, draws) VALUES (?, ?, ?, 0)
         ON CONFLICT (merchant_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at, draws = 0`,
      ).run(merchantId, JSON.stringify(settings), at.getTime());
    },
    async clear(merchantId) {
      return statement(db, 'DELETE FROM merchant_faults WHERE merchant_id = ?').run(merchantId).changes > 0;
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
