import type { OutboxMessage, RecordedWebhookEvent } from '../../webhooks/events.js';
import type { WebhookDeliveryView } from '../../webhooks/deliveries.js';
import type { AttemptResult, ClaimedDelivery, DeliveryOutcome } from '../../webhooks/outbox.js';

/**
 * A hold a test fault puts on a new delivery: for some real time from now (on the database's
 * clock), or until the payment's next delivery is done (releaseHeldBehind).
 */
export type OutboxHold = { forMs: number } | 'behind_successor';

/**
 * A webhook_attempts row's values in column order (delivery_id, attempt, at, http_status,
 * error, latency_ms, response_start), as both adapters insert it.
 */
export function attemptRowValues(claimed: ClaimedDelivery, result: AttemptResult): [string, number, number, number | null, string | null, number, string | null] {
  return [
    claimed.deliveryId,
    claimed.attempt,
    result.at.getTime(),
    result.httpStatus,
    result.error,
    Math.round(result.latencyMs),
    result.responseStart,
  ];
}

/** What a recorded attempt did to its delivery. */
export type AttemptRecording =
  /** Logged, and the delivery moved on (delivered, next attempt, failed); the claim is released. */
  | 'recorded'
  /**
   * The claim lapsed and another dispatcher claimed the delivery meanwhile: the attempt is logged
   * (it was sent) but the delivery is left to the new claim.
   */
  | 'superseded'
  /** The delivery is gone (a reset or a merchant delete during the attempt): nothing was written. */
  | 'deleted';

/**
 * The webhook outbox: events with their deliveries, written in the unit of the change they
 * announce; claims that give each due delivery to one dispatcher at a time, for a lease; the
 * delivery log. Leases and holds run on the database's clock (PostgreSQL's now(), the host's on
 * SQLite, which one process owns), never on a host that may disagree with the others; what is
 * due runs on the dispatcher's (injected, movable) clock, passed as `now`.
 */
export interface OutboxRepository {
  /** Writes the message and its delivery to `url`; `eventId`: the id its body already names. Default: a new one. */
  record(message: OutboxMessage, url: string, eventId?: string): Promise<RecordedWebhookEvent>;
  /** Holds a delivery not attempted yet (test faults: delay, out-of-order). */
  hold(deliveryId: string, hold: OutboxHold): Promise<void>;
  /**
   * Claims up to `limit` due pending deliveries, oldest first, each for `leaseMs`: a delivery never
   * attempted is due at once, a retry once `now` reaches its time. Skips what another unit is
   * claiming, so dispatchers of several instances never claim one delivery twice. A payment's
   * events go out in order: a first attempt waits until the first attempt of every earlier
   * delivery of its payment and URL is recorded (or its lease lapses; a delivery held behind its
   * successor holds back nothing). Retries hold back nothing either: a receiver that fails does
   * not stop the events after it.
   */
  claimDue(limit: number, now: Date, leaseMs: number): Promise<ClaimedDelivery[]>;
  /**
   * Claims one delivery whatever its state (a manual redelivery), making it pending again:
   * 'not_found', or 'in_flight' while another claim on it holds.
   */
  claimOne(deliveryId: string, now: Date, leaseMs: number): Promise<ClaimedDelivery | 'not_found' | 'in_flight'>;
  /** Logs the attempt and, while `claimed` is still the delivery's current claim, moves the delivery on. */
  recordAttempt(claimed: ClaimedDelivery, result: AttemptResult, outcome: DeliveryOutcome): Promise<AttemptRecording>;
  /**
   * Gives back claims whose attempt never started (a dispatcher stopping with work claimed): the
   * deliveries are due again at once, with the attempt numbers they had. Returns how many.
   */
  release(claims: readonly ClaimedDelivery[]): Promise<number>;
  /**
   * `done` (now delivered or failed) releases the newest earlier delivery of its payment and URL
   * held behind it, so held deliveries go out newest first. Returns whether one was released.
   */
  releaseHeldBehind(done: ClaimedDelivery): Promise<boolean>;
  /** Whether a later delivery of `done`'s payment and URL, never attempted, waits for `done`'s first attempt (claimDue). */
  hasSuccessorWaiting(done: ClaimedDelivery): Promise<boolean>;
  /** Lifts every hold of the merchant's deliveries (its faults changed); returns how many. */
  releaseHeld(merchantId: string): Promise<number>;
  /** The merchant's newest `limit` deliveries (default 100; of one payment if given), oldest first, with their attempts. */
  listDeliveries(merchantId: string, filter?: { paymentId?: string; limit?: number }): Promise<WebhookDeliveryView[]>;
  /** One delivery with its attempts, or null when there is none (or it is another merchant's). */
  getDelivery(deliveryId: string, merchantId?: string): Promise<WebhookDeliveryView | null>;
  /** Deletes the merchant's events with their deliveries and attempts (reset); returns how many events. */
  deleteMerchantEvents(merchantId: string): Promise<number>;
}
