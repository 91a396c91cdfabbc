/** What the dispatcher tests share: an outbox file, synthetic events, dispatchers and their logs. */
import { pino } from 'pino';
import type { Clock } from '../../../server/clock.js';
import { SqliteStore } from '../../../server/storage/sqlite/store.js';
import { WebhookDispatcher, type WebhookDispatcherOptions } from '../../../server/webhooks/dispatcher.js';
import { recordOutboxMessage } from '../../../server/storage/sqlite/outbox.js';
import { webhookEventMessage, type TransitionForWebhook } from '../../../server/webhooks/events.js';
import { FAST_RETRY_SCHEDULE } from '../../../server/webhooks/schedule.js';
import { createOutboxFile } from './outbox-db.js';

export const MERCHANT_ID = 'desco';
export const WEBHOOK_SECRET = 'whsec_test_desco_5c1d';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export function createHarness(clock: Clock) {
  const outbox = createOutboxFile();
  const stores: SqliteStore[] = [];
  const logs: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line) as LogLine) });
  let paymentSerial = 0;

  function open(): SqliteStore {
    const store = new SqliteStore(outbox.open());
    stores.push(store);
    return store;
  }
  const store = open();
  const { db } = store;

  return {
    store,
    /** The store's connection, to look at rows directly. */
    db,
    logs,
    clock,
    /** Another store on the same file, as a second process (or a restarted one) would have. */
    open,
    dispatcher(options: Partial<WebhookDispatcherOptions> = {}) {
      return new WebhookDispatcher({
        store,
        clock,
        schedule: FAST_RETRY_SCHEDULE,
        secretsFor: () => [WEBHOOK_SECRET],
        logger,
        timeoutMs: 2_000,
        ...options,
      });
    },
    /**
     * Queues a payment.succeeded event (the outbox's SQLite statements, at once), by default of a
     * new payment; returns its event and delivery ids.
     */
    queueEvent(url: string, on: SqliteStore = store, paymentId = `pay_${++paymentSerial}`) {
      const payment = { id: paymentId, status: 'succeeded', amount: '11.00', total: '11.12' };
      const at = clock.now();
      const transition: TransitionForWebhook = {
        payment,
        from: 'authorizing',
        to: 'succeeded',
        event: 'succeed',
        at,
        merchantId: MERCHANT_ID,
      };
      const event = webhookEventMessage(transition, url);
      if (!event) throw new Error('expected an event to be recorded');
      return recordOutboxMessage(on.db, event.message, event.url, event.eventId);
    },
    deliveryRow(deliveryId: string, on: SqliteStore = store) {
      return on.db.prepare('SELECT * FROM webhook_deliveries WHERE id = ?').get(deliveryId) as {
        status: string;
        attempt_count: number;
        claimed_until: number | null;
        last_http_status: number | null;
        last_error: string | null;
      };
    },
    eventBody(eventId: string): string {
      return (db.prepare('SELECT body FROM webhook_events WHERE id = ?').get(eventId) as { body: string }).body;
    },
    close() {
      stores.filter((opened) => opened.db.open).forEach((opened) => opened.db.close());
      outbox.remove();
    },
  };
}

/** Polls `condition` every 20 ms until it holds, failing after `timeoutMs`. */
export async function eventually(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
