import type pg from 'pg';
import type { ClockRepository } from '../repositories/clocks.js';

export function postgresClocks(client: pg.ClientBase): ClockRepository {
  return {
    async offsetMs(merchantId) {
      const { rows } = await client.query<{ offset_ms: number }>({
        name: 'clocks.offset',
        text: 'SELECT offset_ms FROM merchant_clocks WHERE merchant_id = $1',
        values: [merchantId],
      });
      return rows[0]?.offset_ms ?? 0;
    },
    async setOffsetMs(merchantId, offsetMs) {
      await client.query({
        name: 'clocks.set-offset',
        text: `INSERT INTO merchant_clocks (merchant_id, offset_ms) VALUES ($1, $2)
               ON CONFLICT (merchant_id) DO UPDATE SET offset_ms = excluded.offset_ms`,
        values: [merchantId, offsetMs],
      });
    },
    async addOffsetMs(merchantId, ms) {
      const { rows } = await client.query<{ offset_ms: number }>({
        name: 'clocks.add-offset',
        text: `INSERT INTO merchant_clocks (merchant_id, offset_ms) VALUES ($1, $2)
               ON CONFLICT (merchant_id) DO UPDATE SET offset_ms = merchant_clocks.offset_ms + excluded.offset_ms
               RETURNING offset_ms`,
        values: [merchantId, ms],
      });
      return rows[0]?.offset_ms as number;
    },
  };
}
