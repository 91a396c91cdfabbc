import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { ATTEMPT_COLUMNS, DELIVERY_COLUMNS, deliveryView, type AttemptRow, type DeliveryRow } from '../../webhooks/deliveries.js';
import { newDeliveryId, newEventId } from '../../webhooks/events.js';
import { HELD_BEHIND_SUCCESSOR, type ClaimedDelivery } from '../../webhooks/outbox.js';
import { attemptRowValues, type OutboxRepository } from '../repositories/outbox.js';

/** The database's clock in epoch ms: leases and holds run on it, whatever each host's clock says. */
const DB_NOW_MS = '(extract(epoch FROM now()) * 1000)::bigint';
/**
 * The database's clock at the statement, not at the start of its transaction (now()): a hold
 * starts when it is set, so that a delivery is never released before the moment the journal
 * shows for its end.
 */
const DB_STATEMENT_MS = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint';

/** A claimed delivery with its event, from a CTE `d` of claimed webhook_deliveries rows. */
const SELECT_CLAIMED = `
  SELECT d.id AS "deliveryId", d.event_id AS "eventId", e.type AS "eventType", e.merchant_id AS "merchantId",
         e.payment_id AS "paymentId", d.url, e.body, e.content_type AS "contentType", e.signed,
         d.attempt_count AS attempt, d.claim_token AS "claimToken"
    FROM d JOIN webhook_events e ON e.id = d.event_id
   ORDER BY d.id`;

/** What a claim sets ($now, $leaseMs, $token): the attempt is counted when it starts, so a crash cannot reuse its number. */
const takeLease = (now: string, leaseMs: string, token: string) =>
  `attempt_count = attempt_count + 1, next_attempt_at = ${now}, claimed_until = ${DB_NOW_MS} + ${leaseMs}, claim_token = ${token}`;

const LEASE_IS_FREE = `(claimed_until IS NULL OR claimed_until <= ${DB_NOW_MS})`;

/**
 * Whether delivery `d` (of event `e`) has an earlier delivery of its payment and URL whose first
 * attempt is still to be made or in flight, not held behind its successor ($5): `d`'s first
 * attempt waits for it (storage/sqlite/outbox.ts has the same).
 */
const EARLIER_FIRST_ATTEMPT_OPEN = `
  EXISTS (
    SELECT 1 FROM webhook_events pe JOIN webhook_deliveries p ON p.event_id = pe.id
     WHERE pe.merchant_id = e.merchant_id AND pe.payment_id = e.payment_id AND p.url = d.url AND p.id < d.id
       AND p.status = 'pending' AND p.held_until IS DISTINCT FROM $5
       AND (p.attempt_count = 0 OR (p.attempt_count = 1 AND p.claimed_until > ${DB_NOW_MS})))`;

type ClaimedRow = Omit<ClaimedDelivery, 'signed'> & { signed: number };

function toClaimed(row: ClaimedRow): ClaimedDelivery {
  return { ...row, signed: row.signed === 1 };
}

/**
 * The outbox on PostgreSQL, shared by the dispatchers of every instance. A due claim locks the
 * rows it takes and skips rows another unit has locked: without SKIP LOCKED, a claim that waited
 * for another's lock would take the same rows again (its subquery is not re-checked), and 12
 * pollers on 3 instances claimed 656 of 2,000 deliveries twice.
 */
export function postgresOutbox(client: pg.ClientBase): OutboxRepository {
  const views = async (rows: DeliveryRow[]) => {
    if (rows.length === 0) return [];
    const attempts = await client.query<AttemptRow & { delivery_id: string }>({
      name: 'outbox.attempts',
      text: `SELECT delivery_id, ${ATTEMPT_COLUMNS} FROM webhook_attempts WHERE delivery_id = ANY($1) ORDER BY delivery_id, attempt`,
      values: [rows.map((row) => row.id)],
    });
    const byDelivery = new Map<string, AttemptRow[]>();
    for (const attempt of attempts.rows) {
      const list = byDelivery.get(attempt.delivery_id);
      if (list) list.push(attempt);
      else byDelivery.set(attempt.delivery_id, [attempt]);
    }
    return rows.map((row) => deliveryView(row, byDelivery.get(row.id) ?? []));
  };

  return {
    async record(message, url, eventId = newEventId()) {
      const deliveryId = newDeliveryId();
      await client.query({
        name: 'outbox.record',
        text: `WITH event AS (
                 INSERT INTO webhook_events (id, merchant_id, payment_id, type, created_at, body, content_type, signed)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
               )
               INSERT INTO webhook_deliveries (id, event_id, url, status, next_attempt_at, created_at)
               VALUES ($9, $1, $10, 'pending', $5, $5)`,
        values: [
          eventId,
          message.merchantId,
          message.paymentId,
          message.type,
          message.at.getTime(),
          message.body,
          message.contentType,
          message.signed ? 1 : 0,
          deliveryId,
          url,
        ],
      });
      return { eventId, deliveryId, type: message.type };
    },
    async hold(deliveryId, hold) {
      if (hold === 'behind_successor') {
        await client.query({
          name: 'outbox.hold-behind',
          text: 'UPDATE webhook_deliveries SET held_until = $2 WHERE id = $1',
          values: [deliveryId, HELD_BEHIND_SUCCESSOR],
        });
        return;
      }
      await client.query({
        name: 'outbox.hold-for',
        text: `UPDATE webhook_deliveries SET held_until = ${DB_STATEMENT_MS} + $2 WHERE id = $1`,
        values: [deliveryId, hold.forMs],
      });
    },
    async claimDue(limit, now, leaseMs) {
      if (limit <= 0) return [];
      const { rows } = await client.query<ClaimedRow>({
        name: 'outbox.claim-due',
        text: `WITH due AS (
                 SELECT d.id FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
                  WHERE d.status = 'pending' AND (d.attempt_count = 0 OR d.next_attempt_at <= $1)
                    AND (d.claimed_until IS NULL OR d.claimed_until <= ${DB_NOW_MS})
                    AND (d.held_until IS NULL OR d.held_until <= ${DB_NOW_MS})
                    AND NOT (d.attempt_count = 0 AND ${EARLIER_FIRST_ATTEMPT_OPEN})
                  ORDER BY d.id LIMIT $2
                    FOR UPDATE OF d SKIP LOCKED
               ), d AS (
                 UPDATE webhook_deliveries SET ${takeLease('$1', '$3', '$4')}
                  WHERE id IN (SELECT id FROM due)
                 RETURNING *
               ) ${SELECT_CLAIMED}`,
        values: [now.getTime(), limit, leaseMs, randomUUID(), HELD_BEHIND_SUCCESSOR],
      });
      return rows.map(toClaimed);
    },
    async claimOne(deliveryId, now, leaseMs) {
      const { rows } = await client.query<ClaimedRow>({
        name: 'outbox.claim-one',
        text: `WITH d AS (
                 UPDATE webhook_deliveries SET status = 'pending', held_until = NULL, ${takeLease('$2', '$3', '$4')}
                  WHERE id = $1 AND ${LEASE_IS_FREE}
                 RETURNING *
               ) ${SELECT_CLAIMED}`,
        values: [deliveryId, now.getTime(), leaseMs, randomUUID()],
      });
      if (rows[0]) return toClaimed(rows[0]);
      const exists = await client.query({ name: 'outbox.exists', text: 'SELECT 1 FROM webhook_deliveries WHERE id = $1', values: [deliveryId] });
      return exists.rowCount ? 'in_flight' : 'not_found';
    },
    async recordAttempt(claimed, result, outcome) {
      // Locked first, so that a reset cannot delete it between here and the attempt's row.
      const locked = await client.query({
        name: 'outbox.lock-delivery',
        text: 'SELECT 1 FROM webhook_deliveries WHERE id = $1 FOR UPDATE',
        values: [claimed.deliveryId],
      });
      if (!locked.rowCount) return 'deleted';
      const updated = await client.query({
        name: 'outbox.record-attempt',
        text: `WITH attempt AS (
                 INSERT INTO webhook_attempts (delivery_id, attempt, at, http_status, error, latency_ms, response_start)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (delivery_id, attempt) DO NOTHING
               )
               UPDATE webhook_deliveries
                  SET status = $9, next_attempt_at = $10, last_http_status = $4, last_error = $5,
                      delivered_at = CASE WHEN $9 = 'delivered' THEN $3 ELSE delivered_at END,
                      claimed_until = NULL, claim_token = NULL
                WHERE id = $1 AND claim_token = $8`,
        values: [
          ...attemptRowValues(claimed, result),
          claimed.claimToken,
          outcome.status,
          outcome.status === 'pending' ? outcome.nextAttemptAt.getTime() : null,
        ],
      });
      return updated.rowCount ? 'recorded' : 'superseded';
    },
    async release(claims) {
      if (claims.length === 0) return 0;
      const { rowCount } = await client.query({
        name: 'outbox.release',
        text: `UPDATE webhook_deliveries d
                  SET attempt_count = d.attempt_count - 1, claimed_until = NULL, claim_token = NULL
                 FROM unnest($1::text[], $2::text[]) AS c(id, token)
                WHERE d.id = c.id AND d.claim_token = c.token`,
        values: [claims.map((claim) => claim.deliveryId), claims.map((claim) => claim.claimToken)],
      });
      return rowCount ?? 0;
    },
    async releaseHeldBehind(done) {
      const { rowCount } = await client.query({
        name: 'outbox.release-held-behind',
        text: `UPDATE webhook_deliveries SET held_until = NULL
                WHERE id = (
                  SELECT d.id FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
                   WHERE e.merchant_id = $1 AND e.payment_id = $2 AND d.url = $3
                     AND d.held_until = $4 AND d.id < $5
                   ORDER BY d.id DESC LIMIT 1)`,
        values: [done.merchantId, done.paymentId, done.url, HELD_BEHIND_SUCCESSOR, done.deliveryId],
      });
      return (rowCount ?? 0) > 0;
    },
    async hasSuccessorWaiting(done) {
      const { rowCount } = await client.query({
        name: 'outbox.has-successor-waiting',
        text: `SELECT 1 FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
                WHERE e.merchant_id = $1 AND e.payment_id = $2 AND d.url = $3
                  AND d.id > $4 AND d.status = 'pending' AND d.attempt_count = 0
                LIMIT 1`,
        values: [done.merchantId, done.paymentId, done.url, done.deliveryId],
      });
      return (rowCount ?? 0) > 0;
    },
    async releaseHeld(merchantId) {
      const { rowCount } = await client.query({
        name: 'outbox.release-held',
        text: `UPDATE webhook_deliveries SET held_until = NULL
                WHERE held_until IS NOT NULL
                  AND event_id IN (SELECT id FROM webhook_events WHERE merchant_id = $1)`,
        values: [merchantId],
      });
      return rowCount ?? 0;
    },
    async listDeliveries(merchantId, filter = {}) {
      const { rows } = await client.query<DeliveryRow>({
        name: 'outbox.list-deliveries',
        text: `SELECT ${DELIVERY_COLUMNS}
                 FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
                WHERE e.merchant_id = $1 AND ($2::text IS NULL OR e.payment_id = $2)
                ORDER BY d.id DESC LIMIT $3`,
        values: [merchantId, filter.paymentId ?? null, filter.limit ?? 100],
      });
      return views(rows.reverse());
    },
    async getDelivery(deliveryId, merchantId) {
      const { rows } = await client.query<DeliveryRow>({
        name: 'outbox.get-delivery',
        text: `SELECT ${DELIVERY_COLUMNS}
                 FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
                WHERE d.id = $1 AND ($2::text IS NULL OR e.merchant_id = $2)`,
        values: [deliveryId, merchantId ?? null],
      });
      return (await views(rows))[0] ?? null;
    },
    async deleteMerchantEvents(merchantId) {
      const { rowCount } = await client.query({
        name: 'outbox.delete-merchant-events',
        text: 'DELETE FROM webhook_events WHERE merchant_id = $1',
        values: [merchantId],
      });
      return rowCount ?? 0;
    },
  };
}
