import type { SchemaMigrations, SqliteMigration } from '../storage/migrations.js';
import type { PostgresMigration } from '../storage/postgres-migrations.js';

/**
 * The fault settings of each merchant (versions 350-399; the journal owns 300-349): the JSON of
 * PUT /api/v1/test/faults, kept so a restarted server still injects what a test asked for.
 *
 * The SQLite DDL explains the columns; the PostgreSQL DDL has the same ones in its own dialect
 * (server/schema.ts).
 */
const sqlite: SqliteMigration[] = [
  {
    version: 350,
    name: 'fault settings per merchant',
    up(db) {
      db.exec(`
        CREATE TABLE merchant_faults (
          merchant_id TEXT PRIMARY KEY REFERENCES merchants(id) ON DELETE CASCADE,
          settings    TEXT NOT NULL,
          updated_at  INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 351,
    name: 'fault draws counted per merchant',
    up(db) {
      // How many seeded draws the settings have made: instances sharing a database share one sequence.
      db.exec('ALTER TABLE merchant_faults ADD COLUMN draws INTEGER NOT NULL DEFAULT 0');
    },
  },
];

const postgres: PostgresMigration[] = [
  {
    version: 350,
    name: 'fault settings per merchant',
    async up(db) {
      await db.query(`
        CREATE TABLE merchant_faults (
          merchant_id text PRIMARY KEY REFERENCES merchants(id) ON DELETE CASCADE,
          settings    text NOT NULL,
          updated_at  bigint NOT NULL
        );
      `);
    },
  },
  {
    version: 351,
    name: 'fault draws counted per merchant',
    async up(db) {
      await db.query('ALTER TABLE merchant_faults ADD COLUMN draws bigint NOT NULL DEFAULT 0');
    },
  },
];

export const faultMigrations: SchemaMigrations = { sqlite, postgres };
