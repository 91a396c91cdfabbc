import type pg from 'pg';
import { MAX_SERIAL } from '../../payments/tracking.js';
import type { SerialRepository } from '../repositories/serials.js';

/**
 * The serials on PostgreSQL: the same upsert as on SQLite. Two units allocating for one office
 * queue on its row; the second then increments what the first committed.
 */
export function postgresSerials(client: pg.ClientBase): SerialRepository {
  return {
    async allocate(officeCode, at) {
      for (let second = Math.floor(at.getTime() / 1000); ; second += 1) {
        const { rows } = await client.query<{ last_serial: number }>({
          name: 'serials.allocate',
          text: `INSERT INTO tracking_serials (office_code, second, last_serial) VALUES ($1, $2, 0)
                 ON CONFLICT (office_code, second) DO UPDATE SET last_serial = tracking_serials.last_serial + 1
                   WHERE tracking_serials.last_serial < ${MAX_SERIAL}
                 RETURNING last_serial`,
          values: [officeCode, String(second)],
        });
        if (rows[0]) return { serial: rows[0].last_serial, at: new Date(second * 1000) };
      }
    },
  };
}
