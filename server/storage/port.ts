/**
 * The storage port: what the services see of the database, whatever the engine. A write unit
 * runs through `Store.transact`, and everything it reads or writes goes through the typed
 * repositories of its `Tx`, so the same service code runs on the embedded SQLite file and on a
 * PostgreSQL database shared by several instances.
 *
 * Each engine has an adapter (storage/sqlite/, storage/postgres/) that builds the same `Tx`, and
 * one contract suite (test/server/storage/contract/) that both pass. What differs between the
 * engines stays in the adapters: SQLite serialises units in one process (its write lock is the
 * process's), PostgreSQL locks rows (a unit that changes a payment starts by locking it) and skips
 * locked ones where several instances compete for work (outbox claims, sweeps).
 */
import type { ClockRepository } from './repositories/clocks.js';
import type { DialectRepository } from './repositories/dialects.js';
import type { FaultRepository } from './repositories/faults.js';
import type { IdempotencyRepository } from './repositories/idempotency.js';
import type { JournalBus, JournalRepository } from './repositories/journal.js';
import type { MerchantRepository } from './repositories/merchants.js';
import type { OutboxRepository } from './repositories/outbox.js';
import type { PaymentRepository } from './repositories/payments.js';
import type { PortalRepository } from './repositories/portal.js';
import type { RefundRepository } from './repositories/refunds.js';
import type { RequestContextRepository } from './repositories/request-context.js';
import type { SerialRepository } from './repositories/serials.js';

export type Engine = 'sqlite' | 'postgres';

export interface Store {
  readonly engine: Engine;
  /**
   * Runs `work` as one write unit, all or nothing, and resolves with what it returns once the
   * unit has committed; anything `work` throws rolls the whole unit back and rejects with it.
   * Units never see each other's uncommitted writes.
   */
  transact<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs `work`, which only reads, against committed data: on SQLite at once, in a read
   * transaction shared by the reads of one turn of the event loop (this process is the file's
   * one writer and commits its groups of units between turns, so a read never sees one half-done),
   * on PostgreSQL statement by statement on one pooled connection (each sees what was committed
   * when it started, as inside a READ COMMITTED transaction). Never call `transact` or `read`
   * from inside a unit: use the unit's `tx` (on SQLite a nested `transact` would wait forever
   * for the group it is part of).
   */
  read<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Wakes listeners of a merchant's journal when any instance commits entries to it. */
  readonly journalBus: JournalBus;
  /** Waits for the units already asked for, then closes the connection(s). */
  close(): Promise<void>;
}

/** One write unit's view of the database: a repository per module, all in the same transaction. */
export interface Tx {
  merchants: MerchantRepository;
  clocks: ClockRepository;
  faults: FaultRepository;
  dialects: DialectRepository;
  requestContext: RequestContextRepository;
  payments: PaymentRepository;
  serials: SerialRepository;
  idempotency: IdempotencyRepository;
  refunds: RefundRepository;
  journal: JournalRepository;
  outbox: OutboxRepository;
  portal: PortalRepository;
  /**
   * Runs `effect` once this unit has committed, never when it rolls back: in-process follow-ups
   * such as waking the webhook dispatcher or fanning an entry out to live streams.
   */
  afterCommit(effect: () => void): void;
}

/**
 * The database could not be reached, or dropped the unit's connection (a restart, a failover):
 * the unit did not happen, or, when the connection was lost at its commit, may have. A retry
 * soon is what the caller can do (an idempotency key makes that safe).
 */
export class StorageUnavailable extends Error {
  constructor(cause: unknown) {
    super(`the database is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StorageUnavailable';
  }
}
