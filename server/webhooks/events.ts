/**
 * Which payment transitions become webhook events, and writing them to the outbox. Called from
 * the payment service's transition listener, i.e. in the state change's own unit (`tx.outbox`):
 * an event exists if and only if its state change committed, and a crash cannot lose one.
 */
import type { Tx } from '../storage/port.js';
import { v7 as uuidv7 } from 'uuid';
import type { PaymentState } from '../../domain/payment-state.js';
import type { PaymentTransition } from '../payments/events.js';

export const WEBHOOK_EVENT_TYPES = [
  'payment.succeeded',
  'payment.failed',
  'payment.cancelled',
  'payment.expired',
  /** A declined attempt: the payment went back to awaiting_method and the customer may retry. */
  'payment.attempt_failed',
  /** A refund returned the money; `data` holds the refund and the payment (server/refunds). */
  'refund.succeeded',
  /** The bank refused a refund; nothing was returned. */
  'refund.failed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * What this module reads of a PaymentTransition: all of it but the payment, of which only the id
 * (the rest is copied into the body as is; it is the public view, slip included on success).
 */
export type TransitionForWebhook = Omit<PaymentTransition, 'payment' | 'record'> & { payment: { id: string } };

/** The JSON body POSTed to the merchant. */
export interface WebhookEventBody<Payment = unknown> {
  id: string;
  type: WebhookEventType;
  /** ISO 8601, the merchant's (test) clock at the transition. */
  created: string;
  data: { payment: Payment };
}

export interface RecordedWebhookEvent {
  eventId: string;
  deliveryId: string;
  /** A WebhookEventType, or a drop-in gateway's notification type (`ekpay.ipn`, `sslcommerz.ipn`). */
  type: string;
}

/**
 * One message for the outbox: our own signed webhook event, or a drop-in gateway's notification
 * in that gateway's format (`signed: false`: no Billpay-Signature, as the real gateway sends none).
 */
export interface OutboxMessage {
  merchantId: string;
  paymentId: string;
  type: string;
  /** Merchant-clock time of what it announces. */
  at: Date;
  /** Sent byte for byte. */
  body: string;
  contentType: string;
  signed: boolean;
}

const EVENT_FOR_TERMINAL_STATE: Readonly<Partial<Record<PaymentState, WebhookEventType>>> = {
  succeeded: 'payment.succeeded',
  failed: 'payment.failed',
  cancelled: 'payment.cancelled',
  expired: 'payment.expired',
};

/** The event a transition announces, or null for the steps in between (select, confirm, OTP, …). */
export function webhookEventFor(t: TransitionForWebhook): WebhookEventType | null {
  if (t.event === 'attempt_declined') return 'payment.attempt_failed';
  return EVENT_FOR_TERMINAL_STATE[t.to] ?? null;
}

/**
 * The message announcing `t`, with the id its body names, or null when the transition announces
 * nothing or there is no URL to deliver to.
 */
export function webhookEventMessage(
  t: TransitionForWebhook,
  webhookUrl: string | null | undefined,
): { message: OutboxMessage; url: string; eventId: string } | null {
  const type = webhookEventFor(t);
  if (type === null || !webhookUrl) return null;
  const eventId = newEventId();
  const body: WebhookEventBody = { id: eventId, type, created: t.at.toISOString(), data: { payment: t.payment } };
  const message = { merchantId: t.merchantId, paymentId: t.payment.id, type, at: t.at, body: JSON.stringify(body) };
  return { message: { ...message, contentType: 'application/json', signed: true }, url: webhookUrl, eventId };
}

/**
 * Writes the event for `t` and its delivery to `webhookUrl` (the payment's, else the merchant's)
 * in the unit `tx`. Resolves with null, writing nothing, when the transition announces nothing
 * or there is no URL to deliver to.
 *
 * The dispatcher sends a first attempt at once whatever the clocks say (a merchant's test clock
 * may run ahead of the dispatcher's), so `next_attempt_at` here only records when it was queued.
 */
export async function recordWebhookEvent(
  tx: Pick<Tx, 'outbox'>,
  t: TransitionForWebhook,
  webhookUrl: string | null | undefined,
): Promise<RecordedWebhookEvent | null> {
  const event = webhookEventMessage(t, webhookUrl);
  return event ? tx.outbox.record(event.message, event.url, event.eventId) : null;
}

/** A new event id, `evt_<uuid v7>`. */
export function newEventId(): string {
  return `evt_${compactUuidV7()}`;
}

/** A new delivery id, `whd_<uuid v7>`. */
export function newDeliveryId(): string {
  return `whd_${compactUuidV7()}`;
}

/** uuid v7 without dashes: time-ordered, and selectable with a double click like `pay_…` ids. */
function compactUuidV7(): string {
  return uuidv7().replaceAll('-', '');
}
