import type { Database } from 'better-sqlite3';
import type { Store, Tx } from '../port.js';
import { statement } from '../statements.js';
import { sqliteClocks } from './clocks.js';
import { sqliteDialects } from './dialects.js';
import { sqliteFaults } from './faults.js';
import { sqliteIdempotency } from './idempotency.js';
import { SqliteJournal } from './journal.js';
import { sqliteMerchants } from './merchants.js';
import { sqliteOutbox } from './outbox.js';
import { sqlitePayments } from './payments.js';
import { sqlitePortal } from './portal.js';
import { sqliteRequestContext } from './request-context.js';
import { sqliteSerials } from './serials.js';

/**
 * The embedded engine: one SQLite connection in this process. Its units run one after another
 * (each waits for the one before to commit or roll back), because a second unit started on the
 * same connection while one awaits would run inside that one's transaction. BEGIN IMMEDIATE takes
 * the file's write lock at once, so another process on the same file waits (busy_timeout) rather
 * than failing half-way.
 */
export class SqliteStore implements Store {
  readonly engine = 'sqlite';
  /** The unit running now, or the last one (settled); the next one starts after it. */
  private tail: Promise<unknown> = Promise.resolve();
  /** The repositories hold no state of their own: one set serves every unit. */
  private readonly repositories: Omit<Tx, 'afterCommit' | 'journal'>;
  /** The journal counts ids and wakes its bus across units; each unit gets its own view (journal.ts). */
  private readonly journal: SqliteJournal;

  constructor(readonly db: Database) {
    const clocks = sqliteClocks(db);
    const faults = sqliteFaults(db);
    this.repositories = {
      merchants: sqliteMerchants(db),
      clocks,
      faults,
      dialects: sqliteDialects(db),
      requestContext: sqliteRequestContext(db, clocks, faults),
      payments: sqlitePayments(db),
      serials: sqliteSerials(db),
      idempotency: sqliteIdempotency(db),
      outbox: sqliteOutbox(db),
      portal: sqlitePortal(db),
    };
    this.journal = new SqliteJournal(db);
  }

  get journalBus() {
    return this.journal.bus;
  }

  transact<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const unit = this.tail.then(() => this.run(work));
    this.tail = unit.catch(() => undefined);
    return unit;
  }

  async close(): Promise<void> {
    await this.tail;
    if (this.db.open) this.db.close();
  }

  private async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const { db } = this;
    const effects: Array<() => void> = [];
    statement(db, 'BEGIN IMMEDIATE').run();
    let result: T;
    try {
      const afterCommit = (effect: () => void) => effects.push(effect);
      result = await work({ ...this.repositories, journal: this.journal.unit(afterCommit), afterCommit });
      statement(db, 'COMMIT').run();
    } catch (error) {
      // SQLite may have rolled back already (SQLITE_FULL, an I/O error): only undo what is open.
      if (db.inTransaction) statement(db, 'ROLLBACK').run();
      throw error;
    }
    for (const effect of effects) effect();
    return result;
  }
}

