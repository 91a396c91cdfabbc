import type pg from 'pg';
import { assertStrictlyIncreasing } from './migrations.js';
import { checkOut } from './postgres.js';

/** One schema step on PostgreSQL: the version and name of its SQLite twin (migrations.ts). */
export interface PostgresMigration {
  version: number;
  name: string;
  up(db: pg.ClientBase): Promise<void>;
}

/**
 * The key of the session lock that migrations run under ("bill" in ASCII, to be recognisable in
 * pg_locks): instances starting together on one database queue there, and each then finds what
 * the first one applied.
 */
export const SCHEMA_MIGRATIONS_LOCK = 0x62696c6c;

/**
 * Applies every migration the database has not recorded yet, lowest version first, each in its own
 * transaction, under SCHEMA_MIGRATIONS_LOCK; returns the versions applied. `schema_migrations` is
 * the SQLite runner's table, with the same columns.
 */
export async function migratePostgres(pool: pg.Pool, migrations: readonly PostgresMigration[]): Promise<number[]> {
  assertStrictlyIncreasing(migrations);
  const connection = await checkOut(pool);
  const db = connection.client;
  try {
    await db.query('SELECT pg_advisory_lock($1)', [SCHEMA_MIGRATIONS_LOCK]);
    const applied = await applyPending(db, migrations);
    await db.query('SELECT pg_advisory_unlock($1)', [SCHEMA_MIGRATIONS_LOCK]);
    connection.release();
    return applied;
  } catch (error) {
    // Closing the connection rolls back the open transaction and releases the lock.
    connection.release(true);
    throw error;
  }
}

async function applyPending(db: pg.PoolClient, migrations: readonly PostgresMigration[]): Promise<number[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    bigint PRIMARY KEY,
    name       text NOT NULL,
    applied_at text NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  )`);
  const done = new Set(await appliedPostgresVersions(db));
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    await db.query('BEGIN');
    await migration.up(db);
    await db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    await db.query('COMMIT');
    applied.push(migration.version);
  }
  return applied;
}

/** The versions recorded as applied, ascending. */
export async function appliedPostgresVersions(db: pg.ClientBase | pg.Pool): Promise<number[]> {
  const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((row) => row.version);
}
