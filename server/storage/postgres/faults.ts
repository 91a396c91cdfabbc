import type pg from 'pg';
import type { FaultSettings } from '../../faults/settings.js';
import type { FaultRepository } from '../repositories/faults.js';

export function postgresFaults(client: pg.ClientBase): FaultRepository {
  return {
    async get(merchantId) {
      const { rows } = await client.query<{ settings: string }>({
        name: 'faults.get',
        text: 'SELECT settings FROM merchant_faults WHERE merchant_id = $1',
        values: [merchantId],
      });
      return rows[0] ? (JSON.parse(rows[0].settings) as FaultSettings) : null;
    },
    async put(merchantId, settings, at) {
      await client.query({
        name: 'faults.put',
        text: `INSERT INTO merchant_faults (merchant_id, settings, updated_at, draws) VALUES ($1, $2, $3, 0)
               ON CONFLICT (merchant_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at, draws = 0`,
        values: [merchantId, JSON.stringify(settings), at.getTime()],
      });
    },
    async clear(merchantId) {
      const { rowCount } = await client.query({ name: 'faults.clear', text: 'DELETE FROM merchant_faults WHERE merchant_id = $1', values: [merchantId] });
      return (rowCount ?? 0) > 0;
    },
    async all() {
      const { rows } = await client.query<{ merchant_id: string; settings: string }>({
        name: 'faults.all',
        text: 'SELECT merchant_id, settings FROM merchant_faults ORDER BY merchant_id',
      });
      return rows.map((row) => ({ merchantId: row.merchant_id, settings: JSON.parse(row.settings) as FaultSettings }));
    },
    async takeDraw(merchantId) {
      // The row lock orders instances drawing at once: each gets its own index.
      const { rows } = await client.query<{ draws: number }>({
        name: 'faults.take-draw',
        text: 'UPDATE merchant_faults SET draws = draws + 1 WHERE merchant_id = $1 RETURNING draws',
        values: [merchantId],
      });
      return rows[0] ? rows[0].draws - 1 : null;
    },
  };
}
