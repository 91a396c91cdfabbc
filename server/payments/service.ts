import type { Database } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import type { Instrument } from '../../domain/instrument.js';
import { deadlineEvent, isTerminal, transition, type PaymentEvent } from '../../domain/payment-state.js';
import type { CostHead } from '../../domain/tracking-number.js';
import type { MerchantClocks } from '../clock.js';
import { NotFound } from '../http/problems.js';
import { writeTransaction } from '../storage/database.js';
import { AnnouncedTransition, TransitionListeners, type TransitionListener } from './events.js';
import type { PaymentGuard } from './guards.js';
import { listMerchantIds } from './merchants.js';
import { RandomPool } from './random-pool.js';
import { sweepLapsed } from './sweeper.js';
import { copyPayment, type PaymentRecord } from './record.js';
import { findLapsedPaymentIds, findPayment, recordTransition, updatePayment } from './repository.js';
import { issueTrackingNumber } from './tracking.js';
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
  db: Database;
  clocks: MerchantClocks;
  timing: PaymentTiming;
  /** The public JSON of a payment (GET /api/v1/payments/:id), handed to transition listeners. */
  toView(payment: PaymentRecord): PaymentView;
  /** The tracking number's first digit for the instrument used. */
  cardTypeDigit(instrument: Instrument): number;
}

/** What a write unit does with the payment (settled, and as the guard admitted it) at its merchant's now. */
export type PaymentAct<T> = (payment: PaymentRecord, now: Date) => T;

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
 * (lapsed deadlines applied) and `change` (the write unit: find, guard, settle, act, in one
 * transaction), so the storage port replaces exactly these two. `apply` is the one function that
 * moves a payment: it checks the transition table, sets the deadline of the new state, writes
 * the row and the transition log, and runs the transition listeners, all in one transaction.
 */
export class PaymentService {
  private readonly listeners = new TransitionListeners();
  private readonly random = new RandomPool();

  constructor(private readonly deps: PaymentServiceDeps) {}

  get timing(): PaymentTiming {
    return this.deps.timing;
  }

  onTransition(listener: TransitionListener): () => void {
    return this.listeners.add(listener);
  }

  now(merchantId: string): Date {
    return this.deps.clocks.merchantNow(merchantId);
  }

  newPaymentId(): string {
    return `pay_${uuidv7().replaceAll('-', '')}`;
  }

  newClientSecret(paymentId: string): string {
    return `${paymentId}_secret_${this.random.base64url(18)}`;
  }

  /** The one place a payment changes state. Throws IllegalTransitionError (-> 409). */
  apply(current: PaymentRecord, event: PaymentEvent, at: Date, change?: PaymentChange): PaymentRecord {
    return writeTransaction(this.deps.db, () => {
      const to = transition(current.status, event);
      const next = copyPayment(current);
      next.status = to;
      next.updatedAt = at;
      change?.(next);
      this.setDeadline(current, next, event, at);
      updatePayment(this.deps.db, next, current);
      recordTransition(this.deps.db, { paymentId: next.id, from: current.status, to, event, at });
      this.listeners.emit(new AnnouncedTransition(next, current.status, to, event, at, this.deps.toView));
      return next;
    });
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
  succeed(current: PaymentRecord, at: Date, change?: PaymentChange): PaymentRecord {
    return this.apply(current, 'succeed', at, (draft) => {
      change?.(draft);
      if (!draft.instrument || !draft.selection || !draft.officeCode) {
        throw new Error(`payment ${draft.id} cannot succeed without instrument, selection and office code`);
      }
      draft.trackingNumber = issueTrackingNumber(this.deps.db, {
        cardType: this.deps.cardTypeDigit(draft.instrument),
        officeCode: draft.officeCode,
        at,
        meterSerial: draft.meterSerial,
        costHead: draft.costHead as CostHead | null,
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
  declineAttempt(current: PaymentRecord, at: Date, error: { code: string; message: string }): PaymentRecord {
    const attemptsUsed = current.attemptsUsed + 1;
    const windowOpen = (current.selectionRemainingMs ?? 0) > 0;
    const lastError = { code: error.code, message: error.message, triesLeft: null };
    if (attemptsUsed >= this.deps.timing.maxAttempts || !windowOpen) {
      return this.apply(current, 'fail', at, (draft) => {
        draft.attemptsUsed = attemptsUsed;
        draft.lastError = lastError;
        draft.failureReason = error.code;
        draft.auth = { ...CLEARED_AUTH };
      });
    }
    return this.apply(current, 'attempt_declined', at, (draft) => {
      draft.attemptsUsed = attemptsUsed;
      draft.lastError = lastError;
      draft.selection = null;
      draft.instrument = null;
      draft.auth = { ...CLEARED_AUTH };
    });
  }

  /**
   * A payment as of its merchant's now, lapsed deadlines applied; null when there is none (with
   * a guard, the guard refuses that instead). Most reads find nothing due and take no write lock;
   * one that does settles through `change`, so a lapse is written once.
   */
  read(paymentId: string): PaymentRecord | null;
  read(paymentId: string, access: { guard: PaymentGuard }): PaymentRecord;
  read(paymentId: string, access: { guard?: PaymentGuard } = {}): PaymentRecord | null {
    const stored = findPayment(this.deps.db, paymentId);
    access.guard?.(stored, paymentId);
    if (!stored || !this.isDue(stored, this.now(stored.merchantId))) return stored;
    return this.change(paymentId, (payment) => payment, access);
  }

  /**
   * The one write unit of a stored payment, all in one transaction: find it, let the guard refuse
   * the caller, apply lapsed deadlines, then `act` (which may `apply` events) with the settled
   * payment and its merchant's now; returns what `act` returns. Anything thrown rolls all of it
   * back, the settle included. A missing payment is the guard's to refuse, else a NotFound.
   */
  change<T>(paymentId: string, act: PaymentAct<T>, options: ChangeOptions = {}): T {
    return writeTransaction(this.deps.db, () => {
      // On PostgreSQL this find becomes tx.payments.lock(id) (SELECT … FOR UPDATE): the row lock every write unit starts with.
      const stored = findPayment(this.deps.db, paymentId);
      options.guard?.(stored, paymentId);
      if (!stored) throw new NotFound(`there is no payment ${paymentId}`);
      const now = this.now(stored.merchantId);
      const due = options.lapseNow ? { ...stored, deadlineAt: now } : stored;
      const settled = this.settle(due, now);
      return act(settled === due ? stored : settled, now);
    });
  }

  /**
   * Applies what the clock has made due: a lapsed selection window (expired), a lapsed
   * authorization (failed, authorization_timeout), or a pending authorization that has
   * completed (succeeded). Dated at the deadline itself, not at the moment it was noticed.
   */
  private settle(payment: PaymentRecord, now: Date): PaymentRecord {
    if (!this.isDue(payment, now)) return payment;
    const at = payment.deadlineAt as Date;
    const pendingUntil = payment.auth.pendingUntil;
    if (payment.status === 'authorizing' && pendingUntil && pendingUntil <= at) return this.succeed(payment, at);
    const event = deadlineEvent(payment.status);
    if (!event) return payment;
    return this.apply(payment, event, at, (draft) => {
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
  sweep(merchantIds: readonly string[] = listMerchantIds(this.deps.db), budget?: number): number {
    return sweepLapsed(this.deps.db, merchantIds, {
      now: (merchantId) => this.now(merchantId),
      lapsedIds: (merchantId, now, limit) => findLapsedPaymentIds(this.deps.db, merchantId, now, limit),
      // Settled once nothing is due any more (a lapse always ends the payment).
      settle: (paymentId) => this.change(paymentId, (payment, now) => !this.isDue(payment, now)),
    }, budget);
  }
}
