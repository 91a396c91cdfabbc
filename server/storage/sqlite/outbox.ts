/**
 * The webhook outbox's statements on SQLite: recording messages, claims under a lease, attempts
 * guarded by the claim token, holds, and the delivery log. Each nests as a savepoint in the
 * unit's transaction. storage/postgres/outbox.ts has the same in PostgreSQL's SQL.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { ATTEMPT_COLUMNS, DELIVERY_COLUMNS, deliveryView, type AttemptRow, type DeliveryRow } from '../../webhooks/deliveries.js';
import type { WebhookDeliveryView } from '../../webhooks/deliveries.js';
import { newDeliveryId, newEventId, type OutboxMessage, type RecordedWebhookEvent } from '../../webhooks/events.js';
import { HELD_BEHIND_SUCCESSOR, type AttemptResult, type ClaimedDelivery, type DeliveryOutcome } from '../../webhooks/outbox.js';
import { attemptRowValues, type OutboxRepository } from '../repositories/outbox.js';
import { statement } from '../statements.js';

interface ClaimTimes {
  /** The dispatcher's clock: what is due. */
  now: Date;
  /** Real epoch ms: which leases have lapsed. */
  realNowMs: number;
  /** Real epoch ms until which the claim holds. */
  leaseUntilMs: number;
}

/** A hold put on a new delivery by a test fault: until a real time, or until the payment's next delivery is done. */
type DeliveryHold = { untilMs: number } | 'behind_successor';

/** Writes a message and its delivery to `url`, nesting as a savepoint in the unit's transaction. */
export function recordOutboxMessage(
  db: Database,
  message: OutboxMessage,
  url: string,
  eventId: string = newEventId(),
): RecordedWebhookEvent {
  const deliveryId = newDeliveryId();
  const createdAt = message.at.getTime();
  db.transaction(() => {
    statement(
      db,
      `INSERT INTO webhook_events (id, merchant_id, payment_id, type, created_at, body, content_type, signed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      eventId,
      message.merchantId,
      message.paymentId,
      message.type,
      createdAt,
      message.body,
      message.contentType,
      message.signed ? 1 : 0,
    );
    statement(
      db,
      `INSERT INTO webhook_deliveries (id, event_id, url, status, next_attempt_at, created_at)
       VALUES (?, ?, ?, 'pending', ?, ?)`,
    ).run(deliveryId, eventId, url, createdAt, createdAt);
  })();
  return { eventId, deliveryId, type: message.type };
}

const CLAIMED_ROWS = `
  SELECT d.id AS deliveryId, d.event_id AS eventId, e.type AS eventType, e.merchant_id AS merchantId,
         e.payment_id AS paymentId, d.url, e.body, e.content_type AS contentType, e.signed,
         d.attempt_count AS attempt, d.claim_token AS claimToken
    FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
   WHERE d.claim_token = ?
   ORDER BY d.id`;

type ClaimedRow = Omit<ClaimedDelivery, 'signed'> & { signed: number };

function toClaimed(row: ClaimedRow): ClaimedDelivery {
  return { ...row, signed: row.signed === 1 };
}

/** What a claim sets: the attempt is counted (and stamped) when it starts, so a crash cannot reuse its number. */
const TAKE_LEASE = `
  attempt_count = attempt_count + 1, next_attempt_at = @now,
  claimed_until = @leaseUntilMs, claim_token = @token`;

const LEASE_IS_FREE = '(claimed_until IS NULL OR claimed_until <= @realNowMs)';

/**
 * Whether delivery `d` (of event `e`) has an earlier delivery of its payment and URL whose first
 * attempt is still to be made or in flight, not held behind its successor by a fault: `d`'s first
 * attempt waits for it, so a payment's events go out in the order they were recorded.
 */
const EARLIER_FIRST_ATTEMPT_OPEN = `
  EXISTS (
    SELECT 1 FROM webhook_events pe JOIN webhook_deliveries p ON p.event_id = pe.id
     WHERE pe.merchant_id = e.merchant_id AND pe.payment_id = e.payment_id AND p.url = d.url AND p.id < d.id
       AND p.status = 'pending' AND p.held_until IS NOT @behind
       AND (p.attempt_count = 0 OR (p.attempt_count = 1 AND p.claimed_until > @realNowMs)))`;

/**
 * Claims up to `limit` due pending deliveries, oldest first. A delivery never attempted is due at
 * once, after the first attempt of every earlier delivery of its payment; a retry when its time
 * has come on the dispatcher's clock.
 */
function claimDueDeliveries(db: Database, limit: number, times: ClaimTimes): ClaimedDelivery[] {
  if (limit <= 0) return [];
  const token = randomUUID();
  const claim = db.transaction(() => {
    statement(
      db,
      `UPDATE webhook_deliveries SET ${TAKE_LEASE}
        WHERE id IN (
          SELECT d.id FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
           WHERE d.status = 'pending' AND (d.attempt_count = 0 OR d.next_attempt_at <= @now)
             AND (d.claimed_until IS NULL OR d.claimed_until <= @realNowMs)
             AND (d.held_until IS NULL OR d.held_until <= @realNowMs)
             AND NOT (d.attempt_count = 0 AND ${EARLIER_FIRST_ATTEMPT_OPEN})
           ORDER BY d.id LIMIT @limit)`,
    ).run({ ...leaseParams(times, token), limit, behind: HELD_BEHIND_SUCCESSOR });
    return statement<[string], ClaimedRow>(db, CLAIMED_ROWS).all(token).map(toClaimed);
  });
  // IMMEDIATE takes the write lock first, so a second process waits instead of failing mid-claim.
  return claim.immediate();
}

/**
 * Claims one delivery whatever its state (a manual redelivery), making it pending again.
 * Answers 'not_found', or 'in_flight' while another claim on it holds.
 */
function claimDelivery(
  db: Database,
  deliveryId: string,
  times: ClaimTimes,
): ClaimedDelivery | 'not_found' | 'in_flight' {
  const token = randomUUID();
  const claim = db.transaction(() => {
    const exists = statement(db, 'SELECT 1 FROM webhook_deliveries WHERE id = ?').get(deliveryId);
    if (!exists) return 'not_found' as const;
    const taken = statement(
      db,
      `UPDATE webhook_deliveries SET status = 'pending', held_until = NULL, ${TAKE_LEASE}
        WHERE id = @deliveryId AND ${LEASE_IS_FREE}`,
    ).run({ ...leaseParams(times, token), deliveryId });
    if (taken.changes === 0) return 'in_flight' as const;
    const row = statement<[string], ClaimedRow>(db, CLAIMED_ROWS).get(token);
    return row ? toClaimed(row) : ('not_found' as const);
  });
  return claim.immediate();
}

/**
 * Logs the attempt and moves the delivery on, releasing the claim. Returns false, leaving the
 * delivery alone, if the claim lapsed and someone else took the delivery meanwhile.
 */
function recordAttempt(
  db: Database,
  claimed: ClaimedDelivery,
  result: AttemptResult,
  outcome: DeliveryOutcome,
): boolean {
  const record = db.transaction(() => {
    statement(
      db,
      `INSERT INTO webhook_attempts (delivery_id, attempt, at, http_status, error, latency_ms, response_start)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (delivery_id, attempt) DO NOTHING`,
    ).run(...attemptRowValues(claimed, result));
    const updated = statement(
      db,
      `UPDATE webhook_deliveries
          SET status = @status, next_attempt_at = @nextAttemptAt,
              last_http_status = @httpStatus, last_error = @error,
              delivered_at = CASE WHEN @status = 'delivered' THEN @at ELSE delivered_at END,
              claimed_until = NULL, claim_token = NULL
        WHERE id = @deliveryId AND claim_token = @token`,
    ).run({
      status: outcome.status,
      nextAttemptAt: outcome.status === 'pending' ? outcome.nextAttemptAt.getTime() : null,
      httpStatus: result.httpStatus,
      error: result.error,
      at: result.at.getTime(),
      deliveryId: claimed.deliveryId,
      token: claimed.claimToken,
    });
    return updated.changes > 0;
  });
  return record.immediate();
}

/** Holds a delivery not yet attempted (test faults: delay, out-of-order). */
function holdDelivery(db: Database, deliveryId: string, hold: DeliveryHold): void {
  const heldUntil = hold === 'behind_successor' ? HELD_BEHIND_SUCCESSOR : hold.untilMs;
  statement(db, 'UPDATE webhook_deliveries SET held_until = ? WHERE id = ?').run(heldUntil, deliveryId);
}

/**
 * `done` (a delivery now delivered or failed) releases the newest earlier delivery of the same
 * payment and URL held behind it, so held deliveries go out newest first, one after another.
 * Returns whether one was released.
 */
function releaseHeldBehind(db: Database, done: ClaimedDelivery): boolean {
  const released = statement(
    db,
    `UPDATE webhook_deliveries SET held_until = NULL
      WHERE id = (
        SELECT d.id FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
         WHERE e.merchant_id = @merchantId AND e.payment_id = @paymentId AND d.url = @url
           AND d.held_until = @behind AND d.id < @deliveryId
         ORDER BY d.id DESC LIMIT 1)`,
  ).run({
    merchantId: done.merchantId,
    paymentId: done.paymentId,
    url: done.url,
    behind: HELD_BEHIND_SUCCESSOR,
    deliveryId: done.deliveryId,
  });
  return released.changes > 0;
}

/** Whether a later delivery of `done`'s payment and URL waits for its first attempt (claimDueDeliveries). */
function hasSuccessorWaiting(db: Database, done: ClaimedDelivery): boolean {
  const waiting = statement(
    db,
    `SELECT 1 FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
      WHERE e.merchant_id = @merchantId AND e.payment_id = @paymentId AND d.url = @url
        AND d.id > @deliveryId AND d.status = 'pending' AND d.attempt_count = 0
      LIMIT 1`,
  ).get({ merchantId: done.merchantId, paymentId: done.paymentId, url: done.url, deliveryId: done.deliveryId });
  return waiting !== undefined;
}

/** Lifts every hold of the merchant's deliveries (its faults were changed or cleared); returns how many. */
function releaseHeldDeliveries(db: Database, merchantId: string): number {
  return statement(
    db,
    `UPDATE webhook_deliveries SET held_until = NULL
      WHERE held_until IS NOT NULL
        AND event_id IN (SELECT id FROM webhook_events WHERE merchant_id = ?)`,
  ).run(merchantId).changes;
}

function leaseParams(times: ClaimTimes, token: string) {
  return { now: times.now.getTime(), realNowMs: times.realNowMs, leaseUntilMs: times.leaseUntilMs, token };
}

/**
 * The merchant's newest `limit` deliveries (of one payment when `paymentId` is given), listed
 * oldest first so a payment's log reads in order.
 */
function listWebhookDeliveries(
  db: Database,
  merchantId: string,
  filter: { paymentId?: string; limit?: number } = {},
): WebhookDeliveryView[] {
  const paymentId = filter.paymentId ?? null;
  const rows = statement<[string, string | null, string | null, number], DeliveryRow>(
    db,
    `SELECT ${DELIVERY_COLUMNS}
       FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
      WHERE e.merchant_id = ? AND (? IS NULL OR e.payment_id = ?)
      ORDER BY d.id DESC LIMIT ?`,
  ).all(merchantId, paymentId, paymentId, filter.limit ?? 100);
  return rows.reverse().map((row) => toView(db, row));
}

/** One delivery, or null when it does not exist or belongs to another merchant. */
export function getWebhookDelivery(db: Database, deliveryId: string, merchantId?: string): WebhookDeliveryView | null {
  const row = statement<[string, string | null, string | null], DeliveryRow>(
    db,
    `SELECT ${DELIVERY_COLUMNS}
       FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
      WHERE d.id = ? AND (? IS NULL OR e.merchant_id = ?)`,
  ).get(deliveryId, merchantId ?? null, merchantId ?? null);
  return row ? toView(db, row) : null;
}

function toView(db: Database, row: DeliveryRow): WebhookDeliveryView {
  const attempts = statement<[string], AttemptRow>(
    db,
    `SELECT ${ATTEMPT_COLUMNS} FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt`,
  ).all(row.id);
  return deliveryView(row, attempts);
}

/** The outbox on SQLite: the statements above. The database's clock is this host's: one process owns the file. */
export function sqliteOutbox(db: Database): OutboxRepository {
  const times = (now: Date, leaseMs: number): ClaimTimes => {
    const realNowMs = Date.now();
    return { now, realNowMs, leaseUntilMs: realNowMs + leaseMs };
  };
  return {
    async record(message, url, eventId) {
      return recordOutboxMessage(db, message, url, eventId);
    },
    async hold(deliveryId, hold) {
      holdDelivery(db, deliveryId, hold === 'behind_successor' ? hold : { untilMs: Date.now() + hold.forMs });
    },
    async claimDue(limit, now, leaseMs) {
      return claimDueDeliveries(db, limit, times(now, leaseMs));
    },
    async claimOne(deliveryId, now, leaseMs) {
      return claimDelivery(db, deliveryId, times(now, leaseMs));
    },
    async recordAttempt(claimed, result, outcome) {
      try {
        return recordAttempt(db, claimed, result, outcome) ? 'recorded' : 'superseded';
      } catch (error) {
        // The attempt's row points at a delivery deleted meanwhile (its savepoint is rolled back).
        if ((error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'deleted';
        throw error;
      }
    },
    async release(claims) {
      const giveBack = statement<[{ deliveryId: string; token: string }]>(
        db,
        `UPDATE webhook_deliveries SET attempt_count = attempt_count - 1, claimed_until = NULL, claim_token = NULL
          WHERE id = @deliveryId AND claim_token = @token`,
      );
      let released = 0;
      for (const claim of claims) released += giveBack.run({ deliveryId: claim.deliveryId, token: claim.claimToken }).changes;
      return released;
    },
    async releaseHeldBehind(done) {
      return releaseHeldBehind(db, done);
    },
    async hasSuccessorWaiting(done) {
      return hasSuccessorWaiting(db, done);
    },
    async releaseHeld(merchantId) {
      return releaseHeldDeliveries(db, merchantId);
    },
    async listDeliveries(merchantId, filter) {
      return listWebhookDeliveries(db, merchantId, filter);
    },
    async getDelivery(deliveryId, merchantId) {
      return getWebhookDelivery(db, deliveryId, merchantId);
    },
    async deleteMerchantEvents(merchantId) {
      // Their deliveries and attempts go with them (ON DELETE CASCADE).
      return statement(db, 'DELETE FROM webhook_events WHERE merchant_id = ?').run(merchantId).changes;
    },
  };
}
