/**
 * The journal: everything that happened to a merchant, in order (requests, state changes, webhook
 * attempts, injected faults), for tests to assert on and for the live event stream.
 *
 * Writing is one prepared INSERT. `record` runs inside the caller's transaction when there is one
 * (a state change), so an entry exists if and only if what it describes committed. `recordSoon`
 * is for what is recorded after the fact (a request, once answered): each such entry is a job of
 * the group commit (GroupCommit, the one place that batches writes), written at the end of the
 * turn with the other writes asked for in it, so journaling every request does not cost every
 * request a commit of its own. (Entries of requests answered at the
 * same moment as another request's state change may therefore follow it in the journal.)
 * Readers of the live stream are told only after the writing transaction has ended (see
 * `subscribe`), and then read the committed rows, so they never see an entry that was rolled back.
 */
import type { Database } from 'better-sqlite3';
import { writeTransaction } from '../storage/database.js';
import { GroupCommit } from '../storage/group-commit.js';
import { statement } from '../storage/statements.js';

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
  /** Called when a live-stream listener throws or an entry recorded soon cannot be written; never thrown. */
  onError?: (error: unknown) => void;
  /** The group commit entries recorded soon join (the app's own, shared with the hot writes). Default: one of the journal's. */
  groupCommit?: GroupCommit;
}

export const DEFAULT_MAX_ENTRIES_PER_MERCHANT = 10_000;

interface EntryRow {
  id: number;
  at: number;
  type: JournalEntryType;
  payment_id: string | null;
  data: string;
}

const COLUMNS = 'id, at, type, payment_id, data';

/** The merchant's last id: its newest entry's, or the floor a reset left. */
const LAST_ID = `max(
  coalesce((SELECT max(id) FROM journal_entries WHERE merchant_id = @merchantId), 0),
  coalesce((SELECT last_id FROM journal_floors WHERE merchant_id = @merchantId), 0))`;
const SELECT_LAST_ID = `SELECT ${LAST_ID} AS last`;
const INSERT_WITH_ID = 'INSERT INTO journal_entries (merchant_id, id, at, type, payment_id, data) VALUES (?, ?, ?, ?, ?, ?)';
/** Filters shared by both reads; the type list travels as JSON so one prepared statement serves any list. */
const FILTERS = `merchant_id = @merchantId
  AND (@paymentId IS NULL OR payment_id = @paymentId)
  AND (@types IS NULL OR type IN (SELECT value FROM json_each(@types)))`;

function toEntry(row: EntryRow): JournalEntry {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    type: row.type,
    paymentId: row.payment_id,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}

export class Journal {
  private readonly maxEntries: number;
  /** Prune a merchant's entries when its id passes a multiple of this, not on every write. */
  private readonly pruneEvery: number;
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly notifyPending = new Set<string>();
  private notifyScheduled = false;
  private readonly groupCommit: GroupCommit;
  /** Deleted merchants: entries still queued for them are dropped, not written. */
  private readonly forgotten = new Set<string>();
  /**
   * Each merchant's last id handed out, read from the file once: this process is the file's one
   * writer, so the next id is known without two max() subqueries per entry. An entry rolled back
   * with its transaction leaves a gap; ids only ever increase, which is all a cursor needs.
   */
  private readonly lastIds = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly clocks: { merchantNow(merchantId: string): Date },
    private readonly options: JournalOptions = {},
  ) {
    this.maxEntries = options.maxEntriesPerMerchant ?? DEFAULT_MAX_ENTRIES_PER_MERCHANT;
    this.pruneEvery = Math.max(1, Math.min(500, Math.floor(this.maxEntries / 10)));
    this.groupCommit = options.groupCommit ?? new GroupCommit(db);
  }

  /** Writes the entry now (inside the caller's transaction, if any). */
  record(entry: NewJournalEntry): void {
    this.insert({ ...entry, at: entry.at ?? this.clocks.merchantNow(entry.merchantId) });
  }

  /** Writes the entry at the end of this turn, in the group commit of the writes asked for in it (see the top). */
  recordSoon(entry: NewJournalEntry): void {
    const at = entry.at ?? this.clocks.merchantNow(entry.merchantId);
    this.groupCommit
      .run(() => {
        // The request that deleted its own (test) merchant is answered before its entry is written.
        if (!this.forgotten.has(entry.merchantId)) this.insert({ ...entry, at });
      })
      .catch((error: unknown) => this.options.onError?.(error));
  }

  /** Writes the queued entries now, with the rest of the group (also before the database closes). */
  flush(): void {
    this.groupCommit.flush();
  }

  private insert(entry: NewJournalEntry & { at: Date }): void {
    const { merchantId } = entry;
    const id = (this.lastIds.get(merchantId) ?? this.lastId(merchantId)) + 1;
    statement(this.db, INSERT_WITH_ID).run(
      merchantId,
      id,
      entry.at.getTime(),
      entry.type,
      entry.paymentId ?? null,
      JSON.stringify(entry.data),
    );
    this.lastIds.set(merchantId, id);
    if (id % this.pruneEvery === 0) this.prune(merchantId, id);
    if (this.listeners.has(merchantId)) this.scheduleNotify(merchantId);
  }

  /**
   * The merchant's entries matching `query`, oldest first. Entries queued for the end of the
   * turn are written first, so a read sees every entry recorded before it.
   */
  list(merchantId: string, query: JournalQuery): JournalEntry[] {
    if (!this.db.inTransaction) this.flush();
    const params = {
      merchantId,
      paymentId: query.paymentId ?? null,
      types: query.types && query.types.length > 0 ? JSON.stringify(query.types) : null,
      limit: query.limit,
    };
    if (query.afterId !== undefined) {
      return statement<[typeof params & { afterId: number }], EntryRow>(
        this.db,
        `SELECT ${COLUMNS} FROM journal_entries WHERE ${FILTERS} AND id > @afterId ORDER BY id LIMIT @limit`,
      )
        .all({ ...params, afterId: query.afterId })
        .map(toEntry);
    }
    return statement<[typeof params], EntryRow>(
      this.db,
      `SELECT ${COLUMNS} FROM journal_entries WHERE ${FILTERS} ORDER BY id DESC LIMIT @limit`,
    )
      .all(params)
      .reverse()
      .map(toEntry);
  }

  /** The merchant's last id (0 when it never had an entry): "from now on" for a stream. */
  lastId(merchantId: string): number {
    return statement<[{ merchantId: string }], { last: number }>(this.db, SELECT_LAST_ID).get({ merchantId })?.last as number;
  }

  /** Deletes everything of a merchant that is itself being deleted: entries and floor. */
  forget(merchantId: string): void {
    this.forgotten.add(merchantId);
    this.lastIds.delete(merchantId);
    statement(this.db, 'DELETE FROM journal_entries WHERE merchant_id = ?').run(merchantId);
    statement(this.db, 'DELETE FROM journal_floors WHERE merchant_id = ?').run(merchantId);
  }

  /** Deletes the merchant's entries (its next id still follows the last one); returns how many. */
  clear(merchantId: string): number {
    return writeTransaction(this.db, () => {
      statement(
        this.db,
        `INSERT INTO journal_floors (merchant_id, last_id) VALUES (@merchantId, ${LAST_ID})
         ON CONFLICT (merchant_id) DO UPDATE SET last_id = excluded.last_id`,
      ).run({ merchantId });
      return statement(this.db, 'DELETE FROM journal_entries WHERE merchant_id = ?').run(merchantId).changes;
    });
  }

  /**
   * Calls `listener` after new entries of the merchant may have been committed: on the turn of
   * the event loop after the write, when the writing transaction (always synchronous) has ended.
   * Several writes in one turn make one call. Returns the function that unsubscribes.
   */
  subscribe(merchantId: string, listener: () => void): () => void {
    let set = this.listeners.get(merchantId);
    if (!set) {
      set = new Set();
      this.listeners.set(merchantId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(merchantId) === set) this.listeners.delete(merchantId);
    };
  }

  private scheduleNotify(merchantId: string): void {
    this.notifyPending.add(merchantId);
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    setImmediate(() => {
      this.notifyScheduled = false;
      const merchants = [...this.notifyPending];
      this.notifyPending.clear();
      for (const id of merchants) {
        for (const listener of [...(this.listeners.get(id) ?? [])]) {
          try {
            listener();
          } catch (error) {
            this.options.onError?.(error);
          }
        }
      }
    });
  }

  /** Keeps the journal bounded: drops the merchant's entries more than maxEntries ids old. */
  private prune(merchantId: string, newestId: number): void {
    statement(this.db, 'DELETE FROM journal_entries WHERE merchant_id = ? AND id <= ?').run(merchantId, newestId - this.maxEntries);
  }
}
