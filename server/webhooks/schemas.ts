/** The delivery-log API's shapes: validated requests and the documented (OpenAPI) responses. */
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from './events.js';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const listDeliveriesQuery = z.object({
  paymentId: z.string().min(1).max(64).optional().describe("only this payment's deliveries"),
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('at most this many, the newest'),
});

export const webhookAttemptSchema = z
  .object({
    attempt: z.int().describe('1-based, as sent in Billpay-Delivery-Attempt'),
    at: z.string().describe('when the attempt started (ISO 8601)'),
    httpStatus: z.int().nullable().describe("the receiver's status; null when no answer came"),
    error: z.string().nullable().describe('why there was no answer: timeout, ECONNREFUSED, …'),
    latencyMs: z.int(),
    responseBody: z.string().nullable().describe("the first 512 bytes of the receiver's reply"),
  })
  .meta({ id: 'WebhookAttempt' });

export const webhookDeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string().describe('also sent as Billpay-Event-Id: deduplicate on it'),
    eventType: z.enum(WEBHOOK_EVENT_TYPES),
    paymentId: z.string(),
    url: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attemptCount: z.int(),
    nextAttemptAt: z.string().nullable().describe('when the next attempt is due; null once delivered or failed'),
    lastHttpStatus: z.int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
    attempts: z.array(webhookAttemptSchema),
  })
  .meta({ id: 'WebhookDelivery' });

export const webhookDeliveryListSchema = z
  .object({ object: z.literal('list'), data: z.array(webhookDeliverySchema) })
  .meta({ id: 'WebhookDeliveryList' });

export type WebhookAttemptView = z.output<typeof webhookAttemptSchema>;
export type WebhookDeliveryView = z.output<typeof webhookDeliverySchema>;
