import { v7 as uuidv7 } from 'uuid';
import type { Instrument } from '../../domain/instrument.js';
import { deadlineEvent, isTerminal, transition, type PaymentEvent } from '../../domain/payment-state.js';
import { formatTrackingNumber, type CostHead } from '../../domain/tracking-number.js';
import type { MerchantClocks } from '../clock.js';
import { NotFound } from '../http/problems.js';
import type { Store, Tx } from '../storage/port.js';
import { AnnouncedTransition, TransitionListeners, type TransitionListener } from './events.js';
import type { PaymentGuard } from './guards.js';
import { RandomPool } from './random-pool.js';
import { sweepLapsed } from './sweeper.js';
import { copyPayment, type PaymentRecord } from './record.js';
import type { PaymentView } from './view.js';

export interface PaymentTiming {
  /** The selection window ("select a payment method within 5 minutes"). */
  selectionMs: number;
  /** How long an authorization may take once confirmed before it fails. */
  authorizationMs: number;
  /** Declined attempts allowed before the payment fails. */
  maxAttempts: number;
}

export interface PaymentServiceDeps {
  store: Store;
  clocks: MerchantClocks;
  timing: PaymentTiming;
  /** The public JSON of a payment (GET /api/v1/payments/:id), handed to transition listeners. */
  toView(payment: PaymentRecord): PaymentView;
  /** The tracking number's first digit for the instrument used. */
  cardTypeDigit(instrument: Instrument): number;
}

/** What a write unit does with the payment (settled, and as the guard admitted it) at its merchant's now, in the unit `tx`. */
export type PaymentAct<T> = (payment: PaymentRecord, now: Date, tx: Tx) => Promise<T> | T;

export interface ChangeOptions {
  /** Refuses the caller before anything is settled or changed (see PaymentGuard). */
  guard?: PaymentGuard;
  /** Treat the deadline as reached now (the test API's `expired` outcome): the lapse is applied, dated now. */
  lapseNow?: boolean;
}

/** Changes an event makes besides the state itself (selection, auth step, errors, …). */
export type PaymentChange = (draft: PaymentRecord) => void;

const CLEARED_AUTH: PaymentRecord['auth'] = { step: null, triesLeft: null, instrumentId: null, pendingUntil: null };

/**
 * Owns every state change of a payment. A stored payment is reached one of two ways: `read`
 * (lapsed deadlines applied) and `change` (the write unit: lock, guard, settle, act), each with
 * an `…In(tx)` form for a caller already inside a unit. `apply` is the one function that moves a
 * payment: it checks the transition table, sets the deadline of the new state, writes the row
 * and the transition log, and runs the transition listeners, all in the caller's unit.
 */
export class PaymentService {
  private readonly listeners = new TransitionListeners();
  private readonly random = new RandomPool();

  constructor(private readonly deps: PaymentServiceDeps) {}

  get timing(): PaymentTiming {
    return this.deps.timing;
  }

  get store(): Store {
    return this.deps.store;
  }

  onTransition(listener: TransitionListener): () => void {
    return this.listeners.add(listener);
  }

  /** The merchant's now, as the unit `tx` reads its clock. */
  now(tx: Tx, merchantId: string): Promise<Date> {
    return this.deps.clocks.now(tx, merchantId);
  }

  newPaymentId(): string {
    return `pay_${uuidv7().replaceAll('-', '')}`;
  }

  newClientSecret(paymentId: string): string {
    return `${paymentId}_secret_${this.random.base64url(18)}`;
  }

  /** The one place a payment changes state, in the caller's unit. Throws IllegalTransitionError (-> 409). */
  async apply(tx: Tx, current: PaymentRecord, event: PaymentEvent, at: Date, change?: PaymentChange): Promise<PaymentRecord> {
    const to = transition(current.status, event);
    const next = copyPayment(current);
    next.status = to;
    next.updatedAt = at;
    change?.(next);
    this.setDeadline(current, next, event, at);
    await tx.payments.update(next, current);
    await tx.payments.recordTransition({ paymentId: next.id, from: current.status, to, event, at });
    await this.listeners.emit(new AnnouncedTransition(next, current.status, to, event, at, this.deps.toView), tx);
    return next;
  }
  /**
   * The deadline rules, in one place: the selection timer stops at confirm (keeping what was
   * left) and resumes with that after a declined attempt; authorizing has its own deadline,
   * brought forward when a pending authorization completes earlier; terminal states have none.
   */
  private setDeadline(current: PaymentRecord, next: PaymentRecord, event: PaymentEvent, at: Date): void {
    if (isTerminal(next.status)) {
      next.deadlineAt = null;
      return;
    }
    const { selectionMs, authorizationMs } = this.deps.timing;
    switch (event) {
      case 'confirm': {
        const left = current.deadlineAt ? current.deadlineAt.getTime() - at.getTime() : selectionMs;
        next.selectionRemainingMs = Math.max(0, left);
        next.deadlineAt = new Date(at.getTime() + authorizationMs);
        return;
      }
      case 'attempt_declined':
        next.deadlineAt = new Date(at.getTime() + (current.selectionRemainingMs ?? selectionMs));
        next.selectionRemainingMs = null;
        return;
      case 'authorize_step': {
        const pending = next.auth.pendingUntil;
        if (pending && current.deadlineAt && pending < current.deadlineAt) next.deadlineAt = pending;
        return;
      }
      default:
        return;
    }
  }

  /** Completes the current attempt: tracking number, gateway transaction id, paid-at. */
  async succeed(tx: Tx, current: PaymentRecord, at: Date, change?: PaymentChange): Promise<PaymentRecord> {
    const officeCode = current.officeCode;
    if (!officeCode) throw new Error(`payment ${current.id} cannot succeed without an office code`);
    // Allocated before the change: the serial's row stays locked to the end of the unit either way.
    const serial = await tx.serials.allocate(officeCode, at);
    return this.apply(tx, current, 'succeed', at, (draft) => {
      change?.(draft);
      if (!draft.instrument || !draft.selection) {
        throw new Error(`payment ${draft.id} cannot succeed without instrument and selection`);
      }
      const newConnection =
        draft.meterSerial != null && draft.costHead != null ? { meterSerial: draft.meterSerial, costHead: draft.costHead as CostHead } : {};
      draft.trackingNumber = formatTrackingNumber({
        cardType: this.deps.cardTypeDigit(draft.instrument),
        officeCode,
        at: serial.at,
        serial: serial.serial,
        ...newConnection,
      });
      draft.gatewayTransactionId = `${draft.selection.gateway.toUpperCase()}${uuidv7().replaceAll('-', '').slice(-16).toUpperCase()}`;
      draft.paidAt = at;
      draft.auth = { step: null, triesLeft: null, instrumentId: draft.auth.instrumentId, pendingUntil: null };
      draft.lastError = null;
    });
  }

  /**
   * A declined attempt. While attempts and selection time remain, the payment goes back to
   * awaiting_method (the selection window resumes with what was left) and the customer may pick
   * another method; otherwise it fails with the decline as its reason.
   */
  declineAttempt(tx: Tx, current: PaymentRecord, at: Date, error: { code: string; message: string }): Promise<PaymentRecord> {
    const attemptsUsed = current.attemptsUsed + 1;
    const windowOpen = (current.selectionRemainingMs ?? 0) > 0;
    const lastError = { code: error.code, message: error.message, triesLeft: null };
    if (attemptsUsed >= this.deps.timing.maxAttempts || !windowOpen) {
      return this.apply(tx, current, 'fail', at, (draft) => {
        draft.attemptsUsed = attemptsUsed;
        draft.lastError = lastError;
        draft.failureReason = error.code;
        draft.auth = { ...CLEARED_AUTH };
      });
    }
    return this.apply(tx, current, 'attempt_declined', at, (draft) => {
      draft.attemptsUsed = attemptsUsed;
      draft.lastError = lastError;
      draft.selection = null;
      draft.instrument = null;
      draft.auth = { ...CLEARED_AUTH };
    });
  }

  /**
   * A payment as of its merchant's now, lapsed deadlines applied; null when there is none (with
   * a guard, the guard refuses that instead). Most reads find nothing due and write nothing; one
   * that does settles through `change`, so a lapse is written once.
   */
  async read(paymentId: string): Promise<PaymentRecord | null>;
  async read(paymentId: string, access: { guard: PaymentGuard }): Promise<PaymentRecord>;
  async read(paymentId: string, access: { guard?: PaymentGuard } = {}): Promise<PaymentRecord | null> {
    const seen = await this.readWith(paymentId, access, (payment) => payment);
    return seen?.result ?? null;
  }

  /**
   * `read`, then `see` with the payment, its merchant's now and the unit, all in one unit: a
   * read unit, or a write unit when something had lapsed. Null when there is no payment (with a
   * guard, the guard refuses that instead).
   */
  async readWith<T>(paymentId: string, access: { guard?: PaymentGuard }, see: PaymentAct<T>): Promise<{ result: T } | null> {
    const seen = await this.deps.store.read(async (tx) => {
      const stored = await tx.payments.find(paymentId);
      access.guard?.(stored, paymentId);
      if (!stored) return null;
      const now = await this.now(tx, stored.merchantId);
      return this.isDue(stored, now) ? ('due' as const) : { result: await see(stored, now, tx) };
    });
    if (seen !== 'due') return seen;
    return { result: await this.change(paymentId, see, access) };
  }

  /** `read` inside the caller's unit (which then writes a lapse it finds due). */
  async readIn(tx: Tx, paymentId: string, access: { guard?: PaymentGuard } = {}): Promise<PaymentRecord | null> {
    const stored = await tx.payments.find(paymentId);
    access.guard?.(stored, paymentId);
    if (!stored) return null;
    const now = await this.now(tx, stored.merchantId);
    return this.isDue(stored, now) ? this.changeIn(tx, paymentId, (payment) => payment, access) : stored;
  }

  /**
   * The one write unit of a stored payment: lock it, let the guard refuse the caller, apply
   * lapsed deadlines, then `act` (which may `apply` events) with the settled payment, its
   * merchant's now and the unit's `tx`; resolves with what `act` returns once committed.
   * Anything thrown rolls all of it back, the settle included. A missing payment is the guard's
   * to refuse, else a NotFound.
   */
  change<T>(paymentId: string, act: PaymentAct<T>, options: ChangeOptions = {}): Promise<T> {
    return this.deps.store.transact((tx) => this.changeIn(tx, paymentId, act, options));
  }

  /** `change` inside the caller's unit. */
  async changeIn<T>(tx: Tx, paymentId: string, act: PaymentAct<T>, options: ChangeOptions = {}): Promise<T> {
    // The row lock every change starts with (FOR NO KEY UPDATE on PostgreSQL): racing changes of one payment queue here.
    const stored = await tx.payments.lock(paymentId);
    options.guard?.(stored, paymentId);
    if (!stored) throw new NotFound(`there is no payment ${paymentId}`);
    const now = await this.now(tx, stored.merchantId);
    const due = options.lapseNow ? { ...stored, deadlineAt: now } : stored;
    if (!this.isDue(due, now)) return act(stored, now, tx);
    const settled = await this.settle(tx, due, now);
    return act(settled === due ? stored : settled, now, tx);
  }

  /**
   * Applies what the clock has made due: a lapsed selection window (expired), a lapsed
   * authorization (failed, authorization_timeout), or a pending authorization that has
   * completed (succeeded). Dated at the deadline itself, not at the moment it was noticed.
   */
  private async settle(tx: Tx, payment: PaymentRecord, now: Date): Promise<PaymentRecord> {
    if (!this.isDue(payment, now)) return payment;
    const at = payment.deadlineAt as Date;
    const pendingUntil = payment.auth.pendingUntil;
    if (payment.status === 'authorizing' && pendingUntil && pendingUntil <= at) return this.succeed(tx, payment, at);
    const event = deadlineEvent(payment.status);
    if (!event) return payment;
    return this.apply(tx, payment, event, at, (draft) => {
      if (event === 'authorization_timeout') draft.failureReason = 'authorization_timeout';
      if (event === 'expire') draft.failureReason = 'selection_timeout';
      draft.auth = { ...CLEARED_AUTH };
    });
  }

  /** True when the clock has made something due that settle would apply (it would write). */
  private isDue(payment: PaymentRecord, now: Date): boolean {
    return payment.deadlineAt !== null && payment.deadlineAt <= now && !isTerminal(payment.status);
  }

  /** Applies the lapsed deadlines of the merchants' open payments, at most `budget` (see sweepLapsed). */
  async sweep(merchantIds?: readonly string[], budget?: number): Promise<number> {
    const { store } = this.deps;
    return sweepLapsed(store, merchantIds ?? (await store.read((tx) => tx.merchants.listIds())), {
      now: (tx, merchantId) => this.now(tx, merchantId),
      claimLapsedIds: (tx, merchantId, now, limit) => tx.payments.claimLapsedIds(merchantId, now, limit),
      // Settled once nothing is due any more (a lapse always ends the payment).
      settle: (tx, paymentId) => this.changeIn(tx, paymentId, (payment, now) => !this.isDue(payment, now)),
    }, budget);
  }
}
