/**
 * The journal: everything that happened to a merchant, in order (requests, state changes, webhook
 * attempts, injected faults), for tests to assert on and for the live event stream.
 *
 * It is written and read through the storage port only (`tx.journal`; the SQL is the adapters',
 * storage/sqlite/journal.ts and storage/postgres/journal.ts). `record` appends in the caller's
 * unit (a state change), so an entry exists if and only if what it describes committed.
 * `recordSoon` is for what is recorded after the fact (a request, once answered): entries recorded
 * soon are written in the order they were recorded, one unit at a time, each unit taking all the
 * entries recorded while the one before was writing. So journaling every request does not cost
 * every request a commit of its own, and two requests answered one after the other on an instance
 * are journaled in that order on either engine. (Entries of requests answered at the same moment
 * as another request's state change may still follow it.)
 * Listeners (`subscribe`) are woken through the store's JournalBus once a commit has appended to
 * the merchant's journal, on whichever instance, and then read the committed rows: they never see
 * an entry that was rolled back.
 */
import type { MerchantClocks } from '../clock.js';
import type { Store, Tx } from '../storage/port.js';

export const JOURNAL_ENTRY_TYPES = ['request', 'state_change', 'webhook_attempt', 'fault'] as const;
export type JournalEntryType = (typeof JOURNAL_ENTRY_TYPES)[number];

export interface JournalEntry {
  id: number;
  /** ISO 8601 on the merchant's (test) clock. */
  at: string;
  type: JournalEntryType;
  paymentId: string | null;
  data: Record<string, unknown>;
}

export interface NewJournalEntry {
  merchantId: string;
  type: JournalEntryType;
  paymentId?: string | null;
  data: Record<string, unknown>;
  /** Default: the merchant's clock now. */
  at?: Date;
}

export interface JournalQuery {
  paymentId?: string | undefined;
  types?: readonly JournalEntryType[] | undefined;
  /** A cursor: the first `limit` entries after this id. Without it, the newest `limit` entries. */
  afterId?: number | undefined;
  limit: number;
}

export interface JournalOptions {
  /** Entries kept per merchant (older ones are pruned). Default 10,000. */
  maxEntriesPerMerchant?: number;
  /** Called when a listener throws or an entry recorded soon cannot be written; never thrown. */
  onError?: (error: unknown) => void;
}

export const DEFAULT_MAX_ENTRIES_PER_MERCHANT = 10_000;

export class Journal {
  private readonly maxEntries: number;
  /** Prune a merchant's entries when its id passes a multiple of this, not on every write. */
  private readonly pruneEvery: number;
  /** The batch of `recordSoon` waiting for its unit: entries recorded meanwhile join it. */
  private waiting: NewJournalEntry[] | null = null;
  /** Settles once the last batch so far is written (or reported): batches run one after another. */
  private lastBatch: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly clocks: MerchantClocks,
    private readonly options: JournalOptions = {},
  ) {
    this.maxEntries = options.maxEntriesPerMerchant ?? DEFAULT_MAX_ENTRIES_PER_MERCHANT;
    this.pruneEvery = Math.max(1, Math.min(500, Math.floor(this.maxEntries / 10)));
  }

  /** Appends the entry in the unit `tx`; `at` defaults to the merchant's now as `tx` reads its clock. */
  async record(tx: Tx, entry: NewJournalEntry): Promise<void> {
    const at = entry.at ?? (await this.clocks.now(tx, entry.merchantId));
    await this.append(tx, [{ ...entry, at }]);
  }

  /**
   * Queues the entry for the next unit of recorded-soon entries (see the top); what fails goes to
   * `onError`. The entry of a merchant deleted meanwhile (the request that deleted its own test
   * merchant is answered before its entry is written) is dropped: the unit reads the merchant with
   * its clock.
   */
  recordSoon(entry: NewJournalEntry): void {
    if (this.waiting) {
      this.waiting.push(entry);
      return;
    }
    const batch = [entry];
    this.waiting = batch;
    this.lastBatch = this.lastBatch.then(() => {
      this.waiting = null;
      return this.writeSoon(batch);
    });
  }

  /** Resolves once every entry recorded soon so far is written (or reported); also before the store closes. */
  flush(): Promise<void> {
    return this.lastBatch;
  }

  /** One unit for the batch; if it fails, a unit for each entry, so one bad entry costs only itself. Never rejects. */
  private async writeSoon(batch: readonly NewJournalEntry[]): Promise<void> {
    try {
      await this.store.transact((tx) => this.appendSoon(tx, batch));
    } catch (error) {
      if (batch.length === 1) {
        this.options.onError?.(error);
        return;
      }
      for (const entry of batch) await this.writeSoon([entry]);
    }
  }

  private async appendSoon(tx: Tx, batch: readonly NewJournalEntry[]): Promise<void> {
    const offsets = new Map<string, number | null>();
    const entries: Array<NewJournalEntry & { at: Date }> = [];
    for (const entry of batch) {
      let offset = offsets.get(entry.merchantId);
      if (offset === undefined) {
        offset = (await tx.requestContext.byMerchantId(entry.merchantId))?.clockOffsetMs ?? null;
        offsets.set(entry.merchantId, offset);
      }
      if (offset !== null) entries.push({ ...entry, at: entry.at ?? this.clocks.withOffset(offset) });
    }
    await this.append(tx, entries);
  }

  private async append(tx: Tx, entries: ReadonlyArray<NewJournalEntry & { at: Date }>): Promise<void> {
    const ids = await tx.journal.append(entries);
    // Keeps the journal bounded: drops the merchant's entries more than maxEntries ids old.
    for (const [index, id] of ids.entries()) {
      if (id % this.pruneEvery === 0) await tx.journal.prune(entries[index]!.merchantId, id - this.maxEntries);
    }
  }

  /**
   * The merchant's entries matching `query`, oldest first. Entries this instance recorded soon
   * and not yet written are waited for, so a read sees every entry recorded before it.
   */
  async list(merchantId: string, query: JournalQuery): Promise<JournalEntry[]> {
    await this.flush();
    return this.store.read((tx) => tx.journal.list(merchantId, query));
  }

  /**
   * The merchant's last id (0 when it never had an entry): "from now on" for a stream. Like
   * `list`, it waits for entries recorded soon, so "now" is after the requests already answered.
   */
  async lastId(merchantId: string): Promise<number> {
    await this.flush();
    return this.store.read((tx) => tx.journal.lastId(merchantId));
  }

  /** Deletes everything of a merchant that is itself being deleted, in its unit: entries and last id. */
  forget(tx: Tx, merchantId: string): Promise<void> {
    return tx.journal.forget(merchantId);
  }

  /** Deletes the merchant's entries in the unit `tx` (its next id still follows the last one); returns how many. */
  clear(tx: Tx, merchantId: string): Promise<number> {
    return tx.journal.clear(merchantId);
  }

  /**
   * Calls `listener` after entries of the merchant may have been committed, by any instance on
   * the store's database (a wake too many costs the listener a read). Several commits in one turn
   * make one call. Listening starts when the promise resolves; it resolves with the function that
   * unsubscribes. A listener that throws is reported to `onError`.
   */
  subscribe(merchantId: string, listener: () => void): Promise<() => void> {
    return this.store.journalBus.listen(merchantId, () => {
      try {
        listener();
      } catch (error) {
        this.options.onError?.(error);
      }
    });
  }
}
