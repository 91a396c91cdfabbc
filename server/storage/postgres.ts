import { createRequire } from 'node:module';
import type pg from 'pg';

let driver: typeof pg | undefined;

/**
 * The `pg` driver, loaded on first use. An ES import of it would be hoisted to the top of the
 * server's bundle (it stays external there, see scripts/build-server.mjs) and load pg and what it
 * requires, about 85 ms, at every start, also on SQLite.
 */
export function pgDriver(): typeof pg {
  driver ??= createRequire(import.meta.url)('pg') as typeof pg;
  return driver;
}

/**
 * bigint (int8) columns as JS numbers: every epoch-ms time is one, and they stay far below 2^53.
 * pg's default is a string, because an int8 can exceed 2^53. Set per pool, not on pg's global
 * parsers, so that nothing else in the process changes.
 */
const int8AsNumber: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) => {
    const { types } = pgDriver();
    return oid === types.builtins.INT8 ? Number : types.getTypeParser(oid, format);
  },
};

/** A pool of connections to the PostgreSQL database at `connectionString` (`postgres://…`). */
export function openPostgresPool(connectionString: string, options: Omit<pg.PoolConfig, 'connectionString' | 'types'> = {}): pg.Pool {
  return new (pgDriver().Pool)({ ...options, connectionString, types: int8AsNumber });
}

/**
 * A connection of the pool for one unit. While a connection is checked out the pool no longer
 * listens for its errors, so one the server ends between two queries (a restart, a failover,
 * pg_terminate_backend) would emit an 'error' that nobody handles, and end the process. This
 * listens meanwhile: the unit's next query fails instead, and `release` destroys the connection
 * rather than pooling it.
 */
export async function checkOut(pool: pg.Pool): Promise<{ client: pg.PoolClient; release(destroy?: boolean): void }> {
  const client = await pool.connect();
  let lost = false;
  const onError = () => {
    lost = true;
  };
  client.on('error', onError);
  return {
    client,
    release(destroy = false) {
      client.removeListener('error', onError);
      client.release(destroy || lost);
    },
  };
}

/** SQLSTATE classes of a lost or refused connection: 08 (connection exception), 57P (operator intervention: shutdown). */
const CONNECTION_STATES = /^(?:08|57P)/;
/** Node's codes for a connection that could not be made or was cut. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);

/** Whether `error` says the database was unreachable or the connection was lost, rather than that a statement failed. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return CONNECTION_STATES.test(code) || SOCKET_CODES.has(code);
  // pg's own errors for a connection that ended carry no code.
  return /Connection terminated|not queryable|Connection closed/i.test(error.message);
}
