/** Things that arrive over time (webhook requests, stream events), and a way to wait for the first few. */
export class Arrivals<T> {
  readonly items: T[] = [];
  private readonly waiters = new Set<() => void>();

  /** Adds what arrived together (a stream chunk's events), then tells the waiters once. */
  push(...items: T[]): void {
    this.items.push(...items);
    this.waiters.forEach((check) => check());
  }

  /**
   * Resolves with a copy of the items once at least `count` arrived; rejects after `timeoutMs`,
   * naming `what` was awaited (and `detail` of what came, when given).
   */
  waitFor(count: number, timeoutMs: number, what: string, detail?: (items: readonly T[]) => string): Promise<T[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.items.length < count) return;
        cleanup();
        resolve([...this.items]);
      };
      const timer = setTimeout(() => {
        cleanup();
        const came = detail ? `: ${detail(this.items)}` : '';
        reject(new Error(`expected ${count} ${what} within ${timeoutMs} ms, got ${this.items.length}${came}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }
}
