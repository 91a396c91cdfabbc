/**
 * Open checkouts, live: `GET /api/v1/checkout/:id/events` answers the session view as server-sent
 * events (`event: session`, `data: <the view>`), the current one at once and then a new one after
 * every committed change of the payment, whoever made it (the customer in another tab, a cancel
 * through the merchant API, a test-clock advance, the sweeper expiring it). The stream ends itself
 * once the payment is terminal. Comment lines keep idle streams (and proxies) open.
 *
 * Like the journal's live events (journal/live-events.ts): a transition only marks its payment,
 * and on the next turn (the writing transaction has ended) each marked payment's view is built
 * ONCE and written to every stream open on it, so 50 tabs on one checkout cost one read.
 */
import type { Response } from 'express';
import { openEventStream } from '../http/event-stream.js';
import { isTerminal } from '../../domain/payment-state.js';
import type { TransitionListener } from '../payments/events.js';
import type { SessionView } from './schemas.js';

export interface LiveSessionsOptions {
  /** A comment line this often keeps an idle stream open. Default 15 s. */
  heartbeatMs?: number;
}

export interface SessionSource {
  /** The payment's current view (applying lapsed deadlines); throws as the checkout API does. */
  view(paymentId: string, clientSecret: string): SessionView;
  /** The view as JSON text, as every checkout answer serializes it. */
  json(view: SessionView): string;
}

interface PaymentStreams {
  /** Authenticated when the first stream opened: later views are read with it. */
  clientSecret: string;
  writers: Set<(text: string, terminal: boolean) => void>;
}

export class LiveSessions {
  private readonly heartbeatMs: number;
  private readonly byPayment = new Map<string, PaymentStreams>();
  private readonly changed = new Set<string>();
  private flushScheduled = false;

  constructor(
    private readonly source: SessionSource,
    options: LiveSessionsOptions = {},
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
  readonly onTransition: TransitionListener = (transition) => {
    const id = transition.record.id;
    if (!this.byPayment.has(id)) return;
    this.changed.add(id);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Runs once the transition's transaction has ended: what is read then is what committed.
    setImmediate(() => this.flush());
  };

  /**
   * Answers `res` with the payment's stream, starting with its current view. The caller has
   * authenticated the client secret (`view` was read with it).
   */
  stream(res: Response, view: SessionView, clientSecret: string): void {
    const stopHeartbeat = openEventStream(res, this.heartbeatMs);
    const first = this.source.json(view);
    if (isTerminal(view.status)) {
      stopHeartbeat();
      res.end(sessionEvent(first));
      return;
    }
    res.write(sessionEvent(first));

    let streams = this.byPayment.get(view.id);
    if (!streams) {
      streams = { clientSecret, writers: new Set() };
      this.byPayment.set(view.id, streams);
    }
    const group = streams;
    const cleanUp = () => {
      stopHeartbeat();
      group.writers.delete(write);
      if (group.writers.size === 0 && this.byPayment.get(view.id) === group) this.byPayment.delete(view.id);
    };
    const write = (text: string, terminal: boolean) => {
      if (!terminal) {
        res.write(text);
        return;
      }
      cleanUp();
      res.end(text);
    };
    group.writers.add(write);
    res.once('close', cleanUp);
  }

  /** Ends every stream (on shutdown, so the server can close without waiting for clients). */
  closeAll(): void {
    for (const [id, { writers }] of this.byPayment) {
      for (const write of [...writers]) write(': closing\n\n', true);
      this.byPayment.delete(id);
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const ids = [...this.changed];
    this.changed.clear();
    for (const id of ids) {
      const streams = this.byPayment.get(id);
      if (!streams) continue;
      let text: string;
      let terminal: boolean;
      try {
        const view = this.source.view(id, streams.clientSecret);
        text = sessionEvent(this.source.json(view));
        terminal = isTerminal(view.status);
      } catch {
        // The payment is gone (a merchant reset): nothing more will come on these streams.
        text = ': gone\n\n';
        terminal = true;
      }
      for (const write of [...streams.writers]) write(text, terminal);
    }
  }
}

function sessionEvent(json: string): string {
  return `event: session\ndata: ${json}\n\n`;
}
