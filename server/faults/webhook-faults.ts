/**
 * The merchant's webhook fault settings, applied through the hooks of the webhook module:
 * - delayMs: each new delivery is held that long before its first attempt;
 * - outOfOrder: a payment's events go out newest first: every event before the payment's final
 *   one is held until the payment's next delivery is done (delivered or given up), and every
 *   payment ends, so none is held forever;
 * - failFirst N: attempts 1..N of each delivery "fail" with a simulated 503, recorded as
 *   attempts, without calling the receiver (the retry schedule then applies as usual);
 * - duplicate: each acknowledged delivery is sent a second time, with the same Billpay-Event-Id.
 * Each of these writes a `fault` entry to the journal when it acts.
 */
import type { Journal } from '../journal/journal.js';
import type { PostResult } from '../webhooks/http-post.js';
import type { ClaimedDelivery } from '../webhooks/outbox.js';
import type { WebhookFaults } from '../webhooks/setup.js';
import type { FaultSettingsStore } from './settings-store.js';

/** The only event that is not a payment's last: a declined attempt it may retry. */
const NOT_FINAL_EVENT = 'payment.attempt_failed';

export function webhookFaults(store: FaultSettingsStore, journal: Journal, now: () => number = Date.now): WebhookFaults {
  const settingsOf = (merchantId: string) => store.get(merchantId)?.webhooks;
  const recordFault = (
    delivery: { merchantId: string; paymentId: string; deliveryId: string; eventId: string; eventType: string },
    kind: string,
    detail: Record<string, unknown>,
  ) =>
    journal.record({
      merchantId: delivery.merchantId,
      type: 'fault',
      paymentId: delivery.paymentId,
      data: {
        target: 'webhook',
        kind,
        source: 'settings',
        deliveryId: delivery.deliveryId,
        eventId: delivery.eventId,
        eventType: delivery.eventType,
        ...detail,
      },
    });

  return {
    holdNewDelivery(queued) {
      const settings = settingsOf(queued.merchantId);
      if (!settings) return null;
      const delivery = { ...queued, eventType: queued.type };
      if (settings.outOfOrder && queued.type === NOT_FINAL_EVENT) {
        recordFault(delivery, 'out_of_order', { heldUntil: "the payment's next delivery is done" });
        return 'behind_successor';
      }
      if (settings.delayMs !== undefined) {
        const untilMs = now() + settings.delayMs;
        recordFault(delivery, 'delay', { delayMs: settings.delayMs, heldUntil: new Date(untilMs).toISOString() });
        return { untilMs };
      }
      return null;
    },

    simulate(delivery: ClaimedDelivery): PostResult | null {
      const failFirst = settingsOf(delivery.merchantId)?.failFirst;
      if (failFirst === undefined || delivery.attempt > failFirst) return null;
      recordFault(delivery, 'fail_first', { attempt: delivery.attempt, failFirst, httpStatus: 503 });
      return {
        httpStatus: 503,
        error: `simulated fault: attempt ${delivery.attempt} of the first ${failFirst} fails; the receiver was not called`,
        latencyMs: 0,
        responseStart: null,
      };
    },

    duplicate(delivery: ClaimedDelivery): boolean {
      if (!settingsOf(delivery.merchantId)?.duplicate) return false;
      recordFault(delivery, 'duplicate', { attempt: delivery.attempt });
      return true;
    },
  };
}
