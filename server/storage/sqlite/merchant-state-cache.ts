import type { Database } from 'better-sqlite3';
import type { FaultSettings } from '../../faults/settings.js';
import { statement } from '../statements.js';

/**
 * Each merchant's clock offset and fault settings as this process last read or wrote them. One
 * process owns a SQLite file and writes these only through the repositories here, which keep the
 * cache in step; a unit rolled back or a merchant deleted (its rows cascade) clears it all. It
 * spares every request's context its statements: each one outside a transaction takes and drops
 * the WAL's read lock, about 9 µs. (PostgreSQL, shared by instances, caches nothing.)
 */
export class MerchantStateCache {
  readonly offsets = new Map<string, number>();
  readonly faults = new Map<string, FaultSettings | null>();

  constructor(private readonly db: Database) {}

  /** The merchant's clock offset (0 without a row), read from the file only when not kept. */
  offsetMs(merchantId: string): number {
    let offsetMs = this.offsets.get(merchantId);
    if (offsetMs === undefined) {
      const row = statement<[string], { offset_ms: number }>(this.db, 'SELECT offset_ms FROM merchant_clocks WHERE merchant_id = ?').get(merchantId);
      offsetMs = row?.offset_ms ?? 0;
      this.offsets.set(merchantId, offsetMs);
    }
    return offsetMs;
  }

  /** The merchant's fault settings (null without a row), read from the file only when not kept. */
  faultSettings(merchantId: string): FaultSettings | null {
    let settings = this.faults.get(merchantId);
    if (settings === undefined) {
      const row = statement<[string], { settings: string }>(this.db, 'SELECT settings FROM merchant_faults WHERE merchant_id = ?').get(merchantId);
      settings = row ? (JSON.parse(row.settings) as FaultSettings) : null;
      this.faults.set(merchantId, settings);
    }
    return settings;
  }

  clear(): void {
    this.offsets.clear();
    this.faults.clear();
  }
}
