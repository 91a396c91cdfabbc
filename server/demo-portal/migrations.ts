import type { Migration } from '../storage/migrations.js';

/**
 * The demo portal's own tables. The portal is a merchant of the gateway like any other: it keeps
 * its own record of what it asked to be paid and what it has been told (by verified webhooks and
 * verified browser returns) was paid, and never reads the gateway's tables. Versions 200+ so they
 * never collide with the core (1+) or webhook (100+) schema. Money is TEXT ("11.00"), times are
 * epoch milliseconds.
 */
export const demoPortalMigrations: Migration[] = [
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
