import type { Database } from 'better-sqlite3';
import { formatAmount, parseAmount } from '../../domain/money.js';
import { toAsciiDigits } from '../../domain/digits.js';
import { Conflict } from '../http/problems.js';
import type { HandlerResult } from '../http/routes.js';
import type { PaymentRefunds } from '../refunds/view.js';
import { writeTransaction } from '../storage/database.js';
import { resolveBill } from './bill.js';
import type { BillDirectory } from './bill-directory.js';
import { withIdempotency } from './idempotency.js';
import { sha256Hex, type Merchant } from './merchants.js';
import { ownedBy } from './guards.js';
import type { PaymentRecord } from './record.js';
import {
  findLivePaymentForBill,
  findPaymentByReference,
  findPaymentIdByReference,
  insertPayment,
} from './repository.js';
import type { CreatePaymentBody } from './schemas.js';
import type { PaymentService } from './service.js';
import { toPaymentView, type PaymentView, type ViewNames } from './view.js';

/** A payment in one of these states no longer holds its bill. */
const BILL_RELEASING_STATES = new Set<string>(['failed', 'cancelled', 'expired']);

export interface MerchantApiDeps {
  db: Database;
  payments: PaymentService;
  bills: BillDirectory;
  names: ViewNames;
  /** What a payment's view shows of its refunds (RefundService.summaryFor). */
  refunds: { summaryFor(payment: PaymentRecord): PaymentRefunds };
}

export interface CreateRequest {
  body: CreatePaymentBody;
  idempotencyKey: string | undefined;
  /** Origin the merchant reached us at (or the configured public URL). */
  baseUrl: string;
}

/** The merchant API's operations. A merchant only ever sees its own payments. */
export class MerchantApi {
  constructor(private readonly deps: MerchantApiDeps) {}

  /** The payment's public view; only a succeeded payment costs a lookup (of its refunds). */
  view(payment: PaymentRecord): PaymentView {
    return toPaymentView(payment, this.deps.names, this.deps.payments.timing.maxAttempts, this.deps.refunds.summaryFor(payment));
  }

  /**
   * Creates a payment (201), or replays the answer to an earlier request with the same
   * Idempotency-Key. The checks, the idempotency record and the insert share one transaction.
   */
  create(merchant: Merchant, request: CreateRequest): HandlerResult {
    const { db, payments } = this.deps;
    return writeTransaction(db, () => {
      const now = payments.now(merchant.id);
      const scope = {
        merchantId: merchant.id,
        key: request.idempotencyKey,
        route: 'POST /api/v1/payments',
        body: request.body,
        at: now,
      };
      return withIdempotency(db, scope, () => {
        const { payment, clientSecret } = this.insertNew(merchant, request, now);
        return {
          status: 201,
          body: { ...this.view(payment), checkoutUrl: `${payment.baseUrl}/checkout/${payment.id}`, clientSecret },
          headers: { Location: `/api/v1/payments/${payment.id}` },
        };
      });
    });
  }

  /**
   * Creates a payment for a drop-in gateway API, whose transaction id is the reference (so no
   * Idempotency-Key): the same checks and insert as `create`, then `attach` (the dialect's own
   * session) in the same transaction. Throws what `create` would answer as a problem.
   */
  createForDialect<T>(
    merchant: Merchant,
    request: Omit<CreateRequest, 'idempotencyKey'>,
    attach: (created: { payment: PaymentRecord; clientSecret: string }) => T,
  ): T {
    return writeTransaction(this.deps.db, () => {
      const created = this.insertNew(merchant, { ...request, idempotencyKey: undefined }, this.deps.payments.now(merchant.id));
      return attach(created);
    });
  }

  private insertNew(merchant: Merchant, request: CreateRequest, now: Date): { payment: PaymentRecord; clientSecret: string } {
    const payment = this.newPayment(merchant, request, now);
    const clientSecret = this.deps.payments.newClientSecret(payment.id);
    payment.clientSecretSha256 = sha256Hex(clientSecret);
    payment.clientSecret = clientSecret;
    insertPayment(this.deps.db, payment);
    return { payment, clientSecret };
  }

  private newPayment(merchant: Merchant, request: CreateRequest, now: Date): PaymentRecord {
    const { body } = request;
    const bill = resolveBill(body, merchant, (meterNo) => this.deps.bills.officeOfMeter(merchant.id, meterNo));
    const amount = formatAmount(parseAmount(body.amount, 'amount'));
    const lateFee = formatAmount(parseAmount(body.lateFee ?? '0', 'lateFee', { allowZero: true }));
    const reference = body.reference;

    const sameReference = findPaymentIdByReference(this.deps.db, merchant.id, reference);
    if (sameReference) {
      throw new Conflict(`reference "${reference}" is already used by payment ${sameReference}`, {
        paymentId: sameReference,
      });
    }
    if (bill.billKey !== null) this.requireBillOpen(merchant.id, bill.billKey);

    return {
      id: this.deps.payments.newPaymentId(),
      merchantId: merchant.id,
      reference,
      purpose: body.purpose,
      status: 'awaiting_method',
      ...bill,
      amount,
      lateFee,
      customer: { name: body.customer?.name ?? null, mobile: body.customer?.mobile ?? null, email: body.customer?.email ?? null },
      returnUrls: {
        success: body.returnUrls?.success ?? null,
        fail: body.returnUrls?.fail ?? null,
        cancel: body.returnUrls?.cancel ?? null,
      },
      webhookUrl: body.webhookUrl ?? null,
      clientSecretSha256: '',
      clientSecret: null,
      baseUrl: request.baseUrl,
      deadlineAt: new Date(now.getTime() + this.deps.payments.timing.selectionMs),
      selectionRemainingMs: null,
      attemptsUsed: 0,
      selection: null,
      auth: { step: null, triesLeft: null, instrumentId: null, pendingUntil: null },
      instrument: null,
      lastError: null,
      failureReason: null,
      trackingNumber: null,
      gatewayTransactionId: null,
      paidAt: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** 409 when the bill is already paid or another payment for it is in progress. */
  private requireBillOpen(merchantId: string, billNo: string): void {
    if (this.deps.bills.isPaidInFixtures(merchantId, billNo)) {
      throw new Conflict(`bill ${billNo} is already paid`, { billNo });
    }
    const current = this.billHolder(merchantId, billNo);
    if (current) {
      const doing = current.status === 'succeeded' ? 'already paid by' : 'being paid by';
      throw new Conflict(`bill ${billNo} is ${doing} payment ${current.id} (${current.status})`, {
        billNo,
        paymentId: current.id,
        currentState: current.status,
      });
    }
  }

  get(merchant: Merchant, paymentId: string): PaymentView {
    return this.view(this.deps.payments.read(paymentId, { guard: ownedBy(merchant) }));
  }

  /** The merchant's payment with `reference`, or the one holding bill `billNo` (paid or in progress). */
  find(merchant: Merchant, query: { reference?: string | undefined; billNo?: string | undefined }): { object: 'list'; data: PaymentView[] } {
    const payment =
      query.billNo !== undefined
        ? this.billHolder(merchant.id, toAsciiDigits(query.billNo))
        : this.current(findPaymentByReference(this.deps.db, merchant.id, query.reference ?? ''));
    return { object: 'list', data: payment ? [this.view(payment)] : [] };
  }

  /**
   * The payment paid or in progress for a bill, as of now: a deadline that passed unnoticed is
   * applied first, and a payment it ends no longer holds the bill (as if the sweep had run).
   */
  private billHolder(merchantId: string, billKey: string): PaymentRecord | null {
    const current = this.current(findLivePaymentForBill(this.deps.db, merchantId, billKey));
    return current && !BILL_RELEASING_STATES.has(current.status) ? current : null;
  }

  /** A payment found by another key (reference, bill), as of now. */
  private current(found: PaymentRecord | null): PaymentRecord | null {
    return found && this.deps.payments.read(found.id);
  }

  cancel(merchant: Merchant, paymentId: string): PaymentView {
    const cancelled = this.deps.payments.change(
      paymentId,
      (payment, now) => this.deps.payments.apply(payment, 'cancel', now, (draft) => {
        draft.failureReason = 'cancelled_by_merchant';
      }),
      { guard: ownedBy(merchant) },
    );
    return this.view(cancelled);
  }
}
