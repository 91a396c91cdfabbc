/**
 * A memo for a pure computation keyed by a string, for the few distinct inputs a server meets
 * in practice (bill amounts, fee rows). It forgets everything once it holds `maxEntries`, so no
 * mix of inputs can grow it without bound. A computation that throws caches nothing.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer, not ${maxEntries}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string, compute: () => V): V {
    if (this.entries.has(key)) return this.entries.get(key) as V;
    const value = compute();
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}
