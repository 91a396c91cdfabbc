/**
 * What the outbox hands the dispatcher and takes back: a claimed delivery, an attempt's result
 * and the delivery's outcome. The claims, leases and attempts themselves are the storage port's
 * (`tx.outbox`, storage/repositories/outbox.ts), with one adapter per engine
 * (storage/sqlite/outbox.ts, storage/postgres/outbox.ts).
 */
export interface ClaimedDelivery {
  deliveryId: string;
  eventId: string;
  eventType: string;
  merchantId: string;
  paymentId: string;
  url: string;
  /** The event exactly as stored: sent byte for byte. */
  body: string;
  contentType: string;
  /** Our own event, signed with Billpay-Signature; false for a drop-in gateway's notification. */
  signed: boolean;
  /** 1-based number of the attempt this claim is for. */
  attempt: number;
  claimToken: string;
}

export interface AttemptResult {
  /** When the attempt started, on the dispatcher's clock. */
  at: Date;
  httpStatus: number | null;
  error: string | null;
  latencyMs: number;
  responseStart: string | null;
}

export type DeliveryOutcome =
  | { status: 'delivered' }
  | { status: 'pending'; nextAttemptAt: Date }
  | { status: 'failed' };

/** held_until of a delivery held behind the next delivery of its payment (see releaseHeldBehind). */
export const HELD_BEHIND_SUCCESSOR = Number.MAX_SAFE_INTEGER;

