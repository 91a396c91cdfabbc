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
 *
 * Storage only through a unit's `tx` (storage/port.ts): the layer and the adapters read sessions
 * in the caller's unit (the transition's, the checkout view's), the routes open their own.
 */
import type { Router } from 'express';
import type { PaymentTransition, TransitionListener } from '../payments/events.js';
import type { PaymentRecord } from '../payments/record.js';
import type { Tx } from '../storage/port.js';
import type { OutboxMessage } from '../webhooks/events.js';
import type { DialectId } from './credentials.js';
import type { DialectSession } from './sessions.js';

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
  /** The browser's way back once the payment has ended, or null when there is none; read in the caller's unit. */
  returnUrl(tx: Tx, payment: PaymentRecord, session: DialectSession): Promise<string | null>;
  /**
   * Whether this transition may send anything (most steps do not): checked before the session is
   * read, so a step of any payment costs no read of its unit.
   */
  notifies(transition: PaymentTransition): boolean;
  /** What this transition sends to the merchant's server, or null; runs inside the transition's unit (`tx`). */
  notification(tx: Tx, transition: PaymentTransition, session: DialectSession): Promise<DialectNotification | null>;
}

export interface DialectsDeps {
  payments: { onTransition(listener: TransitionListener): () => void };
  /** The webhook outbox (Webhooks.enqueue): records in the caller's unit, wakes the dispatcher after its commit. */
  outbox: { enqueue(tx: Tx, message: OutboxMessage, url: string, eventId?: string): Promise<unknown> };
}

/** The adapters, wired to the transitions and the outbox. */
export class Dialects {
  private readonly byId: ReadonlyMap<DialectId, DialectAdapter>;

  constructor(
    private readonly deps: DialectsDeps,
    readonly adapters: readonly DialectAdapter[],
  ) {
    this.byId = new Map(adapters.map((adapter) => [adapter.id, adapter]));
    deps.payments.onTransition((transition, tx) => this.notify(transition, tx));
  }

  /**
   * The return URL of a payment made through a dialect, or undefined for a native payment (whose
   * return is our own signed GET redirect). Read in the caller's unit (CheckoutService's).
   */
  async returnUrl(tx: Tx, payment: PaymentRecord): Promise<string | null | undefined> {
    const session = await tx.dialects.session<Record<string, unknown>>(payment.id);
    if (!session) return undefined;
    return (await this.byId.get(session.dialect)?.returnUrl(tx, payment, session)) ?? null;
  }

  /** The transition listener: the dialect's notification, queued in the outbox in the transition's unit. */
  private async notify(transition: PaymentTransition, tx: Tx): Promise<void> {
    if (!this.adapters.some((adapter) => adapter.notifies(transition))) return;
    const session = await tx.dialects.session<Record<string, unknown>>(transition.record.id);
    if (!session) return;
    const adapter = this.byId.get(session.dialect);
    if (!adapter?.notifies(transition)) return;
    const notification = await adapter.notification(tx, transition, session);
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
    await this.deps.outbox.enqueue(tx, message, notification.url);
  }
}
