/**
 * The webhook pieces wired together, so the app has one call to make: every payment transition
 * that announces something is written to the outbox inside its own transaction (and wakes the
 * dispatcher, whose poll runs after that synchronous transaction has committed), the dispatcher
 * signs with the merchant's active secrets, and the delivery-log routes come ready to mount.
 */
import type { Database } from 'better-sqlite3';
import type { Clock } from '../clock.js';
import type { ApiRoute } from '../http/routes.js';
import type { Logger } from '../logger.js';
import type { TransitionListener } from '../payments/events.js';
import { getMerchantSecrets } from '../payments/merchants.js';
import { WebhookDispatcher, type AttemptListener, type WebhookFaultPolicy } from './dispatcher.js';
import { recordOutboxMessage, recordWebhookEvent, type OutboxMessage, type RecordedWebhookEvent } from './events.js';
import { holdDelivery, type DeliveryHold } from './outbox.js';
import { webhookDeliveryApiRoutes } from './routes.js';
import { retryScheduleFor } from './schedule.js';

export interface WebhookSetupDeps {
  db: Database;
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
  /** Told of every attempt once recorded (the journal). */
  onAttempt?: AttemptListener;
}

/** The test faults: a hold on each new delivery, and what the dispatcher applies when sending. */
export interface WebhookFaults extends WebhookFaultPolicy {
  /** A hold for a delivery just queued (inside its transition's transaction), or null to send at once. */
  holdNewDelivery(queued: RecordedWebhookEvent & { merchantId: string; paymentId: string }): DeliveryHold | null;
}

export interface Webhooks {
  dispatcher: WebhookDispatcher;
  /** GET /api/v1/webhook-deliveries and POST …/:id/redeliver, for mountRoutes and the OpenAPI document. */
  routes: ApiRoute[];
  /**
   * Queues a message of another kind than our payment events (a drop-in gateway's IPN) through
   * the same outbox, retries, delivery log and test faults. Call it inside the transaction of
   * the change it announces. `eventId`: the id the message's body already names (a signed event's).
   */
  enqueue(message: OutboxMessage, url: string, eventId?: string): RecordedWebhookEvent;
  /** Starts delivering (call once the server listens). */
  start(): void;
  /** Stops listening to transitions and waits for the attempts in flight (call before closing the database). */
  stop(): Promise<void>;
}

export function setupWebhooks(deps: WebhookSetupDeps): Webhooks {
  const { db } = deps;
  const dispatcher = new WebhookDispatcher({
    db,
    clock: deps.clock,
    schedule: retryScheduleFor(deps.config),
    secretsFor: (merchantId) => getMerchantSecrets(db, merchantId),
    logger: deps.logger.child({ component: 'webhooks' }),
    fetch: deps.fetch,
    timeoutMs: deps.timeoutMs,
    faults: deps.faults,
    onAttempt: deps.onAttempt,
  });
  /** A message just written: the test faults may hold it; the dispatcher's next poll runs after the commit. */
  const queued = (recorded: RecordedWebhookEvent, merchantId: string, paymentId: string) => {
    const hold = deps.faults?.holdNewDelivery({ ...recorded, merchantId, paymentId });
    if (hold) holdDelivery(db, recorded.deliveryId, hold);
    dispatcher.wake();
    return recorded;
  };
  const unsubscribe = deps.payments.onTransition((transition) => {
    const recorded = recordWebhookEvent(db, transition, transition.record.webhookUrl);
    if (recorded) queued(recorded, transition.merchantId, transition.record.id);
  });
  return {
    dispatcher,
    enqueue: (message, url, eventId) =>
      queued(recordOutboxMessage(db, message, url, eventId), message.merchantId, message.paymentId),
    routes: webhookDeliveryApiRoutes({ db, dispatcher }),
    start: () => dispatcher.start(),
    async stop() {
      unsubscribe();
      await dispatcher.stop();
    },
  };
}
