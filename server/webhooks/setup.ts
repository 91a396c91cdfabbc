/**
 * The webhook pieces wired together, so the app has one call to make: every payment transition
 * that announces something is written to the outbox in its own unit (through the transition's
 * `tx`), and wakes the dispatcher once that unit has committed; the dispatcher signs with the
 * merchant's active secrets, and the delivery-log routes come ready to mount.
 */
import type { Clock } from '../clock.js';
import type { ApiRoute } from '../http/routes.js';
import type { Logger } from '../logger.js';
import type { TransitionListener } from '../payments/events.js';
import type { Store, Tx } from '../storage/port.js';
import type { OutboxHold } from '../storage/repositories/outbox.js';
import { WebhookDispatcher, type AttemptListener, type WebhookFaultPolicy } from './dispatcher.js';
import { recordWebhookEvent, type OutboxMessage, type RecordedWebhookEvent } from './events.js';
import { webhookDeliveryApiRoutes } from './routes.js';
import { retryScheduleFor } from './schedule.js';

export interface WebhookSetupDeps {
  store: Store;
  /** The payment service (only its transition hook is used). */
  payments: { onTransition(listener: TransitionListener): () => void };
  /** The base clock (not a merchant's test clock): retries are scheduled on it. */
  clock: Clock;
  config: { fastWebhooks: boolean };
  logger: Logger;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Test faults (server/faults); none by default. */
  faults?: WebhookFaults;
  /** Told of every attempt, in the unit that records it (the journal). */
  onAttempt?: AttemptListener;
}

/** The test faults: a hold on each new delivery, and what the dispatcher applies when sending. */
export interface WebhookFaults extends WebhookFaultPolicy {
  /**
   * A hold for a delivery just queued, or null to send at once: asked in the unit that queues it
   * (the transition's), with its `tx`. Holds run on the database's clock (`{ forMs }` from now).
   */
  holdNewDelivery(
    queued: RecordedWebhookEvent & { merchantId: string; paymentId: string },
    tx: Tx,
  ): Promise<OutboxHold | null> | OutboxHold | null;
}

export interface Webhooks {
  dispatcher: WebhookDispatcher;
  /** GET /api/v1/webhook-deliveries and POST …/:id/redeliver, for mountRoutes and the OpenAPI document. */
  routes: ApiRoute[];
  /**
   * Queues a message of another kind than our payment events (a drop-in gateway's IPN) through
   * the same outbox, retries, delivery log and test faults, in the unit `tx` of the change it
   * announces; the dispatcher is woken once that unit commits. `eventId`: the id the message's
   * body already names (a signed event's).
   */
  enqueue(tx: Tx, message: OutboxMessage, url: string, eventId?: string): Promise<RecordedWebhookEvent>;
  /** Starts delivering (call once the server listens). */
  start(): void;
  /** Stops listening to transitions and waits for the attempts in flight (call before closing the store). */
  stop(): Promise<void>;
}

export function setupWebhooks(deps: WebhookSetupDeps): Webhooks {
  const { store } = deps;
  const dispatcher = new WebhookDispatcher({
    store,
    clock: deps.clock,
    schedule: retryScheduleFor(deps.config),
    logger: deps.logger.child({ component: 'webhooks' }),
    fetch: deps.fetch,
    timeoutMs: deps.timeoutMs,
    faults: deps.faults,
    onAttempt: deps.onAttempt,
  });
  /** A message just written in `tx`: the test faults may hold it; the dispatcher polls once `tx` has committed. */
  const queued = async (tx: Tx, recorded: RecordedWebhookEvent, merchantId: string, paymentId: string) => {
    const hold = await deps.faults?.holdNewDelivery({ ...recorded, merchantId, paymentId }, tx);
    if (hold) await tx.outbox.hold(recorded.deliveryId, hold);
    tx.afterCommit(() => dispatcher.wake());
    return recorded;
  };
  const unsubscribe = deps.payments.onTransition(async (transition, tx) => {
    const recorded = await recordWebhookEvent(tx, transition, transition.record.webhookUrl);
    if (recorded) await queued(tx, recorded, transition.merchantId, transition.record.id);
  });
  return {
    dispatcher,
    enqueue: async (tx, message, url, eventId) =>
      queued(tx, await tx.outbox.record(message, url, eventId), message.merchantId, message.paymentId),
    routes: webhookDeliveryApiRoutes({ store, dispatcher }),
    start: () => dispatcher.start(),
    async stop() {
      unsubscribe();
      await dispatcher.stop();
    },
  };
}
