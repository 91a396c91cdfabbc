import type { Database } from 'better-sqlite3';
import type { RefundOutcome, RefundState } from '../../domain/refund-state.js';
import { statement } from '../storage/statements.js';

/** Rows of `refunds` <-> RefundRecord, and the queries the refund service needs. */

/** A refund as the server keeps it. Times are merchant-clock Dates; the amount a 2-decimal string. */
export interface RefundRecord {
  id: string;
  merchantId: string;
  paymentId: string;
  amount: string;
  reason: string | null;
  status: RefundState;
  failureReason: string | null;
  /** When a pending refund settles; null once terminal. */
  deadlineAt: Date | null;
  createdAt: Date;
  completedAt: Date | null;
  updatedAt: Date;
}

/** A refunds row, as both engines return it. */
export interface RefundRow {
  id: string;
  merchant_id: string;
  payment_id: string;
  amount: string;
  reason: string | null;
  status: RefundState;
  failure_reason: string | null;
  deadline_at: number | null;
  created_at: number;
  completed_at: number | null;
  updated_at: number;
}

/** The refunds columns in RefundRow's order, for either engine's SELECT. */
export const REFUND_COLUMNS = `id, merchant_id, payment_id, amount, reason, status, failure_reason, deadline_at,
  created_at, completed_at, updated_at`;
const SELECT = `SELECT ${REFUND_COLUMNS} FROM refunds`;

const dateOrNull = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));
const msOrNull = (date: Date | null): number | null => (date === null ? null : date.getTime());

export function toRecord(row: RefundRow): RefundRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    paymentId: row.payment_id,
    amount: row.amount,
    reason: row.reason,
    status: row.status,
    failureReason: row.failure_reason,
    deadlineAt: dateOrNull(row.deadline_at),
    createdAt: new Date(row.created_at),
    completedAt: dateOrNull(row.completed_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** An INSERT's values, in REFUND_COLUMNS' order. */
export function refundValues(refund: RefundRecord): unknown[] {
  return [
    refund.id,
    refund.merchantId,
    refund.paymentId,
    refund.amount,
    refund.reason,
    refund.status,
    refund.failureReason,
    msOrNull(refund.deadlineAt),
    refund.createdAt.getTime(),
    msOrNull(refund.completedAt),
    refund.updatedAt.getTime(),
  ];
}

/** What a transition changes (status, failure reason, deadline, completed and updated at), then the id. */
export function refundChangeValues(refund: RefundRecord): unknown[] {
  return [refund.status, refund.failureReason, msOrNull(refund.deadlineAt), msOrNull(refund.completedAt), refund.updatedAt.getTime(), refund.id];
}

export function insertRefund(db: Database, refund: RefundRecord): void {
  statement(db, `INSERT INTO refunds (${REFUND_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...refundValues(refund));
}

/** Writes what a transition changes (id, merchant, payment, amount and reason never change). */
export function updateRefund(db: Database, refund: RefundRecord): void {
  statement(
    db,
    `UPDATE refunds SET status = ?, failure_reason = ?, deadline_at = ?, completed_at = ?, updated_at = ? WHERE id = ?`,
  ).run(...refundChangeValues(refund));
}

export function findRefund(db: Database, refundId: string): RefundRecord | null {
  const row = statement<[string], RefundRow>(db, `${SELECT} WHERE id = ?`).get(refundId);
  return row ? toRecord(row) : null;
}

/** A payment's refunds, oldest first: one lookup on refunds_by_payment. */
export function findRefundsOfPayment(db: Database, paymentId: string): RefundRecord[] {
  return statement<[string], RefundRow>(db, `${SELECT} WHERE payment_id = ? ORDER BY id`).all(paymentId).map(toRecord);
}

/** Ids of a merchant's pending refunds whose deadline is at or before `now` (refunds_open_deadlines). */
export function findLapsedRefundIds(db: Database, merchantId: string, now: Date, limit: number): string[] {
  return statement<[string, number, number], string>(
    db,
    'SELECT id FROM refunds WHERE merchant_id = ? AND deadline_at IS NOT NULL AND deadline_at <= ? ORDER BY deadline_at LIMIT ?',
  )
    .pluck()
    .all(merchantId, now.getTime(), limit);
}

export function deleteRefundsOfMerchant(db: Database, merchantId: string): number {
  return statement(db, 'DELETE FROM refunds WHERE merchant_id = ?').run(merchantId).changes;
}

/** The merchant's chosen refund outcome (PUT /api/v1/test/refunds/outcome); `instant` when none was set. */
export function getRefundOutcome(db: Database, merchantId: string): RefundOutcome {
  const outcome = statement<[string], RefundOutcome>(db, 'SELECT outcome FROM merchant_refund_outcomes WHERE merchant_id = ?')
    .pluck()
    .get(merchantId);
  return outcome ?? 'instant';
}

export function setRefundOutcome(db: Database, merchantId: string, outcome: RefundOutcome, at: Date): void {
  statement(
    db,
    `INSERT INTO merchant_refund_outcomes (merchant_id, outcome, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (merchant_id) DO UPDATE SET outcome = excluded.outcome, updated_at = excluded.updated_at`,
  ).run(merchantId, outcome, at.getTime());
}

export function clearRefundOutcome(db: Database, merchantId: string): void {
  statement(db, 'DELETE FROM merchant_refund_outcomes WHERE merchant_id = ?').run(merchantId);
}
