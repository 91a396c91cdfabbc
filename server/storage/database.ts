import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate, type SqliteMigration } from './migrations.js';
import { statement } from './statements.js';

export type { Database } from 'better-sqlite3';

export interface OpenDatabaseOptions {
  /** SQLite's `synchronous`: NORMAL (default; durable across a process crash) or FULL (also across a power cut). */
  synchronous?: 'NORMAL' | 'FULL';
}

/** The WAL file's size once it starts over (checkpoints.ts). */
export const WAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

/**
 * Opens (creating if needed) the SQLite file at `file`, or an in-memory database for `:memory:`,
 * sets the pragmas every connection needs and applies the pending ones of `migrations` (the
 * server's: sqliteMigrations of server/schema.ts).
 */
export function openDatabase(file: string, migrations: readonly SqliteMigration[], options: OpenDatabaseOptions = {}): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new BetterSqlite3(file);
  // WAL lets readers proceed while one writer commits; the timeout rides out a second process.
  db.pragma('journal_mode = WAL');
  // When the WAL starts over it is cut back to this size (checkpoints.ts starts it over).
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  // NORMAL: a commit survives a crash of the process, not a power cut; FULL also fsyncs each commit.
  db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}
