import type { Tx } from '../storage/port.js';
import type { PaymentEvent, PaymentState } from '../../domain/payment-state.js';
import type { PaymentRecord } from './record.js';
import type { PaymentView } from './view.js';

/**
 * One state change, as transition listeners see it. Listeners run INSIDE the unit that writes
 * the change, with its `tx` (a listener that throws rolls the change back), so what they write
 * (the webhook outbox, the journal) exists if and only if the change committed; what must wait
 * for the commit (waking a stream) goes through `tx.afterCommit`.
 * Step events (select again, authorize_step) have `from === to`.
 */
export interface PaymentTransition {
  /**
   * The public JSON of GET /api/v1/payments/:id after the change. Built on first read: most
   * steps (select, confirm, an OTP) announce nothing, and their listeners never read it.
   */
  readonly payment: PaymentView;
  /** The stored payment after the change. */
  readonly record: Readonly<PaymentRecord>;
  from: PaymentState;
  to: PaymentState;
  event: PaymentEvent;
  /** On the merchant's clock. */
  at: Date;
  merchantId: string;
}

/**
 * A transition as PaymentService announces it, its view built on the first read of `payment`.
 * A class, not an object literal with a getter: such a literal costs about a microsecond to
 * build (V8 gives each one a map of its own), and every change of every payment makes one.
 */
export class AnnouncedTransition implements PaymentTransition {
  readonly merchantId: string;
  #view: PaymentView | undefined;
  readonly #toView: (payment: PaymentRecord) => PaymentView;

  constructor(
    readonly record: Readonly<PaymentRecord>,
    readonly from: PaymentState,
    readonly to: PaymentState,
    readonly event: PaymentEvent,
    readonly at: Date,
    toView: (payment: PaymentRecord) => PaymentView,
  ) {
    this.merchantId = record.merchantId;
    this.#toView = toView;
  }

  get payment(): PaymentView {
    this.#view ??= this.#toView(this.record);
    return this.#view;
  }
}

export type TransitionListener = (transition: PaymentTransition, tx: Tx) => Promise<void> | void;

/** A small registry; `add` returns the function that removes the listener again. */
export class TransitionListeners {
  private readonly listeners = new Set<TransitionListener>();

  add(listener: TransitionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async emit(transition: PaymentTransition, tx: Tx): Promise<void> {
    for (const listener of this.listeners) {
      // A listener that finished at once (most do on SQLite) is not waited for: a turn of the microtask queue saved.
      const pending = listener(transition, tx);
      if (pending) await pending;
    }
  }
}
