import type { Database } from 'better-sqlite3';
import type { PaymentState } from '../../domain/payment-state.js';
import { statement } from '../storage/statements.js';
import type { AuthStep, PaymentRecord, Purpose } from './record.js';

/** Rows of `payments` <-> PaymentRecord, and the queries the services need. */

interface PaymentRow {
  id: string;
  merchant_id: string;
  reference: string;
  purpose: Purpose;
  status: PaymentState;
  bill_key: string | null;
  account_no: string | null;
  bill_no: string | null;
  bill_month: string | null;
  meter_no: string | null;
  office_code: string | null;
  meter_serial: number | null;
  cost_head: number | null;
  amount: string;
  late_fee: string;
  customer_name: string | null;
  customer_mobile: string | null;
  customer_email: string | null;
  return_success_url: string | null;
  return_fail_url: string | null;
  return_cancel_url: string | null;
  webhook_url: string | null;
  client_secret_sha256: string;
  client_secret: string | null;
  base_url: string;
  deadline_at: number | null;
  selection_remaining_ms: number | null;
  attempts_used: number;
  selected_method: string | null;
  selected_gateway: string | null;
  quote_bill_amount: string | null;
  quote_late_fee: string | null;
  quote_service_charge: string | null;
  quote_convenience_fee: string | null;
  quote_discount: string | null;
  quote_total: string | null;
  auth_step: AuthStep | null;
  auth_tries_left: number | null;
  auth_instrument_id: string | null;
  auth_pending_until: number | null;
  instrument_json: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  last_error_tries_left: number | null;
  failure_reason: string | null;
  tracking_number: string | null;
  gateway_transaction_id: string | null;
  paid_at: number | null;
  created_at: number;
  updated_at: number;
}

const COLUMNS = [
  'id', 'merchant_id', 'reference', 'purpose', 'status', 'bill_key', 'account_no', 'bill_no', 'bill_month',
  'meter_no', 'office_code', 'meter_serial', 'cost_head', 'amount', 'late_fee', 'customer_name',
  'customer_mobile', 'customer_email', 'return_success_url', 'return_fail_url', 'return_cancel_url',
  'webhook_url', 'client_secret_sha256', 'client_secret', 'base_url', 'deadline_at', 'selection_remaining_ms', 'attempts_used',
  'selected_method', 'selected_gateway', 'quote_bill_amount', 'quote_late_fee', 'quote_service_charge',
  'quote_convenience_fee', 'quote_discount', 'quote_total', 'auth_step', 'auth_tries_left',
  'auth_instrument_id', 'auth_pending_until', 'instrument_json', 'last_error_code', 'last_error_message',
  'last_error_tries_left', 'failure_reason', 'tracking_number', 'gateway_transaction_id', 'paid_at',
  'created_at', 'updated_at',
] as const satisfies ReadonlyArray<keyof PaymentRow>;

/** Columns that never change after insert. */
const IMMUTABLE = new Set<string>(['id', 'merchant_id', 'reference', 'created_at']);


const SELECT = `SELECT ${COLUMNS.join(', ')} FROM payments`;
const SELECT_BY_ID = `${SELECT} WHERE id = ?`;
const SELECT_BY_REFERENCE = `${SELECT} WHERE merchant_id = ? AND reference = ?`;
const SELECT_BY_TRACKING_NUMBER = `${SELECT} WHERE tracking_number = ?`;
const SELECT_LIVE_FOR_BILL = `${SELECT} WHERE merchant_id = ? AND bill_key = ? AND status NOT IN ('failed', 'cancelled', 'expired')`;
// Positional parameters: binding ~50 values by name costs a property lookup each, a few µs per write.
const INSERT = `INSERT INTO payments (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;

const ms = (date: Date | null): number | null => (date === null ? null : date.getTime());
const date = (epochMs: number | null): Date | null => (epochMs === null ? null : new Date(epochMs));

function toRow(p: PaymentRecord): PaymentRow {
  return {
    id: p.id,
    merchant_id: p.merchantId,
    reference: p.reference,
    purpose: p.purpose,
    status: p.status,
    bill_key: p.billKey,
    account_no: p.accountNo,
    bill_no: p.billNo,
    bill_month: p.billMonth,
    meter_no: p.meterNo,
    office_code: p.officeCode,
    meter_serial: p.meterSerial,
    cost_head: p.costHead,
    amount: p.amount,
    late_fee: p.lateFee,
    customer_name: p.customer.name,
    customer_mobile: p.customer.mobile,
    customer_email: p.customer.email,
    return_success_url: p.returnUrls.success,
    return_fail_url: p.returnUrls.fail,
    return_cancel_url: p.returnUrls.cancel,
    webhook_url: p.webhookUrl,
    client_secret_sha256: p.clientSecretSha256,
    client_secret: p.clientSecret,
    base_url: p.baseUrl,
    deadline_at: ms(p.deadlineAt),
    selection_remaining_ms: p.selectionRemainingMs,
    attempts_used: p.attemptsUsed,
    selected_method: p.selection?.method ?? null,
    selected_gateway: p.selection?.gateway ?? null,
    quote_bill_amount: p.selection?.quote.billAmount ?? null,
    quote_late_fee: p.selection?.quote.lateFee ?? null,
    quote_service_charge: p.selection?.quote.serviceCharge ?? null,
    quote_convenience_fee: p.selection?.quote.convenienceFee ?? null,
    quote_discount: p.selection?.quote.discount ?? null,
    quote_total: p.selection?.quote.total ?? null,
    auth_step: p.auth.step,
    auth_tries_left: p.auth.triesLeft,
    auth_instrument_id: p.auth.instrumentId,
    auth_pending_until: ms(p.auth.pendingUntil),
    instrument_json: p.instrument === null ? null : JSON.stringify(p.instrument),
    last_error_code: p.lastError?.code ?? null,
    last_error_message: p.lastError?.message ?? null,
    last_error_tries_left: p.lastError?.triesLeft ?? null,
    failure_reason: p.failureReason,
    tracking_number: p.trackingNumber,
    gateway_transaction_id: p.gatewayTransactionId,
    paid_at: ms(p.paidAt),
    created_at: p.createdAt.getTime(),
    updated_at: p.updatedAt.getTime(),
  };
}

function fromRow(r: PaymentRow): PaymentRecord {
  const hasSelection = r.selected_method !== null && r.selected_gateway !== null;
  return {
    id: r.id,
    merchantId: r.merchant_id,
    reference: r.reference,
    purpose: r.purpose,
    status: r.status,
    billKey: r.bill_key,
    accountNo: r.account_no,
    billNo: r.bill_no,
    billMonth: r.bill_month,
    meterNo: r.meter_no,
    officeCode: r.office_code,
    meterSerial: r.meter_serial,
    costHead: r.cost_head,
    amount: r.amount,
    lateFee: r.late_fee,
    customer: { name: r.customer_name, mobile: r.customer_mobile, email: r.customer_email },
    returnUrls: { success: r.return_success_url, fail: r.return_fail_url, cancel: r.return_cancel_url },
    webhookUrl: r.webhook_url,
    clientSecretSha256: r.client_secret_sha256,
    clientSecret: r.client_secret,
    baseUrl: r.base_url,
    deadlineAt: date(r.deadline_at),
    selectionRemainingMs: r.selection_remaining_ms,
    attemptsUsed: r.attempts_used,
    selection: hasSelection
      ? {
          method: r.selected_method as string,
          gateway: r.selected_gateway as string,
          quote: {
            billAmount: r.quote_bill_amount ?? r.amount,
            lateFee: r.quote_late_fee ?? r.late_fee,
            serviceCharge: r.quote_service_charge ?? '0.00',
            convenienceFee: r.quote_convenience_fee ?? '0.00',
            discount: r.quote_discount ?? '0.00',
            total: r.quote_total ?? '0.00',
          },
        }
      : null,
    auth: {
      step: r.auth_step,
      triesLeft: r.auth_tries_left,
      instrumentId: r.auth_instrument_id,
      pendingUntil: date(r.auth_pending_until),
    },
    instrument: r.instrument_json === null ? null : JSON.parse(r.instrument_json),
    lastError:
      r.last_error_code === null
        ? null
        : { code: r.last_error_code, message: r.last_error_message ?? '', triesLeft: r.last_error_tries_left },
    failureReason: r.failure_reason,
    trackingNumber: r.tracking_number,
    gatewayTransactionId: r.gateway_transaction_id,
    paidAt: date(r.paid_at),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

export function insertPayment(db: Database, payment: PaymentRecord): void {
  statement(db, INSERT).run(paymentValues(payment));
}

/**
 * Writes the columns of `payment` that differ from `before` (the same payment as it was read; the
 * caller holds the transaction). A column left out of the SET keeps SQLite from rewriting the
 * indexes over it, which for a step that changes four columns is most of the UPDATE's cost. Each
 * set of changed columns is its own prepared statement; a payment's steps make a few dozen.
 */
export function updatePayment(db: Database, payment: PaymentRecord, before: PaymentRecord): void {
  const { columns, values } = paymentChanges(payment, before);
  if (columns.length === 0) return;
  const sql = `UPDATE payments SET ${columns.map((column) => `${column} = ?`).join(', ')} WHERE id = ?`;
  statement(db, sql).run([...values, payment.id]);
}

/** Where each column sits in a row read as an array (findOne): `values[AT.status]`. */
const AT = Object.fromEntries(COLUMNS.map((column, index) => [column, index])) as Record<keyof PaymentRow, number>;

/**
 * A row read as an array, named. Each property is read at a position known when this file loads:
 * filling an object column by column (a key that changes at every step) cost ~2 µs a read, this
 * literal a tenth of that.
 */
function rowOf(values: readonly unknown[]): PaymentRow {
  const row: Record<keyof PaymentRow, unknown> = {
    id: values[AT.id],
    merchant_id: values[AT.merchant_id],
    reference: values[AT.reference],
    purpose: values[AT.purpose],
    status: values[AT.status],
    bill_key: values[AT.bill_key],
    account_no: values[AT.account_no],
    bill_no: values[AT.bill_no],
    bill_month: values[AT.bill_month],
    meter_no: values[AT.meter_no],
    office_code: values[AT.office_code],
    meter_serial: values[AT.meter_serial],
    cost_head: values[AT.cost_head],
    amount: values[AT.amount],
    late_fee: values[AT.late_fee],
    customer_name: values[AT.customer_name],
    customer_mobile: values[AT.customer_mobile],
    customer_email: values[AT.customer_email],
    return_success_url: values[AT.return_success_url],
    return_fail_url: values[AT.return_fail_url],
    return_cancel_url: values[AT.return_cancel_url],
    webhook_url: values[AT.webhook_url],
    client_secret_sha256: values[AT.client_secret_sha256],
    client_secret: values[AT.client_secret],
    base_url: values[AT.base_url],
    deadline_at: values[AT.deadline_at],
    selection_remaining_ms: values[AT.selection_remaining_ms],
    attempts_used: values[AT.attempts_used],
    selected_method: values[AT.selected_method],
    selected_gateway: values[AT.selected_gateway],
    quote_bill_amount: values[AT.quote_bill_amount],
    quote_late_fee: values[AT.quote_late_fee],
    quote_service_charge: values[AT.quote_service_charge],
    quote_convenience_fee: values[AT.quote_convenience_fee],
    quote_discount: values[AT.quote_discount],
    quote_total: values[AT.quote_total],
    auth_step: values[AT.auth_step],
    auth_tries_left: values[AT.auth_tries_left],
    auth_instrument_id: values[AT.auth_instrument_id],
    auth_pending_until: values[AT.auth_pending_until],
    instrument_json: values[AT.instrument_json],
    last_error_code: values[AT.last_error_code],
    last_error_message: values[AT.last_error_message],
    last_error_tries_left: values[AT.last_error_tries_left],
    failure_reason: values[AT.failure_reason],
    tracking_number: values[AT.tracking_number],
    gateway_transaction_id: values[AT.gateway_transaction_id],
    paid_at: values[AT.paid_at],
    created_at: values[AT.created_at],
    updated_at: values[AT.updated_at],
  };
  return row as PaymentRow;
}

/**
 * The one payment a SELECT above finds, or null. Rows are read as arrays and named here:
 * better-sqlite3 builds a row object with a V8 API call per column, which for these 50 columns
 * costs twice as much as the array and `rowOf`.
 */
function findOne(db: Database, sql: string, ...params: string[]): PaymentRecord | null {
  const values = statement<string[], unknown[]>(db, sql).raw(true).get(...params);
  return values ? paymentFromValues(values) : null;
}

export function findPayment(db: Database, id: string): PaymentRecord | null {
  return findOne(db, SELECT_BY_ID, id);
}

export function findPaymentByReference(db: Database, merchantId: string, reference: string): PaymentRecord | null {
  return findOne(db, SELECT_BY_REFERENCE, merchantId, reference);
}

/** The id of the merchant's payment with this reference, if any (an index-only lookup). */
export function findPaymentIdByReference(db: Database, merchantId: string, reference: string): string | null {
  const row = statement<[string, string], { id: string }>(
    db,
    'SELECT id FROM payments WHERE merchant_id = ? AND reference = ?',
  ).get(merchantId, reference);
  return row?.id ?? null;
}

export function findPaymentByTrackingNumber(db: Database, trackingNumber: string): PaymentRecord | null {
  return findOne(db, SELECT_BY_TRACKING_NUMBER, trackingNumber);
}

/** The payment that holds the bill (paid or in progress), if any. */
export function findLivePaymentForBill(db: Database, merchantId: string, billKey: string): PaymentRecord | null {
  return findOne(db, SELECT_LIVE_FOR_BILL, merchantId, billKey);
}

/** Ids of one merchant's open payments whose deadline is at or before `at` (uses the partial index). */
export function findLapsedPaymentIds(db: Database, merchantId: string, at: Date, limit: number): string[] {
  return statement<[string, number, number], { id: string }>(
    db,
    `SELECT id FROM payments WHERE merchant_id = ? AND deadline_at IS NOT NULL AND deadline_at <= ?
     ORDER BY deadline_at LIMIT ?`,
  )
    .all(merchantId, at.getTime(), limit)
    .map((row) => row.id);
}

export function recordTransition(db: Database, t: PaymentTransition): void {
  statement(db, 'INSERT INTO payment_transitions (payment_id, from_state, to_state, event, at) VALUES (?, ?, ?, ?, ?)').run(
    t.paymentId,
    t.from,
    t.to,
    t.event,
    t.at.getTime(),
  );
}

/** One row of a payment's transition log. */
export interface PaymentTransition {
  paymentId: string;
  from: PaymentState;
  to: PaymentState;
  event: string;
  at: Date;
}

/** A payment's transition log, oldest first. */
export function listTransitions(db: Database, paymentId: string): PaymentTransition[] {
  return statement<[string], { from: PaymentState; to: PaymentState; event: string; at: number }>(
    db,
    'SELECT from_state AS "from", to_state AS "to", event, at FROM payment_transitions WHERE payment_id = ? ORDER BY seq',
  )
    .all(paymentId)
    .map((row) => ({ paymentId, from: row.from, to: row.to, event: row.event, at: new Date(row.at) }));
}

/** Deletes a merchant's payments (their transition log goes with them); returns how many. */
export function deletePaymentsOfMerchant(db: Database, merchantId: string): number {
  return statement<[string]>(db, 'DELETE FROM payments WHERE merchant_id = ?').run(merchantId).changes;
}

/** The columns of `payments` in the order paymentValues and paymentFromValues use, comma-separated (for SQL). */
export const PAYMENT_COLUMN_LIST = COLUMNS.join(', ');

/** The payment's column values, in PAYMENT_COLUMN_LIST's order (an INSERT's parameters). */
export function paymentValues(payment: PaymentRecord): unknown[] {
  const row = toRow(payment);
  return COLUMNS.map((column) => row[column]);
}

/** The payment whose column values, in PAYMENT_COLUMN_LIST's order, are `values` (an array row). */
export function paymentFromValues(values: readonly unknown[]): PaymentRecord {
  return fromRow(rowOf(values));
}

/**
 * The columns of `payment` that differ from `before` (the same payment as it was read) and their
 * new values: what an UPDATE needs to SET, and no more.
 */
export function paymentChanges(payment: PaymentRecord, before: PaymentRecord): { columns: string[]; values: unknown[] } {
  // Both rows come from toRow's one literal: their values line up with its keys, position by position.
  const row = toRow(payment);
  const names = Object.keys(row);
  const next = Object.values(row);
  const old = Object.values(toRow(before));
  const columns: string[] = [];
  const values: unknown[] = [];
  next.forEach((value, index) => {
    const column = names[index] as string;
    if (value === old[index] || IMMUTABLE.has(column)) return;
    columns.push(column);
    values.push(value);
  });
  return { columns, values };
}
