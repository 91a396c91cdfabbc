import { formatAmount, parseAmount } from '../../domain/money.js';
import { toAsciiDigits } from '../../domain/digits.js';
import { Conflict } from '../http/problems.js';
import type { HandlerResult } from '../http/routes.js';
import type { PaymentRefunds } from '../refunds/view.js';
import type { Tx } from '../storage/port.js';
import { resolveBill } from './bill.js';
import type { BillDirectory } from './bill-directory.js';
import { withIdempotency } from './idempotency.js';
import { sha256Hex, type Merchant } from './merchants.js';
import { ownedBy } from './guards.js';
import type { PaymentRecord } from './record.js';
import type { CreatePaymentBody } from './schemas.js';
import type { PaymentService } from './service.js';
import { toPaymentView, type PaymentView, type ViewNames } from './view.js';

/** A payment in one of these states no longer holds its bill. */
const BILL_RELEASING_STATES = new Set<string>(['failed', 'cancelled', 'expired']);

/**
 * Inserts refused for a bill whose holder then turned out lapsed (settled, so the bill is free):
 * each tries again. A holder that lapses at every try would be a new one each time.
 */
const INSERT_ATTEMPTS = 3;

export interface MerchantApiDeps {
  /** Payments, and their store (`payments.store`): every operation is one unit of it. */
  payments: PaymentService;
  bills: BillDirectory;
  names: ViewNames;
  /** What a payment's view shows of its refunds (RefundService.summaryFor), read in the unit `tx`. */
  refunds: { summaryFor(tx: Tx, payment: PaymentRecord): Promise<PaymentRefunds> };
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

  /** The payment's public view, read in the unit `tx`; only a succeeded payment costs a lookup (of its refunds). */
  async view(tx: Tx, payment: PaymentRecord): Promise<PaymentView> {
    const refunds = await this.deps.refunds.summaryFor(tx, payment);
    return toPaymentView(payment, this.deps.names, this.deps.payments.timing.maxAttempts, refunds);
  }

  /**
   * Creates a payment (201), or replays the answer to an earlier request with the same
   * Idempotency-Key. One write unit: the key taken first, then the insert (whose unique indexes
   * decide a taken reference or bill, answered with the 409 naming the holder) and the answer.
   * On SQLite the units of one turn share a commit: that is the batching of busy creates.
   */
  create(merchant: Merchant, request: CreateRequest): Promise<HandlerResult> {
    const { payments } = this.deps;
    return payments.store.transact(async (tx) => {
      const now = await payments.now(tx, merchant.id);
      const scope = {
        merchantId: merchant.id,
        key: request.idempotencyKey,
        route: 'POST /api/v1/payments',
        body: request.body,
        at: now,
      };
      return withIdempotency(tx, scope, async () => {
        const { payment, clientSecret } = await this.insertNew(tx, merchant, request, now);
        return {
          status: 201,
          body: { ...(await this.view(tx, payment)), checkoutUrl: `${payment.baseUrl}/checkout/${payment.id}`, clientSecret },
          headers: { Location: `/api/v1/payments/${payment.id}` },
        };
      });
    });
  }

  /**
   * Creates a payment for a drop-in gateway API, whose transaction id is the reference (so no
   * Idempotency-Key): the same checks and insert as `create`, then `attach` (the dialect's own
   * session, written through `tx`) in the same unit. Throws what `create` would answer as a problem.
   */
  createForDialect<T>(
    merchant: Merchant,
    request: Omit<CreateRequest, 'idempotencyKey'>,
    attach: (created: { payment: PaymentRecord; clientSecret: string }, tx: Tx) => Promise<T> | T,
  ): Promise<T> {
    const { payments } = this.deps;
    return payments.store.transact(async (tx) => {
      const now = await payments.now(tx, merchant.id);
      const created = await this.insertNew(tx, merchant, { ...request, idempotencyKey: undefined }, now);
      return attach(created, tx);
    });
  }

  private async insertNew(tx: Tx, merchant: Merchant, request: CreateRequest, now: Date): Promise<{ payment: PaymentRecord; clientSecret: string }> {
    const payment = this.newPayment(merchant, request, now);
    if (payment.billKey !== null && this.deps.bills.isPaidInFixtures(merchant.id, payment.billKey)) {
      // A taken reference is answered first, as for a bill a payment holds.
      const sameReference = await tx.payments.findIdByReference(merchant.id, payment.reference);
      if (sameReference !== null) throw referenceTaken(payment.reference, sameReference);
      throw new Conflict(`bill ${payment.billKey} is already paid`, { billNo: payment.billKey });
    }
    const clientSecret = this.deps.payments.newClientSecret(payment.id);
    payment.clientSecretSha256 = sha256Hex(clientSecret);
    payment.clientSecret = clientSecret;
    for (let attempt = 1; ; attempt += 1) {
      const insert = await tx.payments.insert(payment);
      if (insert.inserted) return { payment, clientSecret };
      const { taken, holder } = insert;
      if (taken === 'reference') throw referenceTaken(payment.reference, holder.id);
      // The bill's holder as stored: a deadline that passed unnoticed is applied first, and a
      // payment it ends no longer holds the bill (as if the sweep had run), so the insert is tried again.
      const current = (await this.deps.payments.readIn(tx, holder.id)) ?? holder;
      if (BILL_RELEASING_STATES.has(current.status) && attempt < INSERT_ATTEMPTS) continue;
      throw billTaken(payment.billKey ?? '', current);
    }
  }

  private newPayment(merchant: Merchant, request: CreateRequest, now: Date): PaymentRecord {
    const { body } = request;
    const bill = resolveBill(body, merchant, (meterNo) => this.deps.bills.officeOfMeter(merchant.id, meterNo));
    const amount = formatAmount(parseAmount(body.amount, 'amount'));
    const lateFee = formatAmount(parseAmount(body.lateFee ?? '0', 'lateFee', { allowZero: true }));
    const reference = body.reference;

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

  async get(merchant: Merchant, paymentId: string): Promise<PaymentView> {
    const seen = await this.deps.payments.readWith(paymentId, { guard: ownedBy(merchant) }, (payment, _now, tx) => this.view(tx, payment));
    // The guard refuses a missing payment, so there is always one.
    if (!seen) throw new Error(`payment ${paymentId} passed the guard but was not read`);
    return seen.result;
  }

  /** The merchant's payment with `reference`, or the one holding bill `billNo` (paid or in progress). */
  async find(merchant: Merchant, query: { reference?: string | undefined; billNo?: string | undefined }): Promise<{ object: 'list'; data: PaymentView[] }> {
    const { payments } = this.deps;
    const byBill = query.billNo !== undefined;
    const foundId = await payments.store.read(async (tx) =>
      byBill
        ? ((await tx.payments.findLiveForBill(merchant.id, toAsciiDigits(query.billNo ?? '')))?.id ?? null)
        : tx.payments.findIdByReference(merchant.id, query.reference ?? ''),
    );
    // As of now: a deadline that passed unnoticed is applied first, and a payment it ends no
    // longer holds the bill (as if the sweep had run).
    const seen =
      foundId === null
        ? null
        : await payments.readWith(foundId, {}, (payment, _now, tx) =>
            byBill && BILL_RELEASING_STATES.has(payment.status) ? null : this.view(tx, payment),
          );
    const view = seen?.result ?? null;
    return { object: 'list', data: view ? [view] : [] };
  }

  cancel(merchant: Merchant, paymentId: string): Promise<PaymentView> {
    const { payments } = this.deps;
    return payments.change(
      paymentId,
      async (payment, now, tx) => {
        const cancelled = await payments.apply(tx, payment, 'cancel', now, (draft) => {
          draft.failureReason = 'cancelled_by_merchant';
        });
        return this.view(tx, cancelled);
      },
      { guard: ownedBy(merchant) },
    );
  }
}

/** 409 when another payment of the merchant has the reference. */
function referenceTaken(reference: string, paymentId: string): Conflict {
  return new Conflict(`reference "${reference}" is already used by payment ${paymentId}`, { paymentId });
}

/** 409 when another payment holds the bill: paid already, or being paid. */
function billTaken(billNo: string, holder: PaymentRecord): Conflict {
  const doing = holder.status === 'succeeded' ? 'already paid by' : 'being paid by';
  return new Conflict(`bill ${billNo} is ${doing} payment ${holder.id} (${holder.status})`, {
    billNo,
    paymentId: holder.id,
    currentState: holder.status,
  });
}
