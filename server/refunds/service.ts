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
import type { Merchant } from '../payments/merchants.js';
import type { PaymentRecord } from '../payments/record.js';
import type { PaymentService } from '../payments/service.js';
import { sweepLapsed } from '../payments/sweeper.js';
import { amountDue, type PaymentView } from '../payments/view.js';
import type { Store, Tx } from '../storage/port.js';
import { newEventId, type OutboxMessage, type WebhookEventType } from '../webhooks/events.js';
import type { RefundRecord } from './repository.js';
import { NO_REFUNDS, paymentRefunds, sumRefunds, toRefundView, type PaymentRefunds, type RefundView } from './view.js';

export type { RefundView };

export interface RefundServiceDeps {
  store: Store;
  /** Payments as of their merchant's clock (`readWith`, `readIn`), their write unit (`changeIn`), and that clock (`now`). */
  payments: Pick<PaymentService, 'readWith' | 'readIn' | 'changeIn' | 'now'>;
  /** Records each refund state change, in the unit `tx`. */
  journal: { record(tx: Tx, entry: NewJournalEntry): Promise<void> };
  /** The webhook outbox (server/webhooks/setup.ts), written in the unit `tx`. */
  outbox: { enqueue(tx: Tx, message: OutboxMessage, url: string, eventId?: string): Promise<unknown> };
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

/** What a read unit found: the answer, or that a lapsed deadline must be written first (then a write unit answers). */
type Seen<T> = { value: T } | 'due';

/**
 * Full and partial refunds of succeeded payments, for the native API and the drop-in gateway
 * APIs. Refundable: at most what the merchant was paid, the bill amount plus the late fee (the
 * service charge and convenience fee stay with the bank and the gateway); pending and succeeded
 * refunds count against it, failed ones do not. `apply` is the one place a refund changes state:
 * the row, the journal entry and the webhook are written in the caller's unit.
 *
 * Reads run as read units and write nothing; one that finds a lapsed pending deadline runs again
 * as a write unit, which locks the refund and settles it (so a lapse is written once, with its
 * journal entry and webhook). `summaryFor`, which views read inside other units, only shows a
 * lapsed refund as it will be settled: the sweep, or the next write that reads it, writes it.
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
  async create(
    merchant: Merchant,
    paymentId: string,
    input: CreateRefundInput,
    options: { idempotencyKey?: string | undefined } = {},
  ): Promise<RefundView> {
    return (await this.createResult(merchant, paymentId, input, options)).body as RefundView;
  }

  /**
   * `create` as the HTTP route answers it: 201 with Location, or the stored answer to an earlier
   * request with the same Idempotency-Key (with Idempotent-Replayed: true). One unit: the payment
   * locked first (two refunds of one payment queue there), then the key.
   */
  createResult(
    merchant: Merchant,
    paymentId: string,
    input: CreateRefundInput,
    options: { idempotencyKey?: string | undefined } = {},
  ): Promise<HandlerResult> {
    return this.deps.store.transact((tx) =>
      this.deps.payments.changeIn(tx, paymentId, (payment, now) => {
        const scope = {
          merchantId: merchant.id,
          key: options.idempotencyKey,
          route: `POST /api/v1/payments/${payment.id}/refunds`,
          body: { amount: input.amount, reason: input.reason ?? null },
          at: now,
        };
        return withIdempotency(tx, scope, async () => {
          const refund = await this.insertNew(tx, payment, input, now);
          return { status: 201, body: toRefundView(refund), headers: { Location: `/api/v1/refunds/${refund.id}` } };
        });
      }, { guard: ownedBy(merchant) }),
    );
  }

  /** The merchant's refund, with a lapsed pending deadline applied first. Another merchant's is a 404. */
  get(merchant: Merchant, refundId: string): Promise<RefundView> {
    const mine = (refund: RefundRecord | null): RefundRecord => {
      if (!refund || refund.merchantId !== merchant.id) throw new NotFound(`there is no refund ${refundId}`);
      return refund;
    };
    return this.readOrSettle(
      async (tx) => {
        const stored = mine(await tx.refunds.find(refundId));
        return this.isDue(stored, await this.now(tx, stored)) ? 'due' : { value: toRefundView(stored) };
      },
      async (tx) => {
        const locked = mine(await tx.refunds.lock(refundId));
        return toRefundView(await this.settle(tx, locked, await this.now(tx, locked)));
      },
    );
  }

  /** The payment's refunds, oldest first, lapsed deadlines applied (no merchant check: callers own the payment). */
  listForPayment(paymentId: string): Promise<RefundView[]> {
    return this.readOrSettle(
      async (tx) => {
        const stored = await tx.refunds.ofPayment(paymentId);
        return (await this.anyDue(tx, stored)) ? 'due' : { value: stored.map(toRefundView) };
      },
      async (tx) => (await this.currentIn(tx, paymentId)).map(toRefundView),
    );
  }

  /** The merchant's payment's refunds, with what was refunded and what is left; another merchant's is a 404. */
  async listForMerchantPayment(merchant: Merchant, paymentId: string) {
    const guard = ownedBy(merchant);
    const list = (payment: PaymentRecord, refunds: readonly RefundRecord[]) => ({
      object: 'list' as const,
      data: refunds.map(toRefundView),
      amountRefunded: paymentRefunds(refunds).amountRefunded,
      refundable: this.leftToRefund(payment, refunds),
    });
    const seen = await this.deps.payments.readWith(paymentId, { guard }, async (payment, now, tx): Promise<Seen<ReturnType<typeof list>>> => {
      const refunds = await tx.refunds.ofPayment(payment.id);
      return refunds.some((refund) => this.isDue(refund, now)) ? 'due' : { value: list(payment, refunds) };
    });
    if (seen && seen.result !== 'due') return seen.result.value;
    return this.deps.store.transact(async (tx) => {
      const payment = await this.requirePayment(tx, paymentId, guard);
      return list(payment, await this.currentIn(tx, payment.id));
    });
  }

  /** What is left to refund of the payment: amount + lateFee less pending and succeeded refunds ("0.00" unless succeeded). */
  async refundableAmount(paymentId: string): Promise<string> {
    const seen = await this.deps.payments.readWith(paymentId, {}, async (payment, now, tx): Promise<Seen<string>> => {
      if (payment.status !== 'succeeded') return { value: this.leftToRefund(payment, []) };
      const refunds = await tx.refunds.ofPayment(payment.id);
      return refunds.some((refund) => this.isDue(refund, now)) ? 'due' : { value: this.leftToRefund(payment, refunds) };
    });
    if (!seen) throw new NotFound(`there is no payment ${paymentId}`);
    if (seen.result !== 'due') return seen.result.value;
    return this.deps.store.transact(async (tx) => {
      const payment = await this.requirePayment(tx, paymentId);
      return this.leftToRefund(payment, await this.currentIn(tx, payment.id));
    });
  }

  /**
   * What the payment's view and slip show, read in the caller's unit (a read unit or a write
   * unit): writes nothing, and shows a refund whose pending deadline has lapsed as settling it
   * will write it. Only a succeeded payment can have refunds, so any other costs nothing; a
   * succeeded one costs one indexed lookup (and its merchant's clock when one is pending).
   */
  async summaryFor(tx: Tx, payment: Pick<PaymentRecord, 'id' | 'status' | 'merchantId'>): Promise<PaymentRefunds> {
    if (payment.status !== 'succeeded') return NO_REFUNDS;
    const refunds = await tx.refunds.ofPayment(payment.id);
    if (!refunds.some((refund) => refund.deadlineAt !== null)) return paymentRefunds(refunds);
    const now = await this.deps.payments.now(tx, payment.merchantId);
    return paymentRefunds(refunds.map((refund) => this.settled(refund, now)));
  }

  /** The merchant's test outcome for new refunds (default `instant`). */
  outcomeOf(merchantId: string): Promise<RefundOutcome> {
    return this.deps.store.read((tx) => tx.refunds.outcome(merchantId));
  }

  async setOutcome(merchantId: string, outcome: RefundOutcome): Promise<RefundOutcome> {
    await this.deps.store.transact(async (tx) => tx.refunds.setOutcome(merchantId, outcome, await this.deps.payments.now(tx, merchantId)));
    return outcome;
  }

  /** Forgets the merchant's test outcome, in a unit of its own (inside a unit: `tx.refunds.clearOutcome`). */
  clearOutcome(merchantId: string): Promise<void> {
    return this.deps.store.transact((tx) => tx.refunds.clearOutcome(merchantId));
  }

  /** Applies every lapsed pending deadline of the merchants' refunds (see sweepLapsed). */
  async sweep(merchantIds?: readonly string[], budget?: number): Promise<number> {
    const { store } = this.deps;
    return sweepLapsed(store, merchantIds ?? (await store.read((tx) => tx.merchants.listIds())), {
      now: (tx, merchantId) => this.deps.payments.now(tx, merchantId),
      claimLapsedIds: (tx, merchantId, now, limit) => tx.refunds.claimLapsedIds(merchantId, now, limit),
      settle: async (tx, refundId) => {
        // Claimed, so locked already: this read takes nothing more.
        const refund = await tx.refunds.lock(refundId);
        return refund !== null && (await this.settle(tx, refund, await this.now(tx, refund))) !== refund;
      },
    }, budget);
  }

  /**
   * Runs `read` as a read unit; when it finds a lapsed deadline to write ('due'), runs `write`
   * as a write unit instead, which settles what is due and answers.
   */
  private async readOrSettle<T>(read: (tx: Tx) => Promise<Seen<T>>, write: (tx: Tx) => Promise<T>): Promise<T> {
    const seen = await this.deps.store.read(read);
    return seen === 'due' ? this.deps.store.transact(write) : seen.value;
  }

  /** The payment as of now in the write unit `tx` (a lapse it finds is written); a missing one is the guard's to refuse, else a 404. */
  private async requirePayment(tx: Tx, paymentId: string, guard?: ReturnType<typeof ownedBy>): Promise<PaymentRecord> {
    const payment = await this.deps.payments.readIn(tx, paymentId, guard ? { guard } : {});
    if (!payment) throw new NotFound(`there is no payment ${paymentId}`);
    return payment;
  }

  private async insertNew(tx: Tx, payment: PaymentRecord, input: CreateRefundInput, now: Date): Promise<RefundRecord> {
    if (payment.status !== 'succeeded') {
      throw new Conflict(`payment ${payment.id} is ${payment.status.replace(/_/g, ' ')}; only a succeeded payment can be refunded`, {
        currentState: payment.status,
      });
    }
    const amount = catchDomainError(() => parseAmount(input.amount, 'amount'));
    // Every failure of `create` is an ApiProblem, so a drop-in gateway API can map them all alike.
    if (isDomainError(amount)) throw ValidationProblem.single(amount.field, amount.rule, amount.message);
    const refunds = await this.currentIn(tx, payment.id, now);
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
    await tx.refunds.insert(refund);
    await this.journal(tx, refund, null, 'create', now);
    switch (await tx.refunds.outcome(payment.merchantId)) {
      case 'instant':
        return this.apply(tx, refund, 'succeed', now);
      case 'failed':
        return this.apply(tx, refund, 'fail', now);
      case 'pending_then_success':
        return refund;
    }
  }

  private leftToRefund(payment: PaymentRecord, refunds: readonly RefundRecord[]): string {
    if (payment.status !== 'succeeded') return '0.00';
    // Refundable: amount + lateFee (the payment's amount due), what the merchant was paid.
    return formatAmount(parseAmount(amountDue(payment), 'amount').minus(committedOf(refunds)));
  }

  /**
   * The payment's refunds in the write unit `tx`, lapsed deadlines applied: each due one is locked
   * and settled (the lock taken only when one is due). `now` is the payment's merchant's, if known.
   */
  private async currentIn(tx: Tx, paymentId: string, now?: Date): Promise<RefundRecord[]> {
    const stored = await tx.refunds.ofPayment(paymentId);
    const first = stored[0];
    if (!first || !stored.some((refund) => refund.deadlineAt !== null)) return stored;
    const at = now ?? (await this.now(tx, first));
    const current: RefundRecord[] = [];
    for (const refund of stored) {
      if (!this.isDue(refund, at)) {
        current.push(refund);
        continue;
      }
      // Locked, then settled as locked: another unit may have settled it since it was read.
      const locked = (await tx.refunds.lock(refund.id)) ?? refund;
      current.push(await this.settle(tx, locked, at));
    }
    return current;
  }

  /** True when one of the refunds (all of one payment, so of one merchant) has a lapsed pending deadline. */
  private async anyDue(tx: Tx, refunds: readonly RefundRecord[]): Promise<boolean> {
    const pending = refunds.filter((refund) => refund.deadlineAt !== null);
    const first = pending[0];
    if (!first) return false;
    const now = await this.now(tx, first);
    return pending.some((refund) => this.isDue(refund, now));
  }

  /** The refund's merchant's now, as the unit reads its clock. */
  private now(tx: Tx, refund: Pick<RefundRecord, 'merchantId'>): Promise<Date> {
    return this.deps.payments.now(tx, refund.merchantId);
  }

  /** True when the refund's pending deadline has passed at its merchant's `now`. */
  private isDue(refund: RefundRecord, now: Date): boolean {
    return refund.deadlineAt !== null && !isTerminalRefundState(refund.status) && refund.deadlineAt <= now;
  }

  /** The refund as settling it at `now` would leave it, written nowhere: what views show of a lapse not yet written. */
  private settled(refund: RefundRecord, now: Date): RefundRecord {
    if (!this.isDue(refund, now)) return refund;
    const event = refundDeadlineEvent(refund.status);
    return event === null ? refund : this.next(refund, event, refund.deadlineAt as Date);
  }

  /** Applies a lapsed deadline in the write unit, dated at the deadline itself; returns the refund unchanged when none is due. */
  private async settle(tx: Tx, refund: RefundRecord, now: Date): Promise<RefundRecord> {
    if (!this.isDue(refund, now)) return refund;
    const event = refundDeadlineEvent(refund.status);
    return event === null ? refund : this.apply(tx, refund, event, refund.deadlineAt as Date);
  }

  /** The refund after `event` at `at` (throws for a transition the table refuses). */
  private next(current: RefundRecord, event: RefundEvent, at: Date): RefundRecord {
    const to = refundTransition(current.status, event);
    const terminal = isTerminalRefundState(to);
    return {
      ...current,
      status: to,
      failureReason: event === 'fail' ? REFUND_DECLINED : null,
      deadlineAt: terminal ? null : current.deadlineAt,
      completedAt: terminal ? at : null,
      updatedAt: at,
    };
  }

  /** The one place a refund changes state: the row, the journal entry and the webhook, in the unit `tx`. */
  private async apply(tx: Tx, current: RefundRecord, event: RefundEvent, at: Date): Promise<RefundRecord> {
    const next = this.next(current, event, at);
    await tx.refunds.update(next);
    await this.journal(tx, next, current.status, event, at);
    if (next.status === 'succeeded' || next.status === 'failed') await this.announce(tx, next, WEBHOOK_OF[next.status], at);
    return next;
  }

  /** State changes of refunds are journal `state_change` entries of their payment, told apart by `object: 'refund'`. */
  private journal(tx: Tx, refund: RefundRecord, from: RefundRecord['status'] | null, event: RefundEvent | 'create', at: Date): Promise<void> {
    return this.deps.journal.record(tx, {
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
  private async announce(tx: Tx, refund: RefundRecord, type: WebhookEventType, at: Date): Promise<void> {
    const payment = await this.deps.payments.readIn(tx, refund.paymentId);
    if (!payment?.webhookUrl) return;
    const eventId = newEventId();
    const data = {
      refund: toRefundView(refund),
      payment: this.deps.paymentView(payment, paymentRefunds(await tx.refunds.ofPayment(payment.id))),
    };
    const body = JSON.stringify({ id: eventId, type, created: at.toISOString(), data });
    const message = { merchantId: refund.merchantId, paymentId: refund.paymentId, type, at, body };
    await this.deps.outbox.enqueue(tx, { ...message, contentType: 'application/json', signed: true }, payment.webhookUrl, eventId);
  }
}
