import type { Migration } from '../storage/migrations.js';

/**
 * The fault settings of each merchant (versions 350-399; the journal owns 300-349): the JSON of
 * PUT /api/v1/test/faults, kept so a restarted server still injects what a test asked for.
 */
export const faultMigrations: Migration[] = [
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
];
