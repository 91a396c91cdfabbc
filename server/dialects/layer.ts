/**
 * The drop-in gateway APIs, over the one core. Each dialect (`server/dialects/<gateway>/`) is a
 * thin adapter: its routes translate the gateway's requests into the services' calls and the
 * services' results into the gateway's answers; its session is a payment like any other (same
 * state machine, charges, timer, test instruments, clock, faults, journal, native API). What a
 * dialect adds on top is declared here, in one shape that bKash, shurjoPay and Nagad copy:
 *
 * - `router`: the gateway's endpoints at its own paths, all under its `pathPrefixes` (mounted
 *   before the demo portal and our JSON body parser, so it reads its own content types; other
 *   requests skip it);
 * - `returnUrl`: where the customer's browser goes when the payment ends (the hosted page follows
 *   the session view's `returnUrl`);
 * - `notification`: the server-to-server message a transition sends (ekPay's JSON IPN,
 *   SSLCommerz's form IPN), queued in the webhook outbox inside the transition's transaction, so it
 *   gets the same retries, delivery log, journal entries and test faults as our webhooks;
 * - `openApi`: its endpoints in /openapi.json, under its own tag.
 */
import type { Router } from 'express';
import type { Database } from 'better-sqlite3';
import type { PaymentTransition } from '../payments/events.js';
import type { PaymentRecord } from '../payments/record.js';
import type { OutboxMessage, RecordedWebhookEvent } from '../webhooks/events.js';
import type { DialectId } from './credentials.js';
import { findDialectSession, type DialectSession } from './sessions.js';

/** A message for the merchant's server, in the gateway's own format. */
export interface DialectNotification {
  /** e.g. `ekpay.ipn`; shown in the delivery log and the journal. */
  type: string;
  url: string;
  body: string;
  contentType: string;
}

export interface DialectOpenApi {
  tag: { name: string; description: string };
  /** OpenAPI path items, keyed by path. */
  paths: Record<string, Record<string, unknown>>;
}

export interface DialectAdapter {
  readonly id: DialectId;
  /** Every path its router answers is one of these or below one (e.g. `/ekpaypg`): other requests skip it. */
  readonly pathPrefixes: readonly string[];
  readonly router: Router;
  /** Its part of /openapi.json (built on first request). */
  openApi(): DialectOpenApi;
  /** The browser's way back once the payment has ended, or null when there is none. */
  returnUrl(payment: PaymentRecord, session: DialectSession): string | null;
  /** What this transition sends to the merchant's server, or null. Runs inside the transition's transaction. */
  notification(transition: PaymentTransition, session: DialectSession): DialectNotification | null;
}

export interface DialectsDeps {
  db: Database;
  payments: { onTransition(listener: (transition: PaymentTransition) => void): () => void };
  /** The webhook outbox (setupWebhooks). */
  outbox: { enqueue(message: OutboxMessage, url: string): RecordedWebhookEvent };
}

/** The adapters, wired to the transitions and the outbox. */
export class Dialects {
  private readonly byId: ReadonlyMap<DialectId, DialectAdapter>;

  constructor(
    private readonly deps: DialectsDeps,
    readonly adapters: readonly DialectAdapter[],
  ) {
    this.byId = new Map(adapters.map((adapter) => [adapter.id, adapter]));
    deps.payments.onTransition((transition) => this.notify(transition));
  }

  /**
   * The return URL of a payment made through a dialect, or undefined for a native payment (whose
   * return is our own signed GET redirect).
   */
  returnUrl(payment: PaymentRecord): string | null | undefined {
    const session = findDialectSession<Record<string, unknown>>(this.deps.db, payment.id);
    if (!session) return undefined;
    return this.byId.get(session.dialect)?.returnUrl(payment, session) ?? null;
  }

  private notify(transition: PaymentTransition): void {
    if (this.byId.size === 0) return;
    const session = findDialectSession<Record<string, unknown>>(this.deps.db, transition.record.id);
    if (!session) return;
    const notification = this.byId.get(session.dialect)?.notification(transition, session);
    if (!notification) return;
    const message: OutboxMessage = {
      merchantId: transition.merchantId,
      paymentId: transition.record.id,
      type: notification.type,
      at: transition.at,
      body: notification.body,
      contentType: notification.contentType,
      signed: false,
    };
    this.deps.outbox.enqueue(message, notification.url);
  }
}
