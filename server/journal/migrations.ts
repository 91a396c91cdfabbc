import type { Migration } from '../storage/migrations.js';

/**
 * The journal's tables (versions 300-349; the fault settings own 350-399). One row per thing that
 * happened to a merchant: a request, a state change, a webhook attempt or an injected fault.
 *
 * No foreign keys: the journal is written on every request and must not block deleting payments
 * or merchants. Ids are the cursor of `GET /api/v1/test/journal?since=` and of the event stream's
 * Last-Event-ID, so they only grow. `at` is epoch ms on the merchant's (test) clock; `data` is JSON.
 */
export const journalMigrations: Migration[] = [
  {
    version: 300,
    name: 'journal: requests, state changes, webhook attempts and faults per merchant',
    up(db) {
      db.exec(`
        CREATE TABLE journal_entries (
          id          INTEGER PRIMARY KEY AUTOINCREMENT,
          merchant_id TEXT NOT NULL,
          at          INTEGER NOT NULL,
          type        TEXT NOT NULL CHECK (type IN ('request', 'state_change', 'webhook_attempt', 'fault')),
          payment_id  TEXT,
          data        TEXT NOT NULL
        ) STRICT;
        -- Every read is one merchant's entries after an id; also how old entries are pruned.
        CREATE INDEX journal_entries_by_merchant ON journal_entries (merchant_id, id);
      `);
    },
  },
  {
    version: 301,
    name: 'journal: entries clustered by merchant, ids per merchant (cheaper to write)',
    up(db) {
      // One b-tree per entry instead of a table, an index and sqlite_sequence: every API request
      // writes one. The journal is a test aid, so its entries are dropped rather than copied.
      // Ids count per merchant and are never reused: after a reset they continue from the floor.
      db.exec(`
        DROP TABLE journal_entries;
        CREATE TABLE journal_entries (
          merchant_id TEXT NOT NULL,
          id          INTEGER NOT NULL,
          at          INTEGER NOT NULL,
          type        TEXT NOT NULL CHECK (type IN ('request', 'state_change', 'webhook_attempt', 'fault')),
          payment_id  TEXT,
          data        TEXT NOT NULL,
          PRIMARY KEY (merchant_id, id)
        ) STRICT, WITHOUT ROWID;

        -- The merchant's last id when its journal was cleared (reset): new ids continue above it.
        CREATE TABLE journal_floors (
          merchant_id TEXT PRIMARY KEY,
          last_id     INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
];
