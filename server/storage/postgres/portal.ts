import type pg from 'pg';
import {
  APPLICATION_COLUMNS,
  APPLICATION_METER_COLUMNS,
  applicationValues,
  meterValues,
  toApplication,
  type ApplicationMeterRow,
  type ApplicationRow,
} from '../../demo-portal/application-store.js';
import {
  gatewayViewValues,
  INSERT_PAYMENT_COLUMNS,
  insertPaymentValues,
  TERMINAL_LIST,
  toPortalPayment,
  toReceivedWebhookEvent,
  WEBHOOK_EVENT_COLUMNS,
  webhookEventValues,
  type PortalPaymentRow,
  type WebhookEventRow,
} from '../../demo-portal/store.js';
import type { PortalRepository } from '../repositories/portal.js';

/**
 * The class of the transaction-scoped advisory locks that `lockPayable` takes, one per merchant and
 * payable ("ptpy" in ASCII, to be recognisable in pg_locks). Two payables whose hashes collide only
 * wait for each other.
 */
export const PAYABLE_LOCK_CLASS = 0x70747079;

/** `$1, $2, …, $count`. */
const parameters = (count: number) => Array.from({ length: count }, (_unused, index) => `$${index + 1}`).join(', ');

/**
 * The demo portal's records on PostgreSQL. Ties in time are broken by id where SQLite uses its
 * rowid: the gateway's payment and event ids are uuid v7, so id order is the order they were made.
 */
export function postgresPortal(client: pg.ClientBase): PortalRepository {
  const repository: PortalRepository = {
    async insertPayment(payment, at) {
      await client.query({
        name: 'portal.insert-payment',
        text: `INSERT INTO demo_portal_payments (${INSERT_PAYMENT_COLUMNS}) VALUES (${parameters(22)})`,
        values: [...insertPaymentValues(payment, at)],
      });
    },
    async findPayment(paymentId) {
      const { rows } = await client.query<PortalPaymentRow>({
        name: 'portal.payment',
        text: 'SELECT * FROM demo_portal_payments WHERE payment_id = $1',
        values: [paymentId],
      });
      return rows[0] ? toPortalPayment(rows[0]) : null;
    },
    async paymentsFor(merchantId, payableKey) {
      const { rows } = await client.query<PortalPaymentRow>({
        name: 'portal.payments-for',
        text: 'SELECT * FROM demo_portal_payments WHERE merchant_id = $1 AND payable_key = $2 ORDER BY created_at DESC, payment_id DESC',
        values: [merchantId, payableKey],
      });
      return rows.map(toPortalPayment);
    },
    async lockPayable(merchantId, payableKey) {
      await client.query({
        name: 'portal.lock-payable',
        text: `SELECT pg_advisory_xact_lock(${PAYABLE_LOCK_CLASS}, hashtext($1::text || ' ' || $2::text))`,
        values: [merchantId, payableKey],
      });
      // A statement of its own: it sees what the unit this one waited for committed.
      return repository.paymentsFor(merchantId, payableKey);
    },
    async applyGatewayView(payment, at) {
      // One statement: a unit waiting on another's update of the row re-checks the guard on what that one wrote.
      const { rows } = await client.query<PortalPaymentRow>({
        name: 'portal.apply-gateway-view',
        text: `UPDATE demo_portal_payments
                  SET status = $1, tracking_number = $2, slip_html_url = $3, slip_pdf_url = $4, verify_url = $5, paid_at = $6, updated_at = $7
                WHERE payment_id = $8 AND (status NOT IN (${TERMINAL_LIST}) OR status = $9)
               RETURNING *`,
        values: [...gatewayViewValues(payment, at)],
      });
      return rows[0] ? toPortalPayment(rows[0]) : repository.findPayment(payment.id);
    },
    async recordWebhookEvent(event, at) {
      // A second unit inserting the same event waits for the first to commit, then inserts nothing.
      const { rowCount } = await client.query({
        name: 'portal.record-webhook-event',
        text: `INSERT INTO demo_portal_webhook_events (${WEBHOOK_EVENT_COLUMNS}) VALUES (${parameters(6)}) ON CONFLICT (event_id) DO NOTHING`,
        values: [...webhookEventValues(event, at)],
      });
      return rowCount === 1;
    },
    async webhookEvents(paymentId) {
      const { rows } = await client.query<WebhookEventRow>({
        name: 'portal.webhook-events',
        text: 'SELECT * FROM demo_portal_webhook_events WHERE payment_id = $1 ORDER BY received_at, event_id',
        values: [paymentId],
      });
      return rows.map(toReceivedWebhookEvent);
    },
    async createApplication(request, fees, at) {
      const meters = meterValues(request, fees);
      const { rows } = await client.query<{ id: number }>({
        name: 'portal.insert-application',
        text: `INSERT INTO demo_portal_applications (${APPLICATION_COLUMNS}) VALUES (${parameters(5)}) RETURNING id`,
        values: [...applicationValues(request, at)],
      });
      const id = (rows[0] as { id: number }).id;
      for (const values of meters) {
        await client.query({
          name: 'portal.insert-application-meter',
          text: `INSERT INTO demo_portal_application_meters (${APPLICATION_METER_COLUMNS}) VALUES (${parameters(6)})`,
          values: [id, ...values],
        });
      }
      return id;
    },
    async findApplication(id) {
      const { rows } = await client.query<ApplicationRow>({
        name: 'portal.application',
        text: 'SELECT * FROM demo_portal_applications WHERE id = $1',
        values: [id],
      });
      return rows[0] ? toApplication(rows[0], await metersOf([id])) : null;
    },
    async applications() {
      const { rows } = await client.query<ApplicationRow>({
        name: 'portal.applications',
        text: 'SELECT * FROM demo_portal_applications ORDER BY id DESC',
      });
      const meters = await metersOf(rows.map((row) => row.id));
      return rows.map((row) => toApplication(row, meters.filter((meter) => meter.application_id === row.id)));
    },
  };
  const metersOf = async (ids: readonly number[]) => {
    const { rows } = await client.query<ApplicationMeterRow & { application_id: number }>({
      name: 'portal.application-meters',
      text: 'SELECT * FROM demo_portal_application_meters WHERE application_id = ANY($1) ORDER BY application_id, meter_serial',
      values: [ids],
    });
    return rows;
  };
  return repository;
}
