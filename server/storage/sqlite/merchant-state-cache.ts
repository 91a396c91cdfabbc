import type { FaultSettings } from '../../faults/settings.js';

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

  clear(): void {
    this.offsets.clear();
    this.faults.clear();
  }
}
