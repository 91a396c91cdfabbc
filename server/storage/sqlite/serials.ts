import type { Database } from 'better-sqlite3';
import { allocateSerial } from '../../payments/tracking.js';
import type { SerialRepository } from '../repositories/serials.js';

export function sqliteSerials(db: Database): SerialRepository {
  return {
    allocate: async (officeCode, at) => allocateSerial(db, officeCode, at),
  };
}
