import type { SchemaMigrations, SqliteMigration } from '../storage/migrations.js';
import type { PostgresMigration } from '../storage/postgres-migrations.js';

/**
 * The demo portal's own tables. The portal is a merchant of the gateway like any other: it keeps
 * its own record of what it asked to be paid and what it has been told (by verified webhooks and
 * verified browser returns) was paid, and never reads the gateway's tables. Versions 200+ so they
 * never collide with the core (1+) or webhook (100+) schema. Money is TEXT ("11.00"), times are
 * epoch milliseconds.
 *
 * The SQLite DDL explains the columns; the PostgreSQL DDL has the same ones in its own dialect
 * (server/schema.ts).
 */
const sqlite: SqliteMigration[] = [
  {
    version: 200,
    name: 'demo portal: payments, received webhook events, new-connection applications',
    up(db) {
      db.exec(`
        CREATE TABLE demo_portal_payments (
          payment_id      TEXT PRIMARY KEY,
          merchant_id     TEXT NOT NULL,
          reference       TEXT NOT NULL,
          purpose         TEXT NOT NULL,
          -- What this payment pays, so a second "Pay Online" reuses or replaces it instead of
          -- paying twice: "bill:<billNo>" or "fee:<applicationId>:<meterSerial>:<costHead>";
          -- NULL for prepaid recharges, which may be repeated at will.
          payable_key     TEXT,
          account_no      TEXT,
          bill_no         TEXT,
          meter_no        TEXT,
          application_id  INTEGER,
          meter_serial    INTEGER,
          amount          TEXT NOT NULL,
          late_fee        TEXT NOT NULL,
          -- Handed to the embedded checkout, as a merchant does; never a card, PIN or OTP.
          client_secret   TEXT NOT NULL,
          checkout_url    TEXT NOT NULL,
          -- The gateway's status as last told by a verified webhook, return or API read.
          status          TEXT NOT NULL,
          tracking_number TEXT,
          slip_html_url   TEXT,
          slip_pdf_url    TEXT,
          verify_url      TEXT,
          paid_at         TEXT,
          created_at      INTEGER NOT NULL,
          updated_at      INTEGER NOT NULL,
          UNIQUE (merchant_id, reference)
        ) STRICT;
        CREATE INDEX demo_portal_payments_by_payable ON demo_portal_payments (merchant_id, payable_key)
          WHERE payable_key IS NOT NULL;

        CREATE TABLE demo_portal_webhook_events (
          event_id    TEXT PRIMARY KEY,
          merchant_id TEXT NOT NULL,
          payment_id  TEXT NOT NULL,
          type        TEXT NOT NULL,
          created     TEXT NOT NULL,
          received_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE demo_portal_applications (
          id             INTEGER PRIMARY KEY AUTOINCREMENT,
          merchant_id    TEXT NOT NULL,
          applicant_name TEXT NOT NULL,
          mobile         TEXT NOT NULL,
          office_code    TEXT NOT NULL,
          created_at     INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE demo_portal_application_meters (
          application_id  INTEGER NOT NULL REFERENCES demo_portal_applications(id) ON DELETE CASCADE,
          meter_serial    INTEGER NOT NULL CHECK (meter_serial BETWEEN 1 AND 5),
          phases          INTEGER NOT NULL CHECK (phases IN (1, 3)),
          load_kw         TEXT NOT NULL,
          application_fee TEXT NOT NULL,
          demand_note     TEXT NOT NULL,
          PRIMARY KEY (application_id, meter_serial)
        ) STRICT;
      `);
    },
  },
];

const postgres: PostgresMigration[] = [
  {
    version: 200,
    name: 'demo portal: payments, received webhook events, new-connection applications',
    async up(db) {
      await db.query(`
        CREATE TABLE demo_portal_payments (
          payment_id      text PRIMARY KEY,
          merchant_id     text NOT NULL,
          reference       text NOT NULL,
          purpose         text NOT NULL,
          payable_key     text,
          account_no      text,
          bill_no         text,
          meter_no        text,
          application_id  bigint,
          meter_serial    bigint,
          amount          text NOT NULL,
          late_fee        text NOT NULL,
          client_secret   text NOT NULL,
          checkout_url    text NOT NULL,
          status          text NOT NULL,
          tracking_number text,
          slip_html_url   text,
          slip_pdf_url    text,
          verify_url      text,
          paid_at         text,
          created_at      bigint NOT NULL,
          updated_at      bigint NOT NULL,
          UNIQUE (merchant_id, reference)
        );
        CREATE INDEX demo_portal_payments_by_payable ON demo_portal_payments (merchant_id, payable_key)
          WHERE payable_key IS NOT NULL;

        CREATE TABLE demo_portal_webhook_events (
          event_id    text PRIMARY KEY,
          merchant_id text NOT NULL,
          payment_id  text NOT NULL,
          type        text NOT NULL,
          created     text NOT NULL,
          received_at bigint NOT NULL
        );

        CREATE TABLE demo_portal_applications (
          id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
          merchant_id    text NOT NULL,
          applicant_name text NOT NULL,
          mobile         text NOT NULL,
          office_code    text NOT NULL,
          created_at     bigint NOT NULL
        );

        CREATE TABLE demo_portal_application_meters (
          application_id  bigint NOT NULL REFERENCES demo_portal_applications(id) ON DELETE CASCADE,
          meter_serial    bigint NOT NULL CHECK (meter_serial BETWEEN 1 AND 5),
          phases          bigint NOT NULL CHECK (phases IN (1, 3)),
          load_kw         text NOT NULL,
          application_fee text NOT NULL,
          demand_note     text NOT NULL,
          PRIMARY KEY (application_id, meter_serial)
        );
      `);
    },
  },
];

export const demoPortalMigrations: SchemaMigrations = { sqlite, postgres };
