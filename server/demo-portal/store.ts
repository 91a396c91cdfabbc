/**
 * The portal's own record of payments (tables in migrations.ts): the payments it created, what
 * verified webhooks and returns said about them, and the webhook events it received. Nothing here
 * reads the gateway's tables. New-connection applications are in application-store.ts.
 */
import type { Database } from 'better-sqlite3';
import { statement } from '../storage/statements.js';
import { TERMINAL_STATUSES, type GatewayPayment, type SlipLinks } from './gateway-client.js';

export type PortalPurpose = 'postpaid_bill' | 'prepaid_recharge' | 'application_fee' | 'demand_note';

export interface PortalPayment {
  paymentId: string;
  merchantId: string;
  reference: string;
  purpose: PortalPurpose;
  payableKey: string | null;
  accountNo: string | null;
  billNo: string | null;
  meterNo: string | null;
  applicationId: number | null;
  meterSerial: number | null;
  amount: string;
  lateFee: string;
  clientSecret: string;
  checkoutUrl: string;
  status: string;
  trackingNumber: string | null;
  slip: SlipLinks | null;
  paidAt: string | null;
}

export interface ReceivedWebhookEvent {
  eventId: string;
  merchantId: string;
  paymentId: string;
  type: string;
  created: string;
}

/** "bill:062212345678": what a postpaid payment pays. */
export const billPayableKey = (billNo: string) => `bill:${billNo}`;
/** "fee:7:2:demand_note": one new-connection fee of one meter. */
export const feePayableKey = (applicationId: number, meterSerial: number, purpose: string) =>
  `fee:${applicationId}:${meterSerial}:${purpose}`;

/** A demo_portal_payments row, as both engines return it (`SELECT *`). */
export interface PortalPaymentRow {
  payment_id: string;
  merchant_id: string;
  reference: string;
  purpose: PortalPurpose;
  payable_key: string | null;
  account_no: string | null;
  bill_no: string | null;
  meter_no: string | null;
  application_id: number | null;
  meter_serial: number | null;
  amount: string;
  late_fee: string;
  client_secret: string;
  checkout_url: string;
  status: string;
  tracking_number: string | null;
  slip_html_url: string | null;
  slip_pdf_url: string | null;
  verify_url: string | null;
  paid_at: string | null;
}

export function toPortalPayment(row: PortalPaymentRow): PortalPayment {
  const slip =
    row.slip_html_url !== null && row.slip_pdf_url !== null && row.verify_url !== null
      ? { htmlUrl: row.slip_html_url, pdfUrl: row.slip_pdf_url, verifyUrl: row.verify_url }
      : null;
  return {
    paymentId: row.payment_id,
    merchantId: row.merchant_id,
    reference: row.reference,
    purpose: row.purpose,
    payableKey: row.payable_key,
    accountNo: row.account_no,
    billNo: row.bill_no,
    meterNo: row.meter_no,
    applicationId: row.application_id,
    meterSerial: row.meter_serial,
    amount: row.amount,
    lateFee: row.late_fee,
    clientSecret: row.client_secret,
    checkoutUrl: row.checkout_url,
    status: row.status,
    trackingNumber: row.tracking_number,
    slip,
    paidAt: row.paid_at,
  };
}

/** The gateway's terminal statuses as an SQL list, for the guard that keeps an ended payment ended. */
export const TERMINAL_LIST = [...TERMINAL_STATUSES].map((s) => `'${s}'`).join(', ');

/** The slip links as the three columns slip_html_url, slip_pdf_url, verify_url (null before a slip exists). */
function slipColumns(slip: SlipLinks | null | undefined) {
  return [slip?.htmlUrl ?? null, slip?.pdfUrl ?? null, slip?.verifyUrl ?? null] as const;
}

/** The 22 values of a new demo_portal_payments row, in INSERT_PAYMENT_COLUMNS' order. */
export function insertPaymentValues(payment: PortalPayment, at: Date) {
  return [
    payment.paymentId,
    payment.merchantId,
    payment.reference,
    payment.purpose,
    payment.payableKey,
    payment.accountNo,
    payment.billNo,
    payment.meterNo,
    payment.applicationId,
    payment.meterSerial,
    payment.amount,
    payment.lateFee,
    payment.clientSecret,
    payment.checkoutUrl,
    payment.status,
    payment.trackingNumber,
    ...slipColumns(payment.slip),
    payment.paidAt,
    at.getTime(),
    at.getTime(),
  ] as const;
}

export const INSERT_PAYMENT_COLUMNS = `payment_id, merchant_id, reference, purpose, payable_key, account_no, bill_no,
  meter_no, application_id, meter_serial, amount, late_fee, client_secret, checkout_url, status, tracking_number,
  slip_html_url, slip_pdf_url, verify_url, paid_at, created_at, updated_at`;

/**
 * The values of applyGatewayView's UPDATE, in its parameters' order: status, tracking_number,
 * the three slip columns, paid_at, updated_at, then the payment's id and (again) the status.
 */
export function gatewayViewValues(payment: GatewayPayment, at: Date) {
  return [
    payment.status,
    payment.trackingNumber,
    ...slipColumns(payment.slip),
    payment.paidAt,
    at.getTime(),
    payment.id,
    payment.status,
  ] as const;
}

/** A demo_portal_webhook_events row's values, in WEBHOOK_EVENT_COLUMNS' order. */
export function webhookEventValues(event: ReceivedWebhookEvent, at: Date) {
  return [event.eventId, event.merchantId, event.paymentId, event.type, event.created, at.getTime()] as const;
}

export const WEBHOOK_EVENT_COLUMNS = 'event_id, merchant_id, payment_id, type, created, received_at';

export interface WebhookEventRow {
  event_id: string;
  merchant_id: string;
  payment_id: string;
  type: string;
  created: string;
}

export function toReceivedWebhookEvent(row: WebhookEventRow): ReceivedWebhookEvent {
  return { eventId: row.event_id, merchantId: row.merchant_id, paymentId: row.payment_id, type: row.type, created: row.created };
}

export class PortalStore {
  constructor(private readonly db: Database) {}

  insertPayment(payment: PortalPayment, at: Date): void {
    statement(
      this.db,
      `INSERT INTO demo_portal_payments (${INSERT_PAYMENT_COLUMNS})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(...insertPaymentValues(payment, at));
  }

  findPayment(paymentId: string): PortalPayment | null {
    const row = statement<[string], PortalPaymentRow>(this.db, 'SELECT * FROM demo_portal_payments WHERE payment_id = ?').get(paymentId);
    return row ? toPortalPayment(row) : null;
  }

  /** The payments made for one payable (newest first): at most one paid, perhaps one in progress. */
  paymentsFor(merchantId: string, payableKey: string): PortalPayment[] {
    return statement<[string, string], PortalPaymentRow>(
      this.db,
      `SELECT * FROM demo_portal_payments WHERE merchant_id = ? AND payable_key = ? ORDER BY created_at DESC, rowid DESC`,
    )
      .all(merchantId, payableKey)
      .map(toPortalPayment);
  }

  /**
   * Records what the gateway said about a payment the portal created (from a verified webhook, a
   * verified return or an API read). A payment that has ended stays ended: a late or replayed
   * message about an earlier step cannot reopen it. Returns the record, or null for a payment the
   * portal does not know.
   */
  applyGatewayView(payment: GatewayPayment, at: Date): PortalPayment | null {
    statement(
      this.db,
      `UPDATE demo_portal_payments
       SET status = ?, tracking_number = ?, slip_html_url = ?, slip_pdf_url = ?, verify_url = ?, paid_at = ?, updated_at = ?
       WHERE payment_id = ? AND (status NOT IN (${TERMINAL_LIST}) OR status = ?)`,
    ).run(...gatewayViewValues(payment, at));
    return this.findPayment(payment.id);
  }

  /** Remembers a received webhook event; false when it was received before (a redelivery). */
  recordWebhookEvent(event: ReceivedWebhookEvent, at: Date): boolean {
    const result = statement(
      this.db,
      `INSERT INTO demo_portal_webhook_events (${WEBHOOK_EVENT_COLUMNS})
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
    ).run(...webhookEventValues(event, at));
    return result.changes === 1;
  }

  webhookEvents(paymentId: string): ReceivedWebhookEvent[] {
    return statement<[string], WebhookEventRow>(this.db, 'SELECT * FROM demo_portal_webhook_events WHERE payment_id = ? ORDER BY received_at, rowid')
      .all(paymentId)
      .map(toReceivedWebhookEvent);
  }
}
