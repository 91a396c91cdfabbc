import type { Database } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { catchDomainError, isDomainError } from '../../domain/errors.js';
import { formatAmount, parseAmount } from '../../domain/money.js';
import {
  isTerminalRefundState,
  refundDeadlineEvent,
  refundTransition,
  type RefundEvent,
  type RefundOutcome,
} from '../../domain/refund-state.js';
import { Conflict, NotFound, ValidationProblem } from '../http/problems.js';
import type { HandlerResult } from '../http/routes.js';
import type { NewJournalEntry } from '../journal/journal.js';
import { ownedBy } from '../payments/guards.js';
import { withIdempotency } from '../payments/idempotency.js';
import { listMerchantIds, type Merchant } from '../payments/merchants.js';
import type { PaymentRecord } from '../payments/record.js';
import type { PaymentService } from '../payments/service.js';
import { sweepLapsed } from '../payments/sweeper.js';
import { amountDue, type PaymentView } from '../payments/view.js';
import { writeTransaction } from '../storage/database.js';
import { newEventId, type OutboxMessage, type WebhookEventType } from '../webhooks/events.js';
import {
  clearRefundOutcome,
  findLapsedRefundIds,
  findRefund,
  findRefundsOfPayment,
  getRefundOutcome,
  insertRefund,
  setRefundOutcome,
  updateRefund,
  type RefundRecord,
} from './repository.js';
import { NO_REFUNDS, paymentRefunds, sumRefunds, toRefundView, type PaymentRefunds, type RefundView } from './view.js';

export type { RefundView };

export interface RefundServiceDeps {
  db: Database;
  /** Payments as of their merchant's clock (`read`), their write unit (`change`), and that clock (`now`). */
  payments: Pick<PaymentService, 'read' | 'change' | 'now'>;
  /** Records each refund state change, inside its transaction. */
  journal: { record(entry: NewJournalEntry): void };
  /** The webhook outbox (server/webhooks/setup.ts). */
  outbox: { enqueue(message: OutboxMessage, url: string, eventId?: string): unknown };
  /** The payment's public view with these refunds, for the webhooks' `data.payment`. */
  paymentView(payment: PaymentRecord, refunds: PaymentRefunds): PaymentView;
  /** How long a `pending_then_success` refund stays pending (fixtures settings.pendingSeconds). */
  pendingMs: number;
}

export interface CreateRefundInput {
  amount: string;
  reason?: string | null | undefined;
}

/** Why a refund failed when the merchant's test outcome is `failed`. */
export const REFUND_DECLINED = 'refund_declined';

const WEBHOOK_OF: Readonly<Record<'succeeded' | 'failed', WebhookEventType>> = {
  succeeded: 'refund.succeeded',
  failed: 'refund.failed',
};

/** Pending and succeeded refunds: what counts against the refundable amount (a failed one returned nothing). */
function committedOf(refunds: readonly RefundRecord[]): string {
  return sumRefunds(refunds.filter((refund) => refund.status !== 'failed'));
}

/**
 * Full and partial refunds of succeeded payments, for the native API and the drop-in gateway
 * APIs. Refundable: at most what the merchant was paid, the bill amount plus the late fee (the
 * service charge and convenience fee stay with the bank and the gateway); pending and succeeded
 * refunds count against it, failed ones do not. `apply` is the one place a refund changes state:
 * the row, the journal entry and the webhook are written in one transaction.
 */
export class RefundService {
  constructor(private readonly deps: RefundServiceDeps) {}

  newRefundId(): string {
    return `rfd_${uuidv7().replaceAll('-', '')}`;
  }

  /**
   * Refunds `input.amount` of the merchant's payment; how it ends is the merchant's test outcome.
   * Throws NotFound (no such payment, or another merchant's), Conflict with currentState (not
   * succeeded), ValidationProblem on `amount` (rules type, format, negative, scale, zero, maximum,
   * exceeds_refundable), ValidationProblem on Idempotency-Key (reused with another body).
   */
  create(
    merchant: Merchant,
    paymentId: string,
    input: CreateRefundInput,
    options: { idempotencyKey?: string | undefined } = {},
  ): RefundView {
    return this.createResult(merchant, paymentId, input, options).body as RefundView;
  }

  /**
   * `create` as the HTTP route answers it: 201 with Location, or the stored answer to an earlier
   * request with the same Idempotency-Key (with Idempotent-Replayed: true).
   */
  createResult(
    merchant: Merchant,
    paymentId: string,
    input: CreateRefundInput,
    options: { idempotencyKey?: string | undefined } = {},
  ): HandlerResult {
    const { db } = this.deps;
    return this.deps.payments.change(paymentId, (payment, now) => {
      const scope = {
        merchantId: merchant.id,
        key: options.idempotencyKey,
        route: `POST /api/v1/payments/${payment.id}/refunds`,
        body: { amount: input.amount, reason: input.reason ?? null },
        at: now,
      };
      return withIdempotency(db, scope, () => {
        const refund = this.insertNew(payment, input, now);
        return { status: 201, body: toRefundView(refund), headers: { Location: `/api/v1/refunds/${refund.id}` } };
      });
    }, { guard: ownedBy(merchant) });
  }

  /** The merchant's refund, with a lapsed pending deadline applied first. Another merchant's is a 404. */
  get(merchant: Merchant, refundId: string): RefundView {
    const stored = findRefund(this.deps.db, refundId);
    if (!stored || stored.merchantId !== merchant.id) throw new NotFound(`there is no refund ${refundId}`);
    if (!this.isDue(stored)) return toRefundView(stored);
    return writeTransaction(this.deps.db, () => {
      const refund = findRefund(this.deps.db, refundId) ?? stored;
      return toRefundView(this.settle(refund));
    });
  }

  /** The payment's refunds, oldest first, lapsed deadlines applied (no merchant check: callers own the payment). */
  listForPayment(paymentId: string): RefundView[] {
    return this.current(paymentId).map(toRefundView);
  }

  /** The merchant's payment's refunds, with what was refunded and what is left; another merchant's is a 404. */
  listForMerchantPayment(merchant: Merchant, paymentId: string) {
    const payment = this.deps.payments.read(paymentId, { guard: ownedBy(merchant) });
    const refunds = this.current(payment.id);
    return {
      object: 'list' as const,
      data: refunds.map(toRefundView),
      amountRefunded: paymentRefunds(refunds).amountRefunded,
      refundable: this.leftToRefund(payment, refunds),
    };
  }

  /** What is left to refund of the payment: amount + lateFee less pending and succeeded refunds ("0.00" unless succeeded). */
  refundableAmount(paymentId: string): string {
    const payment = this.deps.payments.read(paymentId);
    if (!payment) throw new NotFound(`there is no payment ${paymentId}`);
    return this.leftToRefund(payment, payment.status === 'succeeded' ? this.current(payment.id) : []);
  }

  /**
   * What the payment's view and slip show. Only a succeeded payment can have refunds, so any
   * other costs nothing; a succeeded one costs one indexed lookup (plus a write if one is due).
   */
  summaryFor(payment: Pick<PaymentRecord, 'id' | 'status'>): PaymentRefunds {
    return payment.status === 'succeeded' ? paymentRefunds(this.current(payment.id)) : NO_REFUNDS;
  }

  /** The merchant's test outcome for new refunds (default `instant`). */
  outcomeOf(merchantId: string): RefundOutcome {
    return getRefundOutcome(this.deps.db, merchantId);
  }

  setOutcome(merchantId: string, outcome: RefundOutcome): RefundOutcome {
    setRefundOutcome(this.deps.db, merchantId, outcome, this.deps.payments.now(merchantId));
    return outcome;
  }

  clearOutcome(merchantId: string): void {
    clearRefundOutcome(this.deps.db, merchantId);
  }

  /** Applies every lapsed pending deadline of the merchants' refunds (see sweepLapsed). */
  sweep(merchantIds: readonly string[] = listMerchantIds(this.deps.db), budget?: number): number {
    return sweepLapsed(this.deps.db, merchantIds, {
      now: (merchantId) => this.deps.payments.now(merchantId),
      lapsedIds: (merchantId, now, limit) => findLapsedRefundIds(this.deps.db, merchantId, now, limit),
      settle: (refundId) => {
        const refund = findRefund(this.deps.db, refundId);
        return refund !== null && this.settle(refund) !== refund;
      },
    }, budget);
  }

  private insertNew(payment: PaymentRecord, input: CreateRefundInput, now: Date): RefundRecord {
    if (payment.status !== 'succeeded') {
      throw new Conflict(`payment ${payment.id} is ${payment.status.replace(/_/g, ' ')}; only a succeeded payment can be refunded`, {
        currentState: payment.status,
      });
    }
    const amount = catchDomainError(() => parseAmount(input.amount, 'amount'));
    // Every failure of `create` is an ApiProblem, so a drop-in gateway API can map them all alike.
    if (isDomainError(amount)) throw ValidationProblem.single(amount.field, amount.rule, amount.message);
    const refunds = this.current(payment.id);
    const left = this.leftToRefund(payment, refunds);
    if (amount.greaterThan(left)) {
      throw ValidationProblem.single(
        'amount',
        'exceeds_refundable',
        `amount ${formatAmount(amount)} exceeds what is left to refund, ${left}: refundable is ${amountDue(payment)} ` +
          `(amount ${payment.amount} + late fee ${payment.lateFee}; the service charge and convenience fee are not refundable), ` +
          `of which ${committedOf(refunds)} is already refunded or pending`,
      );
    }
    const refund: RefundRecord = {
      id: this.newRefundId(),
      merchantId: payment.merchantId,
      paymentId: payment.id,
      amount: formatAmount(amount),
      reason: input.reason ?? null,
      status: 'pending',
      failureReason: null,
      deadlineAt: new Date(now.getTime() + this.deps.pendingMs),
      createdAt: now,
      completedAt: null,
      updatedAt: now,
    };
    insertRefund(this.deps.db, refund);
    this.journal(refund, null, 'create', now);
    switch (this.outcomeOf(payment.merchantId)) {
      case 'instant':
        return this.apply(refund, 'succeed', now);
      case 'failed':
        return this.apply(refund, 'fail', now);
      case 'pending_then_success':
        return refund;
    }
  }

  private leftToRefund(payment: PaymentRecord, refunds: readonly RefundRecord[]): string {
    if (payment.status !== 'succeeded') return '0.00';
    // Refundable: amount + lateFee (the payment's amount due), what the merchant was paid.
    return formatAmount(parseAmount(amountDue(payment), 'amount').minus(committedOf(refunds)));
  }

  /** The payment's refunds with lapsed deadlines applied; takes the write lock only when one is due. */
  private current(paymentId: string): RefundRecord[] {
    const stored = findRefundsOfPayment(this.deps.db, paymentId);
    if (!stored.some((refund) => this.isDue(refund))) return stored;
    return writeTransaction(this.deps.db, () => findRefundsOfPayment(this.deps.db, paymentId).map((refund) => this.settle(refund)));
  }

  private isDue(refund: RefundRecord): boolean {
    return (
      refund.deadlineAt !== null &&
      !isTerminalRefundState(refund.status) &&
      refund.deadlineAt <= this.deps.payments.now(refund.merchantId)
    );
  }

  /** Applies a lapsed deadline, dated at the deadline itself; returns the refund unchanged when none is due. */
  private settle(refund: RefundRecord): RefundRecord {
    if (!this.isDue(refund)) return refund;
    const event = refundDeadlineEvent(refund.status);
    return event === null ? refund : this.apply(refund, event, refund.deadlineAt as Date);
  }

  /** The one place a refund changes state: the row, the journal entry and the webhook, in one transaction. */
  private apply(current: RefundRecord, event: RefundEvent, at: Date): RefundRecord {
    return writeTransaction(this.deps.db, () => {
      const to = refundTransition(current.status, event);
      const terminal = isTerminalRefundState(to);
      const next: RefundRecord = {
        ...current,
        status: to,
        failureReason: event === 'fail' ? REFUND_DECLINED : null,
        deadlineAt: terminal ? null : current.deadlineAt,
        completedAt: terminal ? at : null,
        updatedAt: at,
      };
      updateRefund(this.deps.db, next);
      this.journal(next, current.status, event, at);
      if (to === 'succeeded' || to === 'failed') this.announce(next, WEBHOOK_OF[to], at);
      return next;
    });
  }

  /** State changes of refunds are journal `state_change` entries of their payment, told apart by `object: 'refund'`. */
  private journal(refund: RefundRecord, from: RefundRecord['status'] | null, event: RefundEvent | 'create', at: Date): void {
    this.deps.journal.record({
      merchantId: refund.merchantId,
      type: 'state_change',
      paymentId: refund.paymentId,
      at,
      data: {
        object: 'refund',
        refundId: refund.id,
        from,
        to: refund.status,
        event,
        amount: refund.amount,
        ...(refund.failureReason !== null ? { reason: refund.failureReason } : {}),
      },
    });
  }

  /** A signed `refund.*` event to the payment's webhook URL, `{id, type, created, data: {refund, payment}}`. */
  private announce(refund: RefundRecord, type: WebhookEventType, at: Date): void {
    const payment = this.deps.payments.read(refund.paymentId);
    if (!payment?.webhookUrl) return;
    const eventId = newEventId();
    const data = {
      refund: toRefundView(refund),
      payment: this.deps.paymentView(payment, paymentRefunds(findRefundsOfPayment(this.deps.db, payment.id))),
    };
    const body = JSON.stringify({ id: eventId, type, created: at.toISOString(), data });
    const message = { merchantId: refund.merchantId, paymentId: refund.paymentId, type, at, body };
    this.deps.outbox.enqueue({ ...message, contentType: 'application/json', signed: true }, payment.webhookUrl, eventId);
  }
}
