import type { JournalEntry, JournalQuery, NewJournalEntry } from '../../journal/journal.js';

/** An entry to append: its time is decided by the caller (the merchant's clock), not the database. */
export type JournalAppend = Omit<NewJournalEntry, 'at'> & { at: Date };

/**
 * Each merchant's journal. Ids count per merchant from 1, consecutively, and never go back (a
 * cleared journal continues above its last id). They are handed out in commit order: an entry
 * appended by a unit that commits later never gets a lower id than one already visible, so a
 * reader that follows with a cursor (Last-Event-ID) never skips an entry.
 *
 * On PostgreSQL the merchant's head row (journal_floors) is locked from `append` until the unit
 * ends, so units appending to one merchant's journal commit one after another from there on:
 * append as late in a unit as possible.
 */
export interface JournalRepository {
  /**
   * Writes the entries in order, each with its merchant's next id, and returns their ids in the
   * same order. Once the unit commits (never if it rolls back) the store's JournalBus wakes the
   * merchants' listeners, on every instance. A whole batch (the request entries of one turn) is
   * one statement on PostgreSQL, with one head bump per merchant.
   */
  append(entries: readonly JournalAppend[]): Promise<number[]>;
  /**
   * The merchant's entries matching `query`, oldest first: with `afterId`, the first `limit`
   * after it; without, the newest `limit`.
   */
  list(merchantId: string, query: JournalQuery): Promise<JournalEntry[]>;
  /** The merchant's last id handed out and committed (0 for none): "from now on" for a stream. */
  lastId(merchantId: string): Promise<number>;
  /** Deletes the merchant's entries, keeping its last id (reset); returns how many. */
  clear(merchantId: string): Promise<number>;
  /** Deletes the merchant's entries up to and including `throughId` (keeps the journal bounded); returns how many. */
  prune(merchantId: string, throughId: number): Promise<number>;
  /** Deletes everything of a merchant that is itself being deleted, its last id included. */
  forget(merchantId: string): Promise<void>;
}

/**
 * Wakes whoever follows a merchant's journal (live event streams) when entries of that merchant
 * may have been committed, by this instance or another one on the same database. A wake says
 * nothing else: the listener re-reads from its cursor, so a wake too many costs a read and a
 * rolled-back entry never wakes anyone.
 */
export interface JournalBus {
  /**
   * Calls `wake` after each commit that appended to the merchant's journal, from the moment the
   * returned promise resolves (so: listen, then read lastId, and nothing falls in between).
   * Resolves with the function that stops listening. `wake` must not throw.
   */
  listen(merchantId: string, wake: () => void): Promise<() => void>;
}
