/**
 * The merchant's webhook fault settings, applied through the hooks of the webhook module:
 * - delayMs: each new delivery is held that long before its first attempt;
 * - outOfOrder: a payment's events go out newest first: every event before the payment's final
 *   one is held until the payment's next delivery is done (delivered or given up), and every
 *   payment ends, so none is held forever;
 * - failFirst N: attempts 1..N of each delivery "fail" with a simulated 503, recorded as
 *   attempts, without calling the receiver (the retry schedule then applies as usual);
 * - duplicate: each acknowledged delivery is sent a second time, with the same Billpay-Event-Id.
 * Each of these writes a `fault` entry to the journal when it acts, in the same unit.
 */
import type { NewJournalEntry } from '../journal/journal.js';
import type { Tx } from '../storage/port.js';
import type { PostResult } from '../webhooks/http-post.js';
import type { ClaimedDelivery } from '../webhooks/outbox.js';
import type { WebhookFaults } from '../webhooks/setup.js';

/** The only event that is not a payment's last: a declined attempt it may retry. */
const NOT_FINAL_EVENT = 'payment.attempt_failed';

/** Where the faults' entries go: the journal, in the unit that acts (Journal.record). */
export interface WebhookFaultJournal {
  record(tx: Tx, entry: NewJournalEntry): Promise<void>;
}

/**
 * The hooks read the merchant's settings in the unit the webhook module asks them in (the
 * transition's for a new delivery, the claim's for an attempt), as stored now by any instance.
 * `now` only dates the journal's `heldUntil`: the hold itself runs on the database's clock.
 */
export function webhookFaults(journal: WebhookFaultJournal, now: () => number = Date.now): WebhookFaults {
  const settingsOf = async (tx: Tx, merchantId: string) => (await tx.faults.get(merchantId))?.webhooks;
  const recordFault = (
    tx: Tx,
    delivery: { merchantId: string; paymentId: string; deliveryId: string; eventId: string; eventType: string },
    kind: string,
    detail: Record<string, unknown>,
  ) =>
    journal.record(tx, {
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
    async holdNewDelivery(queued, tx) {
      const settings = await settingsOf(tx, queued.merchantId);
      if (!settings) return null;
      const delivery = { ...queued, eventType: queued.type };
      if (settings.outOfOrder && queued.type === NOT_FINAL_EVENT) {
        await recordFault(tx, delivery, 'out_of_order', { heldUntil: "the payment's next delivery is done" });
        return 'behind_successor';
      }
      if (settings.delayMs !== undefined) {
        const heldUntil = new Date(now() + settings.delayMs).toISOString();
        await recordFault(tx, delivery, 'delay', { delayMs: settings.delayMs, heldUntil });
        return { forMs: settings.delayMs };
      }
      return null;
    },

    async simulate(delivery: ClaimedDelivery, tx: Tx): Promise<PostResult | null> {
      const failFirst = (await settingsOf(tx, delivery.merchantId))?.failFirst;
      if (failFirst === undefined || delivery.attempt > failFirst) return null;
      await recordFault(tx, delivery, 'fail_first', { attempt: delivery.attempt, failFirst, httpStatus: 503 });
      return {
        httpStatus: 503,
        error: `simulated fault: attempt ${delivery.attempt} of the first ${failFirst} fails; the receiver was not called`,
        latencyMs: 0,
        responseStart: null,
      };
    },

    async duplicate(delivery: ClaimedDelivery, tx: Tx): Promise<boolean> {
      if (!(await settingsOf(tx, delivery.merchantId))?.duplicate) return false;
      await recordFault(tx, delivery, 'duplicate', { attempt: delivery.attempt });
      return true;
    },
  };
}
