/**
 * Open checkouts, live: `GET /api/v1/checkout/:id/events` answers the session view as server-sent
 * events (`event: session`, `data: <the view>`), the current one at once and then a new one after
 * every committed change of the payment, whoever made it (the customer in another tab, a cancel
 * through the merchant API, a test-clock advance, the sweeper expiring it). The stream ends itself
 * once the payment is terminal. Comment lines keep idle streams (and proxies) open.
 *
 * A transition only marks its payment, once its unit has committed (`tx.afterCommit`: a change
 * rolled back wakes nobody), and on the next turn each marked payment's view is read ONCE and
 * written to every stream open on it, so 50 tabs on one checkout cost one read. Views are read
 * one payment after another, each after the last was written, so a stream never gets an older
 * view after a newer one, and a stream is never sent the view it was sent last.
 *
 * Across instances sharing a database: with `subscribe` (Journal.subscribe, on the store's
 * JournalBus), the streams of a merchant's payments also re-read when that merchant's journal
 * moves on any instance (every state change is journaled in its unit), so a cancel made through
 * another instance reaches them too. Such a wake says nothing of which payment changed: each open
 * payment of the merchant is read once, and a view that did not change is not sent.
 */
import type { Response } from 'express';
import { openEventStream } from '../http/event-stream.js';
import { isTerminal } from '../../domain/payment-state.js';
import type { TransitionListener } from '../payments/events.js';
import type { SessionView } from './schemas.js';

export interface LiveSessionsOptions {
  /** A comment line this often keeps an idle stream open. Default 15 s. */
  heartbeatMs?: number;
  /**
   * Calls `wake` after each commit of entries to the merchant's journal, by any instance, from
   * when the promise resolves; resolves with the function that stops (Journal.subscribe).
   * Without it, streams hear of this instance's changes only.
   */
  subscribe?: (merchantId: string, wake: () => void) => Promise<() => void>;
}

export interface SessionSource {
  /** The payment's current view (applying lapsed deadlines); rejects as the checkout API does. */
  view(paymentId: string, clientSecret: string): Promise<SessionView>;
  /** The view as JSON text, as every checkout answer serializes it. */
  json(view: SessionView): string;
}

interface PaymentStreams {
  /** The secret of the first stream that authenticated (null until one has): later views are read with it. */
  clientSecret: string | null;
  /** The payment's merchant, once a view named it. */
  merchantId: string | null;
  writers: Set<(event: SessionEvent, terminal: boolean) => void>;
  /** Streams between their first read and their first write: the group must not go before they join. */
  opening: number;
  /** Committed changes seen: a stream that opened across one reads again. */
  changes: number;
}

/** One merchant's journal subscription, shared by the streams of its payments. */
interface MerchantWatch {
  paymentIds: Set<string>;
  /** Resolves once listening, with the function that stops. */
  listening: Promise<() => void>;
}

export class LiveSessions {
  private readonly heartbeatMs: number;
  private readonly byPayment = new Map<string, PaymentStreams>();
  private readonly byMerchant = new Map<string, MerchantWatch>();
  private readonly changed = new Set<string>();
  private draining = false;

  constructor(
    private readonly source: SessionSource,
    private readonly options: LiveSessionsOptions = {},
  ) {
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
  }

  /** Streams open right now. */
  get size(): number {
    let count = 0;
    for (const { writers } of this.byPayment.values()) count += writers.size;
    return count;
  }

  /** Feed this every payment transition (PaymentService.onTransition). */
  readonly onTransition: TransitionListener = (transition, tx) => {
    const id = transition.record.id;
    if (!this.byPayment.has(id)) return;
    tx.afterCommit(() => this.wake(id));
  };

  /**
   * Answers `res` with the payment's stream, starting with the view `read` returns (it
   * authenticates the client secret, and what it throws is the answer instead: nothing has been
   * sent by then). A change committed while `read` runs is sent after the first view.
   */
  async stream(res: Response, paymentId: string, clientSecret: string, read: () => Promise<SessionView>): Promise<void> {
    const group = this.groupOf(paymentId);
    group.opening += 1;
    const changesBefore = group.changes;
    let view: SessionView;
    try {
      view = await read();
      if (!isTerminal(view.status)) await this.watch(group, paymentId, view.merchant.id);
    } catch (error) {
      group.opening -= 1;
      this.dropIfIdle(paymentId, group);
      throw error;
    }
    group.opening -= 1;
    group.clientSecret ??= clientSecret;
    if (res.destroyed) {
      // The client went away while its first view was read.
      this.dropIfIdle(paymentId, group);
      return;
    }

    const stopHeartbeat = openEventStream(res, this.heartbeatMs);
    const first = this.sessionEvent(view);
    let lastKey = first.key;
    const cleanUp = () => {
      stopHeartbeat();
      group.writers.delete(write);
      this.dropIfIdle(paymentId, group);
    };
    const write = ({ text, key }: SessionEvent, terminal: boolean) => {
      if (!terminal) {
        if (key !== lastKey) res.write(text);
        lastKey = key;
        return;
      }
      cleanUp();
      res.end(text);
    };
    if (isTerminal(view.status)) {
      cleanUp();
      res.end(first.text);
      return;
    }
    res.write(first.text);
    group.writers.add(write);
    res.once('close', cleanUp);
    // A change committed (or, with `subscribe`, journaled anywhere) before this stream listened: read again.
    if (group.changes !== changesBefore || this.options.subscribe) this.wake(paymentId);
  }

  /** Ends every stream (on shutdown, so the server can close without waiting for clients). */
  closeAll(): void {
    for (const [id, group] of this.byPayment) {
      for (const write of [...group.writers]) write({ text: ': closing\n\n', key: null }, true);
      this.byPayment.delete(id);
      this.unwatch(id, group);
    }
  }

  private groupOf(paymentId: string): PaymentStreams {
    let group = this.byPayment.get(paymentId);
    if (!group) {
      group = { clientSecret: null, merchantId: null, writers: new Set(), opening: 0, changes: 0 };
      this.byPayment.set(paymentId, group);
    }
    return group;
  }

  /** Forgets the payment once no stream is open or opening on it (a refused read leaves nothing behind). */
  private dropIfIdle(paymentId: string, group: PaymentStreams): void {
    if (group.writers.size === 0 && group.opening === 0 && this.byPayment.get(paymentId) === group) {
      this.byPayment.delete(paymentId);
      this.unwatch(paymentId, group);
    }
  }

  /** Follows the merchant's journal for the payment (with `subscribe`); resolves once listening. */
  private async watch(group: PaymentStreams, paymentId: string, merchantId: string): Promise<void> {
    const { subscribe } = this.options;
    if (!subscribe) return;
    group.merchantId = merchantId;
    let watch = this.byMerchant.get(merchantId);
    if (!watch) {
      const paymentIds = new Set<string>();
      const listening = subscribe(merchantId, () => {
        for (const id of paymentIds) this.wake(id);
      });
      watch = { paymentIds, listening };
      this.byMerchant.set(merchantId, watch);
      // A failed subscription fails the streams waiting for it; the next stream subscribes anew.
      listening.catch(() => {
        if (this.byMerchant.get(merchantId) === watch) this.byMerchant.delete(merchantId);
      });
    }
    watch.paymentIds.add(paymentId);
    await watch.listening;
  }

  private unwatch(paymentId: string, group: PaymentStreams): void {
    if (group.merchantId === null) return;
    const watch = this.byMerchant.get(group.merchantId);
    if (!watch) return;
    watch.paymentIds.delete(paymentId);
    if (watch.paymentIds.size > 0) return;
    this.byMerchant.delete(group.merchantId);
    watch.listening.then(
      (stop) => stop(),
      () => {},
    );
  }

  /** A committed change of the payment: its streams get the new view on the next turn. */
  private wake(paymentId: string): void {
    const group = this.byPayment.get(paymentId);
    if (!group) return;
    group.changes += 1;
    this.changed.add(paymentId);
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.changed.size > 0) {
        const ids = [...this.changed];
        this.changed.clear();
        for (const id of ids) await this.push(id);
      }
    } finally {
      this.draining = false;
    }
  }

  /** Reads the payment's view once and writes it to each of its streams. */
  private async push(paymentId: string): Promise<void> {
    const group = this.byPayment.get(paymentId);
    if (!group || group.writers.size === 0 || group.clientSecret === null) return;
    let event: SessionEvent;
    let terminal: boolean;
    try {
      const view = await this.source.view(paymentId, group.clientSecret);
      event = this.sessionEvent(view);
      terminal = isTerminal(view.status);
    } catch {
      // The payment is gone (a merchant reset): nothing more will come on these streams.
      event = { text: ': gone\n\n', key: null };
      terminal = true;
    }
    for (const write of [...group.writers]) write(event, terminal);
  }

  private sessionEvent(view: SessionView): SessionEvent {
    return { text: `event: session\ndata: ${this.source.json(view)}\n\n`, key: changeKey(view) };
  }
}

/** An event for the streams, and what tells it apart from the one sent before (null: always sent). */
interface SessionEvent {
  text: string;
  key: string | null;
}

/** The view without what only the passing of time changes (serverTime, a wait's retryAfterMs): equal keys, nothing new to send. */
function changeKey(view: SessionView): string {
  const { serverTime: _now, nextAction, ...rest } = view;
  const action = nextAction && 'retryAfterMs' in nextAction ? { ...nextAction, retryAfterMs: undefined } : nextAction;
  return JSON.stringify({ ...rest, nextAction: action });
}
