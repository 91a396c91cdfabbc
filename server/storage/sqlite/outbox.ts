import type { Database } from 'better-sqlite3';
import { getWebhookDelivery, listWebhookDeliveries } from '../../webhooks/deliveries.js';
import { recordOutboxMessage } from '../../webhooks/events.js';
import {
  claimDelivery,
  claimDueDeliveries,
  holdDelivery,
  recordAttempt,
  releaseHeldBehind,
  releaseHeldDeliveries,
  type ClaimTimes,
} from '../../webhooks/outbox.js';
import type { OutboxRepository } from '../repositories/outbox.js';
import { statement } from '../statements.js';

/**
 * The outbox on SQLite: today's statements (webhooks/outbox.ts, events.ts, deliveries.ts). The
 * database's clock is this host's: one process owns the file.
 */
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
