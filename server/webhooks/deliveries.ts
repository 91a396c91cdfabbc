/**
 * The delivery log as the API shows it: each delivery of a merchant's events, with its attempts.
 * The rows and their view are shared by both engines' outbox adapters (services read through
 * `tx.outbox.listDeliveries` / `getDelivery`).
 */
import type { WebhookEventType } from './events.js';
import type { DeliveryStatus, WebhookDeliveryView } from './schemas.js';

export type { WebhookAttemptView, WebhookDeliveryView } from './schemas.js';

/** A webhook_deliveries row joined with its event's type and payment, the same on both engines. */
export interface DeliveryRow {
  id: string;
  event_id: string;
  type: WebhookEventType;
  payment_id: string;
  url: string;
  status: DeliveryStatus;
  attempt_count: number;
  next_attempt_at: number | null;
  last_http_status: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

/** A webhook_attempts row, the same on both engines. */
export interface AttemptRow {
  attempt: number;
  at: number;
  http_status: number | null;
  error: string | null;
  latency_ms: number;
  response_start: string | null;
}

export const ATTEMPT_COLUMNS = 'attempt, at, http_status, error, latency_ms, response_start';

export const DELIVERY_COLUMNS = `d.id, d.event_id, e.type, e.payment_id, d.url, d.status, d.attempt_count,
  d.next_attempt_at, d.last_http_status, d.last_error, d.created_at, d.delivered_at`;

/** A delivery as the API shows it, from its row and its attempts' rows (in attempt order). */
export function deliveryView(row: DeliveryRow, attempts: readonly AttemptRow[]): WebhookDeliveryView {
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.type,
    paymentId: row.payment_id,
    url: row.url,
    status: row.status,
    attemptCount: row.attempt_count,
    nextAttemptAt: row.status === 'pending' ? isoOrNull(row.next_attempt_at) : null,
    lastHttpStatus: row.last_http_status,
    lastError: row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
    deliveredAt: isoOrNull(row.delivered_at),
    attempts: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      at: new Date(attempt.at).toISOString(),
      httpStatus: attempt.http_status,
      error: attempt.error,
      latencyMs: attempt.latency_ms,
      responseBody: attempt.response_start,
    })),
  };
}

function isoOrNull(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}
