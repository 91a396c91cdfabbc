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
 * Time: due times come from the injected clock (tests move it); leases run on the database's clock
 * (the outbox repository's), polling on real time, because crashes and network waits happen in
 * real time. Every read and write goes through the store: a claim is one unit (with the faults'
 * decision and the secrets to sign with), an attempt's record another, and sending happens
 * between them, never inside a unit. Claims skip what another instance holds, so several
 * instances' dispatchers never send one delivery at once.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Store, Tx } from '../storage/port.js';
import type { WebhookDeliveryView } from './deliveries.js';
import { postWebhook, type PostResult } from './http-post.js';
import type { AttemptResult, ClaimedDelivery, DeliveryOutcome } from './outbox.js';
import { delayAfterFailedAttempt, type RetrySchedule } from './schedule.js';
import { SIGNATURE_HEADER, signWebhookPayload } from './signature.js';

export interface WebhookDispatcherOptions {
  store: Store;
  clock: Clock;
  schedule: RetrySchedule;
  /**
   * The merchant's active webhook secrets, newest first; each signs a `v1`. Read in the unit that
   * claims the delivery. Default: `tx.merchants.webhookSecrets`.
   */
  secretsFor?(merchantId: string, tx: Tx): Promise<string[]> | string[];
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
  /** Told of every attempt in the unit that records it (the journal). */
  onAttempt?: AttemptListener;
}

/**
 * The webhook faults a test can inject; the dispatcher applies them, server/faults decides them.
 * Each is called inside a unit, with its `tx` (to read the settings and journal what it does).
 */
export interface WebhookFaultPolicy {
  /** A reply to record instead of sending (the receiver is not called), or null to send. Asked in the unit that claims the delivery. */
  simulate(delivery: ClaimedDelivery, tx: Tx): Promise<PostResult | null> | PostResult | null;
  /** Whether to send an acknowledged delivery a second time, with the same event id. Asked in a unit of its own once acknowledged. */
  duplicate(delivery: ClaimedDelivery, tx: Tx): Promise<boolean> | boolean;
}

export interface AttemptReport {
  delivery: ClaimedDelivery;
  result: AttemptResult;
  outcome: DeliveryOutcome;
  /** The second send of a duplicated delivery (not recorded as an attempt of its own). */
  duplicate: boolean;
}

/**
 * Called in the unit that records the attempt (write through `tx`); what it throws rolls the
 * recording back, and the attempt is made again once its lease lapses.
 */
export type AttemptListener = (report: AttemptReport, tx: Tx) => Promise<void> | void;

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

/** A claimed delivery with what its claim's unit decided for it: a simulated reply, or the secrets to sign with. */
interface PreparedAttempt {
  delivery: ClaimedDelivery;
  simulated: PostResult | null;
  secrets: string[];
}

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
  /** The poll under way (its claim's unit), if any: polls never overlap, and stop() waits for it. */
  private polling: Promise<void> | undefined;
  /** Woken during a poll: poll again as soon as it ends. */
  private pollAgain = false;
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

  /** Stops polling and waits for the attempts in flight to be recorded (claims not started yet are given back). */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.pollTimer);
    await this.polling;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Polls now rather than at the next tick, e.g. right after a unit that queued an event has committed. */
  wake(): void {
    if (!this.running) return;
    if (this.polling) this.pollAgain = true;
    else this.schedulePoll(0);
  }

  /** One pass, for tests: attempts every due delivery (up to maxInFlight) and resolves when all are recorded. */
  async runDue(): Promise<number> {
    const claimed = await this.claimDue(this.maxInFlight);
    await Promise.all(claimed.map((prepared) => this.track(this.attempt(prepared))));
    return claimed.length;
  }

  /** A new attempt now, whatever the delivery's state; the retry schedule continues from its attempt count. */
  async redeliver(deliveryId: string): Promise<RedeliveryResult> {
    const { store, clock } = this.options;
    const claimed = await store.transact(async (tx) => {
      const claim = await tx.outbox.claimOne(deliveryId, clock.now(), this.leaseMs);
      return typeof claim === 'string' ? claim : this.prepare(tx, claim);
    });
    if (claimed === 'not_found' || claimed === 'in_flight') return { outcome: claimed };
    await this.track(this.attempt(claimed));
    const delivery = await store.read((tx) => tx.outbox.getDelivery(deliveryId));
    return delivery ? { outcome: 'attempted', delivery } : { outcome: 'not_found' };
  }

  /** Claims up to `limit` due deliveries in one unit, each with its faults' decision and its merchant's secrets. */
  private claimDue(limit: number): Promise<PreparedAttempt[]> {
    if (limit <= 0) return Promise.resolve([]);
    return this.options.store.transact(async (tx) => {
      const claims = await tx.outbox.claimDue(limit, this.options.clock.now(), this.leaseMs);
      const prepared: PreparedAttempt[] = [];
      for (const claim of claims) prepared.push(await this.prepare(tx, claim));
      return prepared;
    });
  }

  private async prepare(tx: Tx, delivery: ClaimedDelivery): Promise<PreparedAttempt> {
    const simulated = (await this.options.faults?.simulate(delivery, tx)) ?? null;
    if (simulated || !delivery.signed) return { delivery, simulated, secrets: [] };
    const { secretsFor } = this.options;
    const secrets = secretsFor ? await secretsFor(delivery.merchantId, tx) : await tx.merchants.webhookSecrets(delivery.merchantId);
    return { delivery, simulated, secrets };
  }

  private schedulePoll(delayMs: number): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
        if (!this.running) return;
        this.schedulePoll(this.pollAgain ? 0 : this.pollIntervalMs);
        this.pollAgain = false;
      });
    }, delayMs);
    // The HTTP server keeps the process alive; a dispatcher alone must not.
    this.pollTimer.unref();
  }

  /** Claims what there is room for and sends it without waiting, so one slow receiver holds up no one. */
  private async poll(): Promise<void> {
    if (!this.running) return;
    try {
      const room = this.maxInFlight - this.inFlight.size;
      const claimed = await this.claimDue(room);
      if (!this.running) {
        // Stopped while claiming: give the claims back rather than start attempts after stop().
        const claims = claimed.map((prepared) => prepared.delivery);
        if (claims.length > 0) await this.options.store.transact((tx) => tx.outbox.release(claims));
        return;
      }
      for (const prepared of claimed) void this.track(this.attempt(prepared));
      this.backlog = claimed.length === room;
    } catch (error) {
      this.options.logger.error({ err: error }, 'webhook dispatcher could not claim deliveries');
    }
  }

  private track(attempt: Promise<void>): Promise<void> {
    this.inFlight.add(attempt);
    return attempt.finally(() => {
      this.inFlight.delete(attempt);
      if (this.backlog) this.wake();
    });
  }

  /** Sends one claimed delivery and records the outcome; never rejects. */
  private async attempt(prepared: PreparedAttempt): Promise<void> {
    const { delivery } = prepared;
    const at = this.options.clock.now();
    const result = await this.send(prepared, at);
    const outcome = this.outcomeOf(delivery, result);
    // A duplicate-delivery fault sends an acknowledged delivery again, with the same event id.
    const duplicated = outcome.status === 'delivered' && (await this.duplicates(delivery));
    const duplicate = duplicated ? await this.send(prepared, at) : null;
    const fields = { deliveryId: delivery.deliveryId };
    try {
      const recorded = await this.options.store.transact(async (tx) => {
        const recording = await tx.outbox.recordAttempt(delivery, { at, ...result }, outcome);
        if (recording === 'deleted') return recording;
        await this.options.onAttempt?.({ delivery, result: { at, ...result }, outcome, duplicate: false }, tx);
        if (duplicate) await this.options.onAttempt?.({ delivery, result: { at, ...duplicate }, outcome, duplicate: true }, tx);
        // Deliveries held behind this one (out-of-order fault) may go now, and so may the next
        // delivery of its payment, which waits for this one's first attempt (claimDue).
        // One reason to wake is enough: the successor is not looked for once a release wakes anyway.
        const wake =
          recording === 'recorded' &&
          ((outcome.status !== 'pending' && (await tx.outbox.releaseHeldBehind(delivery))) ||
            (delivery.attempt === 1 && (await tx.outbox.hasSuccessorWaiting(delivery))));
        if (wake) tx.afterCommit(() => this.wake());
        return recording;
      });
      if (recorded === 'deleted') {
        // A reset or a merchant delete removed it mid-attempt: there is nothing left to record or retry.
        this.options.logger.info(fields, 'webhook delivery was deleted during its attempt (reset or merchant deleted)');
        return;
      }
      this.logAttempt(delivery, result, outcome, recorded === 'recorded');
    } catch (error) {
      // The claim lapses and another pass retries: at least once, never lost.
      this.options.logger.error({ err: error, ...fields }, 'webhook attempt could not be recorded');
    }
  }

  /** Whether the faults ask for a second send; a fault check that fails sends once. */
  private async duplicates(delivery: ClaimedDelivery): Promise<boolean> {
    const { faults } = this.options;
    if (!faults) return false;
    try {
      return await this.options.store.transact(async (tx) => faults.duplicate(delivery, tx));
    } catch (error) {
      this.options.logger.error({ err: error, deliveryId: delivery.deliveryId }, 'webhook duplicate fault could not be applied');
      return false;
    }
  }

  private async send({ delivery, simulated, secrets }: PreparedAttempt, at: Date): Promise<PostResult> {
    if (simulated) return simulated;
    const post = { fetch: this.fetch, timeoutMs: this.timeoutMs, responseBytes: RESPONSE_BYTES_KEPT };
    if (!delivery.signed) {
      // A drop-in gateway's notification: its own format, and none of our headers (the real gateway sends none).
      return postWebhook(delivery.url, delivery.body, { 'Content-Type': delivery.contentType, 'User-Agent': USER_AGENT }, post);
    }
    if (secrets.length === 0) return notSent(`merchant ${delivery.merchantId} has no active webhook secret`);
    let signature: string;
    try {
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
}

function notSent(error: string): PostResult {
  return { httpStatus: null, error, latencyMs: 0, responseStart: null };
}
