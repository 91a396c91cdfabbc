import type { SchemaMigrations, SqliteMigration } from '../storage/migrations.js';
import type { PostgresMigration } from '../storage/postgres-migrations.js';

/**
 * The core schema (versions 1-99): merchants, clocks, payments and what hangs off them (refunds,
 * idempotency keys, tracking serials). Money is text ("11.00"), times are epoch ms (bigint on
 * PostgreSQL). The columns are explained once, in the SQLite DDL; the PostgreSQL DDL has the same
 * tables, columns and indexes (test/server/storage/postgres-schema.test.ts compares them).
 */
const sqlite: SqliteMigration[] = [
  {
    version: 1,
    name: 'merchants, clocks, payments, idempotency, tracking serials',
    up(db) {
      db.exec(`
        CREATE TABLE merchants (
          id                TEXT PRIMARY KEY,
          name              TEXT NOT NULL,
          short_name        TEXT NOT NULL,
          -- SHA-256 of the API secret key: the key itself is never stored.
          secret_key_sha256 TEXT NOT NULL UNIQUE,
          utility           TEXT,
          bill_layout       TEXT NOT NULL CHECK (bill_layout IN ('desco', 'standard')),
          ephemeral         INTEGER NOT NULL DEFAULT 0,
          created_at        INTEGER NOT NULL
        ) STRICT;

        -- A list, so a merchant can rotate: sign with the newest, accept any active one.
        CREATE TABLE merchant_webhook_secrets (
          merchant_id TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
          secret      TEXT NOT NULL,
          created_at  INTEGER NOT NULL,
          retired_at  INTEGER,
          PRIMARY KEY (merchant_id, secret)
        ) STRICT;

        -- Per-merchant test clock: merchant time = system time + offset_ms.
        CREATE TABLE merchant_clocks (
          merchant_id TEXT PRIMARY KEY REFERENCES merchants(id) ON DELETE CASCADE,
          offset_ms   INTEGER NOT NULL DEFAULT 0
        ) STRICT;

        CREATE TABLE payments (
          id                      TEXT PRIMARY KEY,
          merchant_id             TEXT NOT NULL REFERENCES merchants(id),
          reference               TEXT NOT NULL,
          purpose                 TEXT NOT NULL,
          status                  TEXT NOT NULL,
          -- What makes two payments "the same bill" (postpaid bills only).
          bill_key                TEXT,
          account_no              TEXT,
          bill_no                 TEXT,
          bill_month              TEXT,
          meter_no                TEXT,
          office_code             TEXT,
          meter_serial            INTEGER,
          cost_head               INTEGER,
          amount                  TEXT NOT NULL,
          late_fee                TEXT NOT NULL,
          customer_name           TEXT,
          customer_mobile         TEXT,
          customer_email          TEXT,
          return_success_url      TEXT,
          return_fail_url         TEXT,
          return_cancel_url       TEXT,
          webhook_url             TEXT,
          client_secret_sha256    TEXT NOT NULL,
          -- The origin the merchant reached us at: base of checkoutUrl and the slip's links.
          base_url                TEXT NOT NULL,
          -- Merchant-clock epoch ms at which the server acts on its own next (the current state's
          -- deadline, or when a pending authorization completes); NULL once terminal.
          deadline_at             INTEGER,
          -- Selection time left when the timer stopped at confirm; resumes after a declined attempt.
          selection_remaining_ms  INTEGER,
          attempts_used           INTEGER NOT NULL DEFAULT 0,
          selected_method         TEXT,
          selected_gateway        TEXT,
          quote_bill_amount       TEXT,
          quote_late_fee          TEXT,
          quote_service_charge    TEXT,
          quote_convenience_fee   TEXT,
          quote_discount          TEXT,
          quote_total             TEXT,
          -- Authorization progress of the current attempt (no secrets: only what the step needs).
          auth_step               TEXT,
          auth_tries_left         INTEGER,
          auth_instrument_id      TEXT,
          auth_pending_until      INTEGER,
          instrument_json         TEXT,
          last_error_code         TEXT,
          last_error_message      TEXT,
          last_error_tries_left   INTEGER,
          failure_reason          TEXT,
          tracking_number         TEXT,
          gateway_transaction_id  TEXT,
          paid_at                 INTEGER,
          created_at              INTEGER NOT NULL,
          updated_at              INTEGER NOT NULL,
          UNIQUE (merchant_id, reference)
          -- Clustered by id (uuid v7, time-ordered: inserts append): one b-tree less to write.
        ) STRICT, WITHOUT ROWID;

        -- Unique once issued; partial, so the many unpaid rows (NULL) cost no index writes.
        CREATE UNIQUE INDEX payments_tracking_number ON payments (tracking_number) WHERE tracking_number IS NOT NULL;
        CREATE UNIQUE INDEX payments_gateway_transaction ON payments (gateway_transaction_id)
          WHERE gateway_transaction_id IS NOT NULL;

        -- A bill can have at most one payment that is paid or in progress.
        CREATE UNIQUE INDEX payments_one_live_per_bill ON payments (merchant_id, bill_key)
          WHERE bill_key IS NOT NULL AND status NOT IN ('failed', 'cancelled', 'expired');

        -- The sweep: open payments of one merchant whose deadline has passed.
        CREATE INDEX payments_open_deadlines ON payments (merchant_id, deadline_at)
          WHERE deadline_at IS NOT NULL;

        CREATE TABLE payment_transitions (
          seq        INTEGER PRIMARY KEY AUTOINCREMENT,
          payment_id TEXT NOT NULL REFERENCES payments(id) ON DELETE CASCADE,
          from_state TEXT NOT NULL,
          to_state   TEXT NOT NULL,
          event      TEXT NOT NULL,
          at         INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX payment_transitions_by_payment ON payment_transitions (payment_id, seq);

        CREATE TABLE idempotency_keys (
          merchant_id     TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
          key             TEXT NOT NULL,
          request_sha256  TEXT NOT NULL,
          response_status INTEGER NOT NULL,
          response_body   TEXT NOT NULL,
          created_at      INTEGER NOT NULL,
          PRIMARY KEY (merchant_id, key)
        ) STRICT;

        -- Tracking-number serials: 000-999 per office and Dhaka second.
        CREATE TABLE tracking_serials (
          office_code TEXT NOT NULL,
          second      TEXT NOT NULL,
          last_serial INTEGER NOT NULL,
          PRIMARY KEY (office_code, second)
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    name: 'payments keep their client secret for the hosted checkout page',
    up(db) {
      // The hosted page (/checkout/:id) hands the secret to the widget it embeds; the checkout API
      // still authenticates against client_secret_sha256. Rows from before stay NULL (no hosted page).
      db.exec('ALTER TABLE payments ADD COLUMN client_secret TEXT');
    },
  },
  {
    version: 3,
    name: 'merchants name the office of their orders',
    up(db) {
      // The tracking-number office of payments with purpose `order` (the drop-in gateway APIs').
      db.exec("ALTER TABLE merchants ADD COLUMN office_code TEXT NOT NULL DEFAULT '000'");
    },
  },
  {
    version: 4,
    name: 'refunds, and the refund outcome each merchant chose for its tests',
    up(db) {
      db.exec(`
        CREATE TABLE refunds (
          id             TEXT PRIMARY KEY,            -- rfd_<uuid v7>
          merchant_id    TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
          payment_id     TEXT NOT NULL REFERENCES payments(id) ON DELETE CASCADE,
          amount         TEXT NOT NULL,               -- "5.00"
          reason         TEXT,
          status         TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
          failure_reason TEXT,
          -- Merchant-clock epoch ms at which a pending refund settles; NULL once terminal.
          deadline_at    INTEGER,
          created_at     INTEGER NOT NULL,
          completed_at   INTEGER,
          updated_at     INTEGER NOT NULL
          -- Clustered by id (uuid v7, time-ordered: inserts append).
        ) STRICT, WITHOUT ROWID;

        -- A payment's refunds, oldest first: the one lookup a payment view or slip makes.
        CREATE INDEX refunds_by_payment ON refunds (payment_id, id);

        -- The sweep: pending refunds of one merchant whose deadline has passed.
        CREATE INDEX refunds_open_deadlines ON refunds (merchant_id, deadline_at) WHERE deadline_at IS NOT NULL;

        -- PUT /api/v1/test/refunds/outcome; no row: 'instant'.
        CREATE TABLE merchant_refund_outcomes (
          merchant_id TEXT PRIMARY KEY REFERENCES merchants(id) ON DELETE CASCADE,
          outcome     TEXT NOT NULL CHECK (outcome IN ('instant', 'pending_then_success', 'failed')),
          updated_at  INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 5,
    name: 'a payment step writes fewer pages: no unique index on gateway transaction ids (SQLite: no AUTOINCREMENT on transitions)',
    up(db) {
      // Nothing looks a payment up by its gateway transaction id, whose 16 hex digits are random
      // (uuid v7's random tail): the unique index only cost every success a write at a random
      // place in it (4 of an authorize group's 25 WAL pages). AUTOINCREMENT cost every transition
      // an update of sqlite_sequence (one page a commit); a plain INTEGER PRIMARY KEY still only
      // grows while rows are only added, which is all that orders a payment's transitions.
      db.exec(`
        DROP INDEX payments_gateway_transaction;

        CREATE TABLE payment_transitions_new (
          seq        INTEGER PRIMARY KEY,
          payment_id TEXT NOT NULL REFERENCES payments(id) ON DELETE CASCADE,
          from_state TEXT NOT NULL,
          to_state   TEXT NOT NULL,
          event      TEXT NOT NULL,
          at         INTEGER NOT NULL
        ) STRICT;
        INSERT INTO payment_transitions_new (seq, payment_id, from_state, to_state, event, at)
          SELECT seq, payment_id, from_state, to_state, event, at FROM payment_transitions;
        DROP TABLE payment_transitions;
        ALTER TABLE payment_transitions_new RENAME TO payment_transitions;
        CREATE INDEX payment_transitions_by_payment ON payment_transitions (payment_id, seq);
      `);
    },
  },
];

const postgres: PostgresMigration[] = [
  {
    version: 1,
    name: 'merchants, clocks, payments, idempotency, tracking serials',
    async up(db) {
      await db.query(`
        CREATE TABLE merchants (
          id                text PRIMARY KEY,
          name              text NOT NULL,
          short_name        text NOT NULL,
          secret_key_sha256 text NOT NULL UNIQUE,
          utility           text,
          bill_layout       text NOT NULL CHECK (bill_layout IN ('desco', 'standard')),
          ephemeral         bigint NOT NULL DEFAULT 0,
          created_at        bigint NOT NULL
        );

        CREATE TABLE merchant_webhook_secrets (
          merchant_id text NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
          secret      text NOT NULL,
          created_at  bigint NOT NULL,
          retired_at  bigint,
          PRIMARY KEY (merchant_id, secret)
        );

        CREATE TABLE merchant_clocks (
          merchant_id text PRIMARY KEY REFERENCES merchants(id) ON DELETE CASCADE,
          offset_ms   bigint NOT NULL DEFAULT 0
        );

        CREATE TABLE payments (
          id                      text PRIMARY KEY,
          merchant_id             text NOT NULL REFERENCES merchants(id),
          reference               text NOT NULL,
          purpose                 text NOT NULL,
          status                  text NOT NULL,
          bill_key                text,
          account_no              text,
          bill_no                 text,
          bill_month              text,
          meter_no                text,
          office_code             text,
          meter_serial            bigint,
          cost_head               bigint,
          amount                  text NOT NULL,
          late_fee                text NOT NULL,
          customer_name           text,
          customer_mobile         text,
          customer_email          text,
          return_success_url      text,
          return_fail_url         text,
          return_cancel_url       text,
          webhook_url             text,
          client_secret_sha256    text NOT NULL,
          base_url                text NOT NULL,
          deadline_at             bigint,
          selection_remaining_ms  bigint,
          attempts_used           bigint NOT NULL DEFAULT 0,
          selected_method         text,
          selected_gateway        text,
          quote_bill_amount       text,
          quote_late_fee          text,
          quote_service_charge    text,
          quote_convenience_fee   text,
          quote_discount          text,
          quote_total             text,
          auth_step               text,
          auth_tries_left         bigint,
          auth_instrument_id      text,
          auth_pending_until      bigint,
          instrument_json         text,
          last_error_code         text,
          last_error_message      text,
          last_error_tries_left   bigint,
          failure_reason          text,
          tracking_number         text,
          gateway_transaction_id  text,
          paid_at                 bigint,
          created_at              bigint NOT NULL,
          updated_at              bigint NOT NULL,
          CONSTRAINT payments_merchant_reference UNIQUE (merchant_id, reference)
        );

        CREATE UNIQUE INDEX payments_tracking_number ON payments (tracking_number) WHERE tracking_number IS NOT NULL;
        CREATE UNIQUE INDEX payments_gateway_transaction ON payments (gateway_transaction_id)
          WHERE gateway_transaction_id IS NOT NULL;
        CREATE UNIQUE INDEX payments_one_live_per_bill ON payments (merchant_id, bill_key)
          WHERE bill_key IS NOT NULL AND status NOT IN ('failed', 'cancelled', 'expired');
        CREATE INDEX payments_open_deadlines ON payments (merchant_id, deadline_at)
          WHERE deadline_at IS NOT NULL;

        CREATE TABLE payment_transitions (
          seq        bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
          payment_id text NOT NULL REFERENCES payments(id) ON DELETE CASCADE,
          from_state text NOT NULL,
          to_state   text NOT NULL,
          event      text NOT NULL,
          at         bigint NOT NULL
        );
        CREATE INDEX payment_transitions_by_payment ON payment_transitions (payment_id, seq);

        CREATE TABLE idempotency_keys (
          merchant_id     text NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
          key             text NOT NULL,
          request_sha256  text NOT NULL,
          response_status bigint NOT NULL,
          response_body   text NOT NULL,
          created_at      bigint NOT NULL,
          PRIMARY KEY (merchant_id, key)
        );

        CREATE TABLE tracking_serials (
          office_code text NOT NULL,
          second      text NOT NULL,
          last_serial bigint NOT NULL,
          PRIMARY KEY (office_code, second)
        );
      `);
    },
  },
  {
    version: 2,
    name: 'payments keep their client secret for the hosted checkout page',
    async up(db) {
      await db.query('ALTER TABLE payments ADD COLUMN client_secret text');
    },
  },
  {
    version: 3,
    name: 'merchants name the office of their orders',
    async up(db) {
      await db.query("ALTER TABLE merchants ADD COLUMN office_code text NOT NULL DEFAULT '000'");
    },
  },
  {
    version: 4,
    name: 'refunds, and the refund outcome each merchant chose for its tests',
    async up(db) {
      await db.query(`
        CREATE TABLE refunds (
          id             text PRIMARY KEY,
          merchant_id    text NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
          payment_id     text NOT NULL REFERENCES payments(id) ON DELETE CASCADE,
          amount         text NOT NULL,
          reason         text,
          status         text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
          failure_reason text,
          deadline_at    bigint,
          created_at     bigint NOT NULL,
          completed_at   bigint,
          updated_at     bigint NOT NULL
        );
        CREATE INDEX refunds_by_payment ON refunds (payment_id, id);
        CREATE INDEX refunds_open_deadlines ON refunds (merchant_id, deadline_at) WHERE deadline_at IS NOT NULL;

        CREATE TABLE merchant_refund_outcomes (
          merchant_id text PRIMARY KEY REFERENCES merchants(id) ON DELETE CASCADE,
          outcome     text NOT NULL CHECK (outcome IN ('instant', 'pending_then_success', 'failed')),
          updated_at  bigint NOT NULL
        );
      `);
    },
  },
  {
    version: 5,
    name: 'a payment step writes fewer pages: no unique index on gateway transaction ids (SQLite: no AUTOINCREMENT on transitions)',
    async up(db) {
      await db.query('DROP INDEX payments_gateway_transaction');
    },
  },
];

export const coreMigrations: SchemaMigrations = { sqlite, postgres };
