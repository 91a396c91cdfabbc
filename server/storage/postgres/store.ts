import type pg from 'pg';
import { StorageUnavailable, type Store, type Tx } from '../port.js';
import { checkOut, isConnectionError } from '../postgres.js';
import { postgresClocks } from './clocks.js';
import { postgresDialects } from './dialects.js';
import { postgresFaults } from './faults.js';
import { postgresIdempotency } from './idempotency.js';
import { PostgresJournalBus } from './journal-bus.js';
import { postgresJournal } from './journal.js';
import { postgresMerchants } from './merchants.js';
import { postgresOutbox } from './outbox.js';
import { postgresPayments } from './payments.js';
import { postgresPortal } from './portal.js';
import { postgresRefunds } from './refunds.js';
import { postgresRequestContext } from './request-context.js';
import { postgresSerials } from './serials.js';

/** SQLSTATEs after which the whole unit may simply run again: a deadlock, a serialization failure. */
const RETRYABLE = new Set(['40P01', '40001']);
/** A deadlock between two units is broken by failing one of them; run it once more before giving up. */
const ATTEMPTS = 2;

/**
 * PostgreSQL, shared by several instances: each unit is a READ COMMITTED transaction on a
 * connection of the pool. Units of this process run side by side; what must not interleave is
 * serialised by row locks that the repositories take (a payment is locked before it changes).
 */
export class PostgresStore implements Store {
  readonly engine = 'postgres';
  readonly journalBus: PostgresJournalBus;

  /** The pool's connected clients, until each has closed (`close` waits for them). */
  private readonly connections = new Set<pg.PoolClient>();

  constructor(readonly pool: pg.Pool) {
    // Its own connection, not one of the pool's: a LISTEN lasts as long as the store.
    this.journalBus = new PostgresJournalBus(pool.options);
    pool.on('connect', (client) => this.connections.add(client));
    pool.on('remove', (client) => this.connections.delete(client));
  }

  async transact<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.run(work);
      } catch (error) {
        if (attempt >= ATTEMPTS || !RETRYABLE.has(sqlState(error) ?? '')) throw error;
      }
    }
  }

  /**
   * Each statement on its own, without BEGIN and COMMIT: in READ COMMITTED a transaction gives
   * its statements no common snapshot anyway (each sees what was committed when it started), so
   * wrapping a read in one would only cost two round trips.
   */
  async read<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const connection = await checkOut(this.pool).catch(unavailable);
    const effects: Array<() => void> = [];
    let result: T;
    try {
      result = await work(postgresTx(connection.client, effects)).catch(unavailable);
    } finally {
      connection.release();
    }
    for (const effect of effects) effect();
    return result;
  }

  /**
   * Resolves once every connection has closed. pg's pool.end() resolves once it has let its
   * clients go, before their connections have closed: a DROP DATABASE … WITH (FORCE) or a server
   * stop just after would end them with an error that nothing is left to handle.
   */
  async close(): Promise<void> {
    await this.journalBus.close();
    const closed = new Promise<void>((resolve) => {
      const check = () => {
        if (this.connections.size > 0) return;
        this.pool.off('remove', check);
        resolve();
      };
      this.pool.on('remove', check);
      check();
    });
    await this.pool.end();
    await closed;
  }

  private async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const connection = await checkOut(this.pool).catch(unavailable);
    const { client } = connection;
    const effects: Array<() => void> = [];
    let result: T;
    try {
      await client.query('BEGIN');
      result = await work(postgresTx(client, effects));
      await client.query('COMMIT');
    } catch (error) {
      // A connection whose ROLLBACK fails is in an unknown state: destroy it rather than reuse it.
      const rolledBack = await client.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      connection.release(!rolledBack);
      return unavailable(error);
    }
    connection.release();
    for (const effect of effects) effect();
    return result;
  }
}

/** Rethrows a lost or refused connection as StorageUnavailable, anything else as it is. */
function unavailable(error: unknown): never {
  throw isConnectionError(error) ? new StorageUnavailable(error) : error;
}

/** The SQLSTATE of a PostgreSQL error (pg's DatabaseError), if it is one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function postgresTx(client: pg.PoolClient, effects: Array<() => void>): Tx {
  return {
    merchants: postgresMerchants(client),
    clocks: postgresClocks(client),
    faults: postgresFaults(client),
    dialects: postgresDialects(client),
    requestContext: postgresRequestContext(client),
    payments: postgresPayments(client),
    serials: postgresSerials(client),
    idempotency: postgresIdempotency(client),
    refunds: postgresRefunds(client),
    journal: postgresJournal(client),
    outbox: postgresOutbox(client),
    portal: postgresPortal(client),
    afterCommit: (effect) => effects.push(effect),
  };
}
