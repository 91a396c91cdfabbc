import type { Database } from 'better-sqlite3';
import type { Store, Tx } from '../port.js';
import type { JournalRepository } from '../repositories/journal.js';
import { statement } from '../statements.js';
import { sqliteClocks } from './clocks.js';
import { sqliteDialects } from './dialects.js';
import { sqliteFaults } from './faults.js';
import { sqliteIdempotency } from './idempotency.js';
import { SqliteJournal } from './journal.js';
import { forgetKnownMerchants } from '../../payments/merchants.js';
import { MerchantStateCache } from './merchant-state-cache.js';
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
 * own, made only when the unit uses it; a class, so every unit's Tx has one shape. What it keeps
 * for later is allocated only when there is some: most units have none.
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
  /** Run when the unit's savepoint is released (journal counts). */
  kept: Array<() => void> | undefined;
  /** Run after the group's COMMIT. */
  effects: Array<() => void> | undefined;
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
    this.journalView ??= this.sqliteJournal.unit(this);
    return this.journalView;
  }

  keep(effect: () => void): void {
    (this.kept ??= []).push(effect);
  }

  afterCommit(effect: () => void): void {
    (this.effects ??= []).push(effect);
  }
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
  /** A read transaction is open (see `read`); it ends at the end of the turn, or before a group begins. */
  private readTransaction = false;
  /** Reads running in that transaction; a group, and its end, wait until there are none. */
  private openReads = 0;
  /** The turn the read transaction began in is over, or a group is due: it ends when its last read does. */
  private readTransactionDue = false;
  /** The repositories hold no state of their own: one set serves every unit. */
  private readonly repositories: Repositories;
  /** The journal counts ids and wakes its bus across units; each unit gets its own view (journal.ts). */
  private readonly journal: SqliteJournal;
  /** Clock offsets and fault settings as last read or written; cleared when a unit rolls back. */
  private readonly merchantState: MerchantStateCache;
  /** Every read's Tx: a read keeps nothing for later, so one serves them all. */
  private readonly readTx: SqliteTx;

  constructor(
    readonly db: Database,
    private readonly options: { beforeClose?: () => Promise<void> } = {},
  ) {
    this.merchantState = new MerchantStateCache(db);
    this.repositories = {
      merchants: sqliteMerchants(db, this.merchantState),
      clocks: sqliteClocks(db, this.merchantState),
      faults: sqliteFaults(db, this.merchantState),
      dialects: sqliteDialects(db),
      requestContext: sqliteRequestContext(db, this.merchantState),
      payments: sqlitePayments(db),
      serials: sqliteSerials(db),
      idempotency: sqliteIdempotency(db),
      refunds: sqliteRefunds(db),
      outbox: sqliteOutbox(db),
      portal: sqlitePortal(db),
    };
    this.journal = new SqliteJournal(db);
    this.readTx = new SqliteTx(this.repositories, this.journal);
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

  /**
   * Runs `work` in a read transaction (BEGIN … COMMIT, taking nothing but a snapshot), shared by
   * every read of this turn of the event loop: starting and ending one takes and drops the file's
   * read locks (system calls, ~8 µs each way here), which a statement outside a transaction pays
   * on its own. Sharing it changes nothing a read can see: this process is the file's one writer
   * and commits only in a group, which ends the read transaction before it begins (and waits for
   * reads still running: a read awaits only storage, so that is within the turn). A read started
   * while a group is in its transaction runs in it, as a statement there would.
   */
  async read<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const tx = this.readTx;
    if (!this.readTransaction && this.db.inTransaction) return work(tx);
    if (!this.readTransaction) {
      statement(this.db, 'BEGIN').run();
      this.readTransaction = true;
      setImmediate(this.endReadTransaction);
    }
    this.openReads += 1;
    try {
      return await work(tx);
    } finally {
      this.openReads -= 1;
      // A read that outlived its turn ends the transaction itself, and lets the group waiting for it run.
      if (this.openReads === 0 && this.readTransactionDue) this.endReadTransaction();
    }
  }

  /** Ends the read transaction now (true), or, reads running in it, marks it to end when the last one does. */
  private endReads(): boolean {
    if (!this.readTransaction) return true;
    if (this.openReads > 0) {
      this.readTransactionDue = true;
      return false;
    }
    this.readTransaction = false;
    this.readTransactionDue = false;
    if (this.db.open) statement(this.db, 'COMMIT').run();
    return true;
  }

  /** At the end of the read transaction's turn, or of its last read: a group held back by it runs next. */
  private readonly endReadTransaction = (): void => {
    if (this.endReads() && this.queue.length > 0) this.schedule();
  };

  async close(): Promise<void> {
    for (;;) {
      // Reads still open hold the group back (flush waits for them): let them end first.
      if (this.openReads > 0) {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      this.endReads();
      if (!this.running) this.flush();
      if (!this.running) break;
      await this.running;
    }
    await this.options.beforeClose?.();
    if (this.db.open) this.db.close();
  }

  /** What a rolled-back unit may have put in the caches is gone with it: read it all again. */
  private forgetCached(): void {
    this.merchantState.clear();
    forgetKnownMerchants(this.db);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Commits the units asked for so far as one group, unless a group is running (it schedules the next when it ends). */
  private flush(): void {
    this.scheduled = false;
    if (this.running || !this.endReads()) return;
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
    const committed: Array<{ unit: Unit; result: unknown; effects: Array<() => void> | undefined }> = [];
    try {
      statement(db, 'BEGIN IMMEDIATE').run();
      for (const unit of units) {
        const tx = new SqliteTx(this.repositories, this.journal);
        statement(db, 'SAVEPOINT unit').run();
        try {
          const result = await unit.work(tx);
          statement(db, 'RELEASE unit').run();
          if (tx.kept) for (const effect of tx.kept) effect();
          committed.push({ unit, result, effects: tx.effects });
        } catch (error) {
          // SQLite may have ended the whole transaction (SQLITE_FULL, an I/O error): then the group fails.
          if (!db.inTransaction) throw error;
          statement(db, 'ROLLBACK TO unit').run();
          statement(db, 'RELEASE unit').run();
          this.forgetCached();
          unit.reject(error);
        }
      }
      statement(db, 'COMMIT').run();
    } catch (error) {
      if (db.inTransaction) statement(db, 'ROLLBACK').run();
      this.journal.forgetCounts();
      this.forgetCached();
      // A unit already rejected on its own stays so: a promise ignores a second reject.
      for (const unit of units) unit.reject(error);
      return;
    }
    for (const { unit, result, effects } of committed) {
      if (effects) for (const effect of effects) effect();
      unit.resolve(result);
    }
  }
}
