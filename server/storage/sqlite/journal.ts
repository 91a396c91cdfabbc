import type { Database } from 'better-sqlite3';
import type { JournalEntry, JournalEntryType } from '../../journal/journal.js';
import { JournalListeners, warnOf } from '../journal-listeners.js';
import type { Tx } from '../port.js';
import type { JournalBus, JournalRepository } from '../repositories/journal.js';
import { statement } from '../statements.js';

/** A journal_entries row, the same on both engines. */
export interface JournalEntryRow {
  id: number;
  at: number;
  type: JournalEntryType;
  payment_id: string | null;
  data: string;
}

export const JOURNAL_ENTRY_COLUMNS = 'id, at, type, payment_id, data';

export function toJournalEntry(row: JournalEntryRow): JournalEntry {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    type: row.type,
    paymentId: row.payment_id,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}

/** The merchant's last id: its newest entry's, or the floor a reset left. */
const LAST_ID = `max(
  coalesce((SELECT max(id) FROM journal_entries WHERE merchant_id = @merchantId), 0),
  coalesce((SELECT last_id FROM journal_floors WHERE merchant_id = @merchantId), 0))`;

/** Both reads' filters; the type list travels as JSON, so one prepared statement serves any list. */
const MATCHES = `merchant_id = @merchantId
  AND (@paymentId IS NULL OR payment_id = @paymentId)
  AND (@types IS NULL OR type IN (SELECT value FROM json_each(@types)))`;

/** The wake-ups of this process's journal: in-process, since one process owns a SQLite file. */
export class SqliteJournalBus implements JournalBus {
  readonly listeners = new JournalListeners(warnOf);

  async listen(merchantId: string, wake: () => void): Promise<() => void> {
    return this.listeners.add(merchantId, wake);
  }
}

/**
 * The journal on SQLite. This process is the file's one writer, so each merchant's last id is
 * read from the file once and then counted here; a unit's appends reach that count (and wake the
 * bus) only once it commits, so a unit rolled back leaves no gap.
 */
export class SqliteJournal {
  private readonly lastIds = new Map<string, number>();
  readonly bus = new SqliteJournalBus();

  constructor(private readonly db: Database) {}

  /** After a group that did not commit: the counts kept from its units are forgotten, and read again from the file. */
  forgetCounts(): void {
    this.lastIds.clear();
  }

  /**
   * The repository of one unit. Its appends count once the unit is kept (its savepoint released
   * inside a group commit, so the next unit of the group counts on from them) and wake the bus
   * once the group has committed.
   */
  unit(hooks: { keep(effect: () => void): void; afterCommit: Tx['afterCommit'] }): JournalRepository {
    const { db, lastIds, bus } = this;
    const appended = new Map<string, number>();
    const forgotten = new Set<string>();
    let touched = false;
    const touch = () => {
      if (touched) return;
      touched = true;
      hooks.keep(() => {
        for (const merchantId of forgotten) lastIds.delete(merchantId);
        for (const [merchantId, id] of appended) lastIds.set(merchantId, id);
      });
      hooks.afterCommit(() => {
        for (const merchantId of appended.keys()) bus.listeners.wake(merchantId);
      });
    };
    const storedLastId = (merchantId: string) =>
      statement<[{ merchantId: string }], { last: number }>(db, `SELECT ${LAST_ID} AS last`).get({ merchantId })?.last ?? 0;
    const known = (merchantId: string) => appended.get(merchantId) ?? (forgotten.has(merchantId) ? undefined : lastIds.get(merchantId));

    return {
      async append(entries) {
        touch();
        const insert = statement(db, 'INSERT INTO journal_entries (merchant_id, id, at, type, payment_id, data) VALUES (?, ?, ?, ?, ?, ?)');
        return entries.map((entry) => {
          const id = (known(entry.merchantId) ?? storedLastId(entry.merchantId)) + 1;
          insert.run(entry.merchantId, id, entry.at.getTime(), entry.type, entry.paymentId ?? null, JSON.stringify(entry.data));
          appended.set(entry.merchantId, id);
          return id;
        });
      },
      async list(merchantId, query) {
        const params = {
          merchantId,
          paymentId: query.paymentId ?? null,
          types: query.types && query.types.length > 0 ? JSON.stringify(query.types) : null,
          limit: query.limit,
        };
        const select = (sql: string, values: typeof params & { afterId?: number }) =>
          statement<[typeof values], JournalEntryRow>(db, `SELECT ${JOURNAL_ENTRY_COLUMNS} FROM journal_entries WHERE ${MATCHES} ${sql}`).all(values);
        if (query.afterId !== undefined) return select('AND id > @afterId ORDER BY id LIMIT @limit', { ...params, afterId: query.afterId }).map(toJournalEntry);
        return select('ORDER BY id DESC LIMIT @limit', params).reverse().map(toJournalEntry);
      },
      async lastId(merchantId) {
        return known(merchantId) ?? storedLastId(merchantId);
      },
      async clear(merchantId) {
        statement(
          db,
          `INSERT INTO journal_floors (merchant_id, last_id) VALUES (@merchantId, ${LAST_ID})
           ON CONFLICT (merchant_id) DO UPDATE SET last_id = excluded.last_id`,
        ).run({ merchantId });
        return statement(db, 'DELETE FROM journal_entries WHERE merchant_id = ?').run(merchantId).changes;
      },
      async prune(merchantId, throughId) {
        return statement(db, 'DELETE FROM journal_entries WHERE merchant_id = ? AND id <= ?').run(merchantId, throughId).changes;
      },
      async forget(merchantId) {
        touch();
        appended.delete(merchantId);
        forgotten.add(merchantId);
        statement(db, 'DELETE FROM journal_entries WHERE merchant_id = ?').run(merchantId);
        statement(db, 'DELETE FROM journal_floors WHERE merchant_id = ?').run(merchantId);
      },
    };
  }
}
