import type { SchemaMigrations, SqliteMigration } from '../storage/migrations.js';
import type { PostgresMigration } from '../storage/postgres-migrations.js';

/**
 * The drop-in gateway APIs' own records (versions 400-449): each merchant's credentials per
 * dialect, and the dialect's view of a payment. A dialect session IS a payment (same row in
 * `payments`, same state machine); `dialect_sessions` only keeps what the gateway's wire format
 * needs besides it (the IPN URL, the customer fields to echo back, validation state), and
 * `dialect_keys` the gateway's own identifiers for it (ekPay's secure token, SSLCommerz's
 * session key, val_id and bank_tran_id, …), each of which finds the payment.
 *
 * The SQLite DDL explains the columns; the PostgreSQL DDL has the same ones in its own dialect
 * (server/schema.ts).
 */
const sqlite: SqliteMigration[] = [
  {
    version: 400,
    name: 'dialect credentials, sessions and keys',
    up(db) {
      db.exec(`
        CREATE TABLE merchant_dialect_credentials (
          merchant_id     TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
          dialect         TEXT NOT NULL,
          login           TEXT NOT NULL,
          -- The password only as SHA-256, like the API secret key.
          secret_sha256 TEXT NOT NULL,
          -- What the dialect signs with, derived from the password (SSLCommerz: its md5); NULL if nothing.
          signing_key     TEXT,
          PRIMARY KEY (merchant_id, dialect),
          UNIQUE (dialect, login)
        ) STRICT;

        CREATE TABLE dialect_sessions (
          payment_id  TEXT PRIMARY KEY REFERENCES payments(id) ON DELETE CASCADE,
          merchant_id TEXT NOT NULL,
          dialect     TEXT NOT NULL,
          -- The payment's merchant reference (the merchant's transaction id), echoed in callbacks.
          reference   TEXT NOT NULL,
          -- The dialect's own fields (JSON): what its callbacks and queries must echo.
          data        TEXT NOT NULL,
          created_at  INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE dialect_keys (
          dialect    TEXT NOT NULL,
          key        TEXT NOT NULL,
          payment_id TEXT NOT NULL REFERENCES dialect_sessions(payment_id) ON DELETE CASCADE,
          PRIMARY KEY (dialect, key)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX dialect_keys_by_payment ON dialect_keys (payment_id);
      `);
    },
  },
];

const postgres: PostgresMigration[] = [
  {
    version: 400,
    name: 'dialect credentials, sessions and keys',
    async up(db) {
      await db.query(`
        CREATE TABLE merchant_dialect_credentials (
          merchant_id   text NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
          dialect       text NOT NULL,
          login         text NOT NULL,
          secret_sha256 text NOT NULL,
          signing_key   text,
          PRIMARY KEY (merchant_id, dialect),
          UNIQUE (dialect, login)
        );

        CREATE TABLE dialect_sessions (
          payment_id  text PRIMARY KEY REFERENCES payments(id) ON DELETE CASCADE,
          merchant_id text NOT NULL,
          dialect     text NOT NULL,
          reference   text NOT NULL,
          data        text NOT NULL,
          created_at  bigint NOT NULL
        );

        CREATE TABLE dialect_keys (
          dialect    text NOT NULL,
          key        text NOT NULL,
          payment_id text NOT NULL REFERENCES dialect_sessions(payment_id) ON DELETE CASCADE,
          PRIMARY KEY (dialect, key)
        );
        CREATE INDEX dialect_keys_by_payment ON dialect_keys (payment_id);
      `);
    },
  },
];

export const dialectMigrations: SchemaMigrations = { sqlite, postgres };
