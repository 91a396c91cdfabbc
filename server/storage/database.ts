import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { webhookMigrations } from '../webhooks/migrations.js';
import { migrate, migrations, type Migration } from './migrations.js';

export type { Database } from 'better-sqlite3';

/** The whole schema, in order: the core tables (1-99), then the webhook outbox (100+). */
export const schemaMigrations: readonly Migration[] = [...migrations, ...webhookMigrations];

export interface OpenDatabaseOptions {
  /** Defaults to schemaMigrations. */
  migrations?: readonly Migration[];
}

/**
 * Opens (creating if needed) the SQLite file at `file`, or an in-memory database for `:memory:`,
 * sets the pragmas every connection needs and applies pending migrations.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new BetterSqlite3(file);
  // WAL lets readers proceed while one writer commits; the timeout rides out a second process.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, options.migrations ?? schemaMigrations);
  return db;
}

/**
 * Runs `work` in a write transaction (BEGIN IMMEDIATE, so a second process waits on the lock
 * rather than failing half-way), or as a savepoint when already inside one.
 */
export function writeTransaction<T>(db: Database, work: () => T): T {
  return db.transaction(work).immediate();
}
