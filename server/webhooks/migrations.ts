import type { SchemaMigrations, SqliteMigration } from '../storage/migrations.js';
import type { PostgresMigration } from '../storage/postgres-migrations.js';

/**
 * The webhook outbox: events (what happened, with the body exactly as sent), deliveries (one per
 * event and URL, with the retry state and the dispatcher's lease) and attempts (the delivery log).
 * Versions 100+ so they never collide with the core schema's.
 *
 * No foreign keys into the core tables: the outbox is written inside the payment's transaction,
 * but it is its own record of what was sent and must not block deleting or migrating payments.
 * Times are epoch milliseconds: `created_at`, `next_attempt_at` and attempts' `at` on the injected
 * clock, `claimed_until` on the real clock (a lease guards against crashed processes, which die in
 * real time, not test time).
 *
 * The SQLite DDL explains the columns; the PostgreSQL DDL has the same ones in its own dialect
 * (server/schema.ts).
 */

/**
 * A claim takes the oldest due pending deliveries (ORDER BY id LIMIT n), and SQLite's reads the
 * claimed rows back by their token. With only the primary key, each claim walked every delivered
 * row before the first pending one and every row for the token, so its cost grew with all the
 * deliveries ever made (bench/webhook-drain.ts: after 150,000 delivered, one dispatcher sent 308 a
 * second against 2,208 on a fresh file; with these indexes 2,676).
 * Only claims in flight hold a token. The index on next_attempt_at served no query. The same on
 * both engines, so the schemas keep the same named indexes.
 */
const CLAIM_INDEXES = `
  DROP INDEX webhook_deliveries_due;
  CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (id) WHERE status = 'pending';
  CREATE INDEX webhook_deliveries_claimed ON webhook_deliveries (claim_token) WHERE claim_token IS NOT NULL;
`;

const sqlite: SqliteMigration[] = [
  {
    version: 100,
    name: 'webhook events, deliveries and attempts',
    up(db) {
      db.exec(`
        CREATE TABLE webhook_events (
          id          TEXT PRIMARY KEY,            -- evt_<uuid v7>
          merchant_id TEXT NOT NULL,
          payment_id  TEXT NOT NULL,
          type        TEXT NOT NULL,
          created_at  INTEGER NOT NULL,
          -- The JSON exactly as POSTed: signatures are computed over these bytes at send time.
          body        TEXT NOT NULL
        ) STRICT;
        CREATE INDEX webhook_events_by_payment ON webhook_events (merchant_id, payment_id, created_at);

        CREATE TABLE webhook_deliveries (
          id               TEXT PRIMARY KEY,       -- whd_<uuid v7>
          event_id         TEXT NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
          url              TEXT NOT NULL,
          status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
          attempt_count    INTEGER NOT NULL DEFAULT 0,
          -- When the next attempt is due; NULL once delivered or failed.
          next_attempt_at  INTEGER,
          -- Lease: a dispatcher that claimed the delivery owns it until then (real clock).
          claimed_until    INTEGER,
          claim_token      TEXT,
          last_http_status INTEGER,
          last_error       TEXT,
          created_at       INTEGER NOT NULL,
          delivered_at     INTEGER,
          UNIQUE (event_id, url)
        ) STRICT;
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
          WHERE status = 'pending';

        CREATE TABLE webhook_attempts (
          delivery_id    TEXT NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
          attempt        INTEGER NOT NULL,         -- 1-based, as sent in Billpay-Delivery-Attempt
          at             INTEGER NOT NULL,
          http_status    INTEGER,                  -- NULL when no response came back
          error          TEXT,                     -- timeout, connection refused, …
          latency_ms     INTEGER NOT NULL,
          -- The first bytes of the reply, for the delivery log.
          response_start TEXT,
          PRIMARY KEY (delivery_id, attempt)
        ) STRICT;
      `);
    },
  },
  {
    version: 101,
    name: 'webhook deliveries can be held (test faults: delay, out-of-order)',
    up(db) {
      // Real epoch ms before which a delivery is not attempted; NULL: not held. A delivery held
      // behind the next one of its payment (out-of-order) has the largest integer until released.
      db.exec('ALTER TABLE webhook_deliveries ADD COLUMN held_until INTEGER');
    },
  },
  {
    version: 102,
    name: 'outbox events carry their content type and whether they are signed',
    up(db) {
      // The drop-in gateway APIs' notifications (ekPay's JSON IPN, SSLCommerz's form IPN) go through
      // the same outbox and retries, in the gateway's own format and without Billpay-Signature.
      db.exec(`
        ALTER TABLE webhook_events ADD COLUMN content_type TEXT NOT NULL DEFAULT 'application/json';
        ALTER TABLE webhook_events ADD COLUMN signed INTEGER NOT NULL DEFAULT 1;
      `);
    },
  },
  {
    version: 103,
    name: 'claims find the pending deliveries and their own rows without walking every delivery ever made',
    up(db) {
      db.exec(CLAIM_INDEXES);
    },
  },
];

const postgres: PostgresMigration[] = [
  {
    version: 100,
    name: 'webhook events, deliveries and attempts',
    async up(db) {
      // body stays text, not jsonb: jsonb would reorder the keys of the bytes that were signed.
      await db.query(`
        CREATE TABLE webhook_events (
          id          text PRIMARY KEY,
          merchant_id text NOT NULL,
          payment_id  text NOT NULL,
          type        text NOT NULL,
          created_at  bigint NOT NULL,
          body        text NOT NULL
        );
        CREATE INDEX webhook_events_by_payment ON webhook_events (merchant_id, payment_id, created_at);

        CREATE TABLE webhook_deliveries (
          id               text PRIMARY KEY,
          event_id         text NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
          url              text NOT NULL,
          status           text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
          attempt_count    bigint NOT NULL DEFAULT 0,
          next_attempt_at  bigint,
          claimed_until    bigint,
          claim_token      text,
          last_http_status bigint,
          last_error       text,
          created_at       bigint NOT NULL,
          delivered_at     bigint,
          UNIQUE (event_id, url)
        );
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
          WHERE status = 'pending';

        CREATE TABLE webhook_attempts (
          delivery_id    text NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
          attempt        bigint NOT NULL,
          at             bigint NOT NULL,
          http_status    bigint,
          error          text,
          latency_ms     bigint NOT NULL,
          response_start text,
          PRIMARY KEY (delivery_id, attempt)
        );
      `);
    },
  },
  {
    version: 101,
    name: 'webhook deliveries can be held (test faults: delay, out-of-order)',
    async up(db) {
      await db.query('ALTER TABLE webhook_deliveries ADD COLUMN held_until bigint');
    },
  },
  {
    version: 102,
    name: 'outbox events carry their content type and whether they are signed',
    async up(db) {
      await db.query(`
        ALTER TABLE webhook_events ADD COLUMN content_type text NOT NULL DEFAULT 'application/json';
        ALTER TABLE webhook_events ADD COLUMN signed bigint NOT NULL DEFAULT 1;
      `);
    },
  },
  {
    version: 103,
    name: 'claims find the pending deliveries and their own rows without walking every delivery ever made',
    async up(db) {
      await db.query(CLAIM_INDEXES);
    },
  },
];

export const webhookMigrations: SchemaMigrations = { sqlite, postgres };
