/**
 * The dispatcher's side of the outbox tables: claiming due deliveries under a lease, and writing
 * down what each attempt gave. A claim and its outcome are each one transaction, so two
 * dispatchers (or one restarted after a crash) never hold the same delivery at once, and an
 * outcome only lands while its claim is still the current one.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { statement } from '../storage/statements.js';

export interface ClaimedDelivery {
  deliveryId: string;
  eventId: string;
  eventType: string;
  merchantId: string;
  paymentId: string;
  url: string;
  /** The event exactly as stored: sent byte for byte. */
  body: string;
  contentType: string;
  /** Our own event, signed with Billpay-Signature; false for a drop-in gateway's notification. */
  signed: boolean;
  /** 1-based number of the attempt this claim is for. */
  attempt: number;
  claimToken: string;
}

export interface ClaimTimes {
  /** The dispatcher's clock: what is due. */
  now: Date;
  /** Real epoch ms: which leases have lapsed. */
  realNowMs: number;
  /** Real epoch ms until which the claim holds. */
  leaseUntilMs: number;
}

export interface AttemptResult {
  /** When the attempt started, on the dispatcher's clock. */
  at: Date;
  httpStatus: number | null;
  error: string | null;
  latencyMs: number;
  responseStart: string | null;
}

export type DeliveryOutcome =
  | { status: 'delivered' }
  | { status: 'pending'; nextAttemptAt: Date }
  | { status: 'failed' };

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

/** held_until of a delivery held behind the next delivery of its payment (see releaseHeldBehind). */
export const HELD_BEHIND_SUCCESSOR = Number.MAX_SAFE_INTEGER;

/** A hold put on a new delivery by a test fault: until a real time, or until the payment's next delivery is done. */
export type DeliveryHold = { untilMs: number } | 'behind_successor';

/**
 * Claims up to `limit` due pending deliveries, oldest first. A delivery never attempted is due at
 * once; a retry when its time has come on the dispatcher's clock.
 */
export function claimDueDeliveries(db: Database, limit: number, times: ClaimTimes): ClaimedDelivery[] {
  if (limit <= 0) return [];
  const token = randomUUID();
  const claim = db.transaction(() => {
    statement(
      db,
      `UPDATE webhook_deliveries SET ${TAKE_LEASE}
        WHERE id IN (
          SELECT id FROM webhook_deliveries
           WHERE status = 'pending' AND (attempt_count = 0 OR next_attempt_at <= @now) AND ${LEASE_IS_FREE}
             AND (held_until IS NULL OR held_until <= @realNowMs)
           ORDER BY id LIMIT @limit)`,
    ).run({ ...leaseParams(times, token), limit });
    return statement<[string], ClaimedRow>(db, CLAIMED_ROWS).all(token).map(toClaimed);
  });
  // IMMEDIATE takes the write lock first, so a second process waits instead of failing mid-claim.
  return claim.immediate();
}

/**
 * Claims one delivery whatever its state (a manual redelivery), making it pending again.
 * Answers 'not_found', or 'in_flight' while another claim on it holds.
 */
export function claimDelivery(
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
export function recordAttempt(
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
    ).run(
      claimed.deliveryId,
      claimed.attempt,
      result.at.getTime(),
      result.httpStatus,
      result.error,
      Math.round(result.latencyMs),
      result.responseStart,
    );
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
export function holdDelivery(db: Database, deliveryId: string, hold: DeliveryHold): void {
  const heldUntil = hold === 'behind_successor' ? HELD_BEHIND_SUCCESSOR : hold.untilMs;
  statement(db, 'UPDATE webhook_deliveries SET held_until = ? WHERE id = ?').run(heldUntil, deliveryId);
}

/**
 * `done` (a delivery now delivered or failed) releases the newest earlier delivery of the same
 * payment and URL held behind it, so held deliveries go out newest first, one after another.
 * Returns whether one was released.
 */
export function releaseHeldBehind(db: Database, done: ClaimedDelivery): boolean {
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

/** Lifts every hold of the merchant's deliveries (its faults were changed or cleared); returns how many. */
export function releaseHeldDeliveries(db: Database, merchantId: string): number {
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
