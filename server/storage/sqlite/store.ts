import type { Database } from 'better-sqlite3';
import type { Store, Tx } from '../port.js';
import type { JournalRepository } from '../repositories/journal.js';
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
import { sqliteRefunds } from './refunds.js';
import { sqliteRequestContext } from './request-context.js';
import { sqliteSerials } from './serials.js';

type Repositories = Omit<Tx, 'afterCommit' | 'journal'>;

/**
 * One unit's Tx: the store's repositories (one set serves every unit) and a journal view of its
 * own, made only when the unit uses it; a class, so every unit's Tx has one shape.
 */
class SqliteTx implements Tx {
  readonly merchants;
  readonly clocks;
  readonly faults;
  readonly dialects;
  readonly requestContext;
  readonly payments;
  readonly serials;
  readonly idempotency;
  readonly refunds;
  readonly outbox;
  readonly portal;
  /** Run when the unit's savepoint is released (journal counts), and after the group's COMMIT. */
  readonly kept: Array<() => void> = [];
  readonly effects: Array<() => void> = [];
  private journalView: JournalRepository | undefined;

  constructor(
    repositories: Repositories,
    private readonly sqliteJournal: SqliteJournal,
  ) {
    this.merchants = repositories.merchants;
    this.clocks = repositories.clocks;
    this.faults = repositories.faults;
    this.dialects = repositories.dialects;
    this.requestContext = repositories.requestContext;
    this.payments = repositories.payments;
    this.serials = repositories.serials;
    this.idempotency = repositories.idempotency;
    this.refunds = repositories.refunds;
    this.outbox = repositories.outbox;
    this.portal = repositories.portal;
  }

  get journal(): JournalRepository {
    this.journalView ??= this.sqliteJournal.unit({ kept: (effect) => this.kept.push(effect), afterCommit: this.afterCommit });
    return this.journalView;
  }

  readonly afterCommit = (effect: () => void): void => {
    this.effects.push(effect);
  };
}

interface Unit {
  work: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * The embedded engine: one SQLite connection in this process, and the group commit. Units asked
 * for during one turn of the event loop run together at the end of that turn, one after another
 * in one transaction, each in a savepoint of its own; their promises settle once the COMMIT is
 * done. Under load one commit (and one write of the pages they share) then serves every unit of
 * the turn instead of each paying its own. A unit that throws is rolled back alone and rejects at
 * once; if the COMMIT fails, every unit of the group rejects with that error.
 *
 * Units must not overlap on the one connection (a second unit started while one awaits would run
 * inside its transaction), so a group starts only once the one before has ended, and a unit
 * should await nothing but its repositories: the whole group waits for it. BEGIN IMMEDIATE takes
 * the file's write lock at once, so another process on the same file waits (busy_timeout) rather
 * than failing half-way.
 */
export class SqliteStore implements Store {
  readonly engine = 'sqlite';
  private queue: Unit[] = [];
  private scheduled = false;
  /** The group being committed, if any; the next one starts after it. */
  private running: Promise<void> | undefined;
  /** The repositories hold no state of their own: one set serves every unit. */
  private readonly repositories: Repositories;
  /** The journal counts ids and wakes its bus across units; each unit gets its own view (journal.ts). */
  private readonly journal: SqliteJournal;

  constructor(
    readonly db: Database,
    private readonly options: { beforeClose?: () => Promise<void> } = {},
  ) {
    this.repositories = {
      merchants: sqliteMerchants(db),
      clocks: sqliteClocks(db),
      faults: sqliteFaults(db),
      dialects: sqliteDialects(db),
      requestContext: sqliteRequestContext(db),
      payments: sqlitePayments(db),
      serials: sqliteSerials(db),
      idempotency: sqliteIdempotency(db),
      refunds: sqliteRefunds(db),
      outbox: sqliteOutbox(db),
      portal: sqlitePortal(db),
    };
    this.journal = new SqliteJournal(db);
  }

  get journalBus() {
    return this.journal.bus;
  }

  transact<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  read<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return work(new SqliteTx(this.repositories, this.journal));
  }

  async close(): Promise<void> {
    for (;;) {
      if (!this.running) this.flush();
      if (!this.running) break;
      await this.running;
    }
    await this.options.beforeClose?.();
    if (this.db.open) this.db.close();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Commits the units asked for so far as one group, unless a group is running (it schedules the next when it ends). */
  private flush(): void {
    this.scheduled = false;
    if (this.running) return;
    const units = this.queue;
    if (units.length === 0) return;
    this.queue = [];
    this.running = this.commitGroup(units).finally(() => {
      this.running = undefined;
      if (this.queue.length > 0) this.schedule();
    });
  }

  private async commitGroup(units: Unit[]): Promise<void> {
    const { db } = this;
    const committed: Array<{ unit: Unit; result: unknown; effects: Array<() => void> }> = [];
    try {
      statement(db, 'BEGIN IMMEDIATE').run();
      for (const unit of units) {
        const tx = new SqliteTx(this.repositories, this.journal);
        statement(db, 'SAVEPOINT unit').run();
        try {
          const result = await unit.work(tx);
          statement(db, 'RELEASE unit').run();
          for (const effect of tx.kept) effect();
          committed.push({ unit, result, effects: tx.effects });
        } catch (error) {
          // SQLite may have ended the whole transaction (SQLITE_FULL, an I/O error): then the group fails.
          if (!db.inTransaction) throw error;
          statement(db, 'ROLLBACK TO unit').run();
          statement(db, 'RELEASE unit').run();
          unit.reject(error);
        }
      }
      statement(db, 'COMMIT').run();
    } catch (error) {
      if (db.inTransaction) statement(db, 'ROLLBACK').run();
      this.journal.forgetCounts();
      // A unit already rejected on its own stays so: a promise ignores a second reject.
      for (const unit of units) unit.reject(error);
      return;
    }
    for (const { unit, result, effects } of committed) {
      for (const effect of effects) effect();
      unit.resolve(result);
    }
  }
}
