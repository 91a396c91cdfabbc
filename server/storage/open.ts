import type { Logger } from '../logger.js';
import { sqliteMigrations } from '../schema.js';
import { checkpointInBackground } from './checkpoints.js';
import { openDatabase } from './database.js';
import { isPostgresUrl } from './location.js';
import type { Store } from './port.js';
import { SqliteStore } from './sqlite/store.js';

export interface OpenStoreOptions {
  /** SQLite's `synchronous` (see openDatabase); PostgreSQL commits are always durable. */
  synchronous?: 'normal' | 'full';
  /** PostgreSQL: connections in this instance's pool (default 10). */
  poolSize?: number;
  logger: Logger;
}

/**
 * Opens the storage `location` names, migrated: the embedded SQLite file (with its background
 * checkpoints, stopped when the store closes), or a PostgreSQL database shared with other
 * instances (migrations run once under an advisory lock, whoever starts first).
 */
export async function openStore(location: string, options: OpenStoreOptions): Promise<Store> {
  if (isPostgresUrl(location)) {
    // Loaded only for PostgreSQL: the embedded start stays as quick as it was.
    const [{ openPostgresPool }, { migratePostgres }, { PostgresStore }, { postgresMigrations }] = await Promise.all([
      import('./postgres.js'),
      import('./postgres-migrations.js'),
      import('./postgres/store.js'),
      import('../schema.js'),
    ]);
    const pool = openPostgresPool(location, { max: options.poolSize ?? 10 });
    // An idle connection the server drops must not crash the process; the pool replaces it.
    pool.on('error', (error) => options.logger.warn({ err: error }, 'postgres: an idle connection failed'));
    try {
      await migratePostgres(pool, postgresMigrations);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStore(pool);
  }
  const db = openDatabase(location, sqliteMigrations, { synchronous: options.synchronous === 'full' ? 'FULL' : 'NORMAL' });
  const checkpoints = checkpointInBackground(db, {
    onError: (error) => options.logger.warn({ err: error }, 'checkpoint worker failed; the server checkpoints the WAL itself again'),
  });
  // Closing the last connection checkpoints what is left and removes the WAL.
  return new SqliteStore(db, { beforeClose: () => checkpoints.stop() });
}
