/**
 * Sends the outbox: claims due deliveries under a lease, POSTs each stored body byte for byte,
 * signed at send time, and records the outcome (2xx: delivered; anything else, a timeout or a
 * refused connection: the next attempt per the schedule, or failed after the last).
 *
 * Delivery is at least once. A delivery recorded as delivered is never sent again unless someone
 * asks (redeliver); one whose dispatcher died mid-attempt is sent again once its lease lapses, so
 * a receiver that answered 2xx just before the crash sees it twice, with the same
 * Billpay-Event-Id. Receivers deduplicate on that id.
 *
 * Time: due times come from the injected clock (tests move it); leases and polling use real time,
 * because crashes and network waits happen in real time.
 */
import type { Database } from 'better-sqlite3';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { getWebhookDelivery, type WebhookDeliveryView } from './deliveries.js';
import { postWebhook, type PostResult } from './http-post.js';
import {
  claimDelivery,
  claimDueDeliveries,
  recordAttempt,
  releaseHeldBehind,
  type AttemptResult,
  type ClaimedDelivery,
  type DeliveryOutcome,
} from './outbox.js';
import { delayAfterFailedAttempt, type RetrySchedule } from './schedule.js';
import { SIGNATURE_HEADER, signWebhookPayload } from './signature.js';

export interface WebhookDispatcherOptions {
  db: Database;
  clock: Clock;
  schedule: RetrySchedule;
  /** The merchant's active webhook secrets, newest first; each signs a `v1`. */
  secretsFor(merchantId: string): string[];
  logger: Logger;
  fetch?: typeof fetch;
  /** Per attempt, body included. Default 10 s. */
  timeoutMs?: number;
  /** Default: the schedule's. */
  pollIntervalMs?: number;
  /** How long a claim holds; must outlast an attempt. Default timeoutMs + 15 s. */
  leaseMs?: number;
  /** Attempts in flight at once, per dispatcher. Default 16. */
  maxInFlight?: number;
  /** Faults a test asked for (server/faults); none by default. */
  faults?: WebhookFaultPolicy;
  /** Told of every attempt once recorded (the journal). */
  onAttempt?: AttemptListener;
}

/** The webhook faults a test can inject; the dispatcher applies them, server/faults decides them. */
export interface WebhookFaultPolicy {
  /** A reply to record instead of sending (the receiver is not called), or null to send. */
  simulate(delivery: ClaimedDelivery): PostResult | null;
  /** Whether to send an acknowledged delivery a second time, with the same event id. */
  duplicate(delivery: ClaimedDelivery): boolean;
}

export interface AttemptReport {
  delivery: ClaimedDelivery;
  result: AttemptResult;
  outcome: DeliveryOutcome;
  /** The second send of a duplicated delivery (not recorded as an attempt of its own). */
  duplicate: boolean;
}

export type AttemptListener = (report: AttemptReport) => void;

/** One attempt as the log line and the journal entry both describe it. */
export function describeAttempt(delivery: ClaimedDelivery, result: PostResult, outcome: DeliveryOutcome) {
  return {
    deliveryId: delivery.deliveryId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    url: delivery.url,
    attempt: delivery.attempt,
    httpStatus: result.httpStatus,
    error: result.error,
    latencyMs: Math.round(result.latencyMs),
    outcome: outcome.status,
    ...(outcome.status === 'pending' ? { nextAttemptAt: outcome.nextAttemptAt.toISOString() } : {}),
  };
}

export type RedeliveryResult =
  | { outcome: 'attempted'; delivery: WebhookDeliveryView }
  | { outcome: 'not_found' }
  /** Another attempt of this delivery is under way; its outcome will be in the log. */
  | { outcome: 'in_flight' };

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
const RESPONSE_BYTES_KEPT = 512;
const USER_AGENT = 'billpay-sim-webhooks/1';

export class WebhookDispatcher {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly maxInFlight: number;
  private readonly inFlight = new Set<Promise<void>>();
  private pollTimer: NodeJS.Timeout | undefined;
  private running = false;
  /** The last poll had no room for everything due: poll again as soon as an attempt ends. */
  private backlog = false;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
    this.pollIntervalMs = options.pollIntervalMs ?? options.schedule.pollIntervalMs;
    this.leaseMs = options.leaseMs ?? this.timeoutMs + 15_000;
    this.maxInFlight = options.maxInFlight ?? 16;
  }

  /** Starts polling (at once, then every pollIntervalMs). Pending deliveries of earlier runs resume. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedulePoll(0);
  }

  /** Stops polling and waits for the attempts in flight to be recorded. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.pollTimer);
    await Promise.allSettled([...this.inFlight]);
  }

  /** Polls now rather than at the next tick, e.g. right after a transaction that queued an event. */
  wake(): void {
    if (this.running) this.schedulePoll(0);
  }

  /** One pass, for tests: attempts every due delivery (up to maxInFlight) and resolves when all are recorded. */
  async runDue(): Promise<number> {
    const claimed = claimDueDeliveries(this.options.db, this.maxInFlight, this.claimTimes());
    await Promise.all(claimed.map((delivery) => this.track(this.attempt(delivery))));
    return claimed.length;
  }

  /** A new attempt now, whatever the delivery's state; the retry schedule continues from its attempt count. */
  async redeliver(deliveryId: string): Promise<RedeliveryResult> {
    const claimed = claimDelivery(this.options.db, deliveryId, this.claimTimes());
    if (claimed === 'not_found' || claimed === 'in_flight') return { outcome: claimed };
    await this.track(this.attempt(claimed));
    const delivery = getWebhookDelivery(this.options.db, deliveryId);
    return delivery ? { outcome: 'attempted', delivery } : { outcome: 'not_found' };
  }

  private schedulePoll(delayMs: number): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => this.poll(), delayMs);
    // The HTTP server keeps the process alive; a dispatcher alone must not.
    this.pollTimer.unref();
  }

  /** Claims what there is room for and sends it without waiting, so one slow receiver holds up no one. */
  private poll(): void {
    if (!this.running) return;
    try {
      const room = this.maxInFlight - this.inFlight.size;
      const claimed = claimDueDeliveries(this.options.db, room, this.claimTimes());
      for (const delivery of claimed) void this.track(this.attempt(delivery));
      this.backlog = claimed.length === room;
    } catch (error) {
      this.options.logger.error({ err: error }, 'webhook dispatcher could not claim deliveries');
    }
    this.schedulePoll(this.pollIntervalMs);
  }

  private track(attempt: Promise<void>): Promise<void> {
    this.inFlight.add(attempt);
    return attempt.finally(() => {
      this.inFlight.delete(attempt);
      if (this.backlog) this.wake();
    });
  }

  /** Sends one claimed delivery and records the outcome; never rejects. */
  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const at = this.options.clock.now();
    const result = await this.send(delivery, at);
    const outcome = this.outcomeOf(delivery, result);
    // A duplicate-delivery fault sends an acknowledged delivery again, with the same event id.
    const duplicated = outcome.status === 'delivered' && (this.options.faults?.duplicate(delivery) ?? false);
    const duplicate = duplicated ? await this.send(delivery, at) : null;
    try {
      const recorded = recordAttempt(this.options.db, delivery, { at, ...result }, outcome);
      this.logAttempt(delivery, result, outcome, recorded);
      this.report({ delivery, result: { at, ...result }, outcome, duplicate: false });
      if (duplicate) this.report({ delivery, result: { at, ...duplicate }, outcome, duplicate: true });
      // Deliveries held behind this one (out-of-order fault) may go now.
      if (recorded && outcome.status !== 'pending' && releaseHeldBehind(this.options.db, delivery)) this.wake();
    } catch (error) {
      const fields = { err: error, deliveryId: delivery.deliveryId };
      if (deliveryWasDeleted(error)) {
        // A reset or a merchant delete removed it mid-attempt: there is nothing left to record or retry.
        this.options.logger.info(fields, 'webhook delivery was deleted during its attempt (reset or merchant deleted)');
        return;
      }
      // The claim lapses and another pass retries: at least once, never lost.
      this.options.logger.error(fields, 'webhook attempt could not be recorded');
    }
  }

  private report(report: AttemptReport): void {
    try {
      this.options.onAttempt?.(report);
    } catch (error) {
      this.options.logger.error({ err: error, deliveryId: report.delivery.deliveryId }, 'webhook attempt listener failed');
    }
  }

  private async send(delivery: ClaimedDelivery, at: Date): Promise<PostResult> {
    const simulated = this.options.faults?.simulate(delivery);
    if (simulated) return simulated;
    const post = { fetch: this.fetch, timeoutMs: this.timeoutMs, responseBytes: RESPONSE_BYTES_KEPT };
    if (!delivery.signed) {
      // A drop-in gateway's notification: its own format, and none of our headers (the real gateway sends none).
      return postWebhook(delivery.url, delivery.body, { 'Content-Type': delivery.contentType, 'User-Agent': USER_AGENT }, post);
    }
    let signature: string;
    try {
      const secrets = this.options.secretsFor(delivery.merchantId);
      if (secrets.length === 0) return notSent(`merchant ${delivery.merchantId} has no active webhook secret`);
      signature = signWebhookPayload(delivery.body, secrets, Math.floor(at.getTime() / 1000));
    } catch (error) {
      return notSent(`could not sign with the merchant's webhook secrets: ${(error as Error).message}`);
    }
    const headers = {
      'Content-Type': delivery.contentType,
      'User-Agent': USER_AGENT,
      [SIGNATURE_HEADER]: signature,
      'Billpay-Event-Id': delivery.eventId,
      'Billpay-Delivery-Attempt': String(delivery.attempt),
    };
    return postWebhook(delivery.url, delivery.body, headers, post);
  }

  private outcomeOf(delivery: ClaimedDelivery, result: PostResult): DeliveryOutcome {
    const acknowledged = result.httpStatus !== null && result.httpStatus >= 200 && result.httpStatus < 300;
    if (acknowledged) return { status: 'delivered' };
    const delay = delayAfterFailedAttempt(this.options.schedule, delivery.attempt);
    if (delay === null) return { status: 'failed' };
    return { status: 'pending', nextAttemptAt: new Date(this.options.clock.now().getTime() + delay) };
  }

  private logAttempt(delivery: ClaimedDelivery, result: PostResult, outcome: DeliveryOutcome, recorded: boolean): void {
    const fields = { merchantId: delivery.merchantId, ...describeAttempt(delivery, result, outcome) };
    const { logger } = this.options;
    if (!recorded) logger.warn(fields, 'webhook attempt ended after its lease lapsed; another dispatcher owns it now');
    else if (outcome.status === 'delivered') logger.info(fields, 'webhook delivered');
    else if (outcome.status === 'pending') logger.warn(fields, 'webhook attempt failed; will retry');
    else logger.error(fields, 'webhook delivery failed; no attempts left');
  }

  private claimTimes() {
    // Leases are between processes, so they run on the machine's real clock; the schedule runs on
    // the injected one (a test that moves it sees retries fall due at once).
    const realNowMs = Date.now();
    return { now: this.options.clock.now(), realNowMs, leaseUntilMs: realNowMs + this.leaseMs };
  }
}

/** The attempt's row points at a delivery that no longer exists. */
function deliveryWasDeleted(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

function notSent(error: string): PostResult {
  return { httpStatus: null, error, latencyMs: 0, responseStart: null };
}
