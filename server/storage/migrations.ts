import type { Database } from 'better-sqlite3';
import type { PostgresMigration } from './postgres-migrations.js';

/**
 * One schema step on SQLite. Each module owns a range of versions (core 1-99, webhooks 100-199,
 * demo portal 200-299, journal 300-349, faults 350-399, drop-in dialects 400-449), so the database
 * records every version it has applied in `schema_migrations` rather than a single high-water
 * mark: a core migration added later is still applied to a database that already has a higher
 * webhook version. Never edit a migration that has shipped: append a new one.
 */
export interface SqliteMigration {
  version: number;
  name: string;
  up(db: Database): void;
}

/**
 * A module's schema on each engine: the same versions, tables and columns, each engine's DDL
 * (server/schema.ts lists the modules; storage knows none of them).
 */
export interface SchemaMigrations {
  sqlite: readonly SqliteMigration[];
  postgres: readonly PostgresMigration[];
}

/** Applies every migration the database has not recorded yet, lowest version first; returns the versions applied. */
export function migrate(db: Database, migrations: readonly SqliteMigration[]): number[] {
  assertStrictlyIncreasing(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  ) STRICT`);
  const done = new Set(appliedVersions(db));
  const record = db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)');
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    db.transaction(() => {
      migration.up(db);
      record.run(migration.version, migration.name);
    })();
    applied.push(migration.version);
  }
  return applied;
}

/** The versions recorded as applied, ascending. */
export function appliedVersions(db: Database): number[] {
  return (db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[]);
}

/** Refuses a list whose versions are not positive integers in strictly increasing order (either engine). */
export function assertStrictlyIncreasing(migrations: ReadonlyArray<{ version: number; name: string }>): void {
  migrations.forEach((migration, index) => {
    if (!Number.isInteger(migration.version) || migration.version < 1) {
      throw new Error(`migration "${migration.name}" has an invalid version ${migration.version}`);
    }
    const previous = migrations[index - 1];
    if (previous && previous.version >= migration.version) {
      throw new Error(
        `migrations out of order: "${migration.name}" (${migration.version}) follows "${previous.name}" (${previous.version})`,
      );
    }
  });
}
