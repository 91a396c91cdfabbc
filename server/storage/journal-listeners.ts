/**
 * The listeners of each merchant's journal in this process, for both engines' JournalBus: who
 * to wake, and waking them once per turn of the event loop however many commits came in it
 * (a listener re-reads from its cursor, so one wake covers them all).
 */
export class JournalListeners {
  private readonly byMerchant = new Map<string, Set<() => void>>();
  private readonly pending = new Set<string>();
  private scheduled = false;

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Adds `wake` to the merchant's listeners; returns the function that removes it. */
  add(merchantId: string, wake: () => void): () => void {
    let listeners = this.byMerchant.get(merchantId);
    if (!listeners) {
      listeners = new Set();
      this.byMerchant.set(merchantId, listeners);
    }
    listeners.add(wake);
    return () => {
      listeners.delete(wake);
      if (listeners.size === 0 && this.byMerchant.get(merchantId) === listeners) this.byMerchant.delete(merchantId);
    };
  }

  /** Wakes the merchant's listeners on the next turn. */
  wake(merchantId: string): void {
    if (!this.byMerchant.has(merchantId)) return;
    this.pending.add(merchantId);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.wakePending());
  }

  /** Wakes every listener (what they may have missed is unknown, e.g. after a lost connection). */
  wakeAll(): void {
    for (const merchantId of this.byMerchant.keys()) this.wake(merchantId);
  }

  private wakePending(): void {
    this.scheduled = false;
    const merchants = [...this.pending];
    this.pending.clear();
    for (const merchantId of merchants) {
      for (const wake of [...(this.byMerchant.get(merchantId) ?? [])]) {
        try {
          wake();
        } catch (error) {
          this.onError(error);
        }
      }
    }
  }
}

/** Where a bus reports a listener that threw or a lost connection, unless told otherwise. */
export function warnOf(error: unknown): void {
  process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'JournalBusWarning');
}
