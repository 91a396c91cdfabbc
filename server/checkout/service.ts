import type { Clock } from '../clock.js';
import { canTransition, IllegalTransitionError } from '../../domain/payment-state.js';
import { clientSecretMatches } from '../http/auth.js';
import { NotFound, Unauthorized } from '../http/problems.js';
import type { PaymentGuard } from '../payments/guards.js';
import type { PaymentRecord } from '../payments/record.js';
import type { PaymentAct, PaymentService } from '../payments/service.js';
import { buildSlip, type Slip, type ViewNames } from '../payments/view.js';
import type { Tx } from '../storage/port.js';
import { buildReturnUrl, isReturnStatus } from '../webhooks/return-url.js';
import { decideStep, type StepResult } from './authorize.js';
import type { CheckoutCatalog } from './catalog.js';
import { CLIENT_SECRET_HEADER, type AuthorizeBody, type SessionView } from './schemas.js';
import type { TestInstrumentBook } from './test-instruments.js';
import { sessionViewJson, toSessionView } from './view.js';

export interface CheckoutSettings {
  /** Wrong OTP / PIN / login entries per attempt. */
  maxTries: number;
  /** How long a pending_then_success instrument stays pending. */
  pendingSeconds: number;
}

export interface CheckoutServiceDeps {
  payments: PaymentService;
  catalog: CheckoutCatalog;
  book: TestInstrumentBook;
  names: ViewNames;
  settings: CheckoutSettings;
  /** The real (not test-shifted) clock: return URLs are verified by merchants against their own wall clock. */
  clock: Clock;
  /**
   * The way back of a payment made through a drop-in gateway API (in that gateway's style), or
   * undefined for a native payment.
   */
  dialectReturnUrl?(tx: Tx, payment: PaymentRecord): Promise<string | null | undefined>;
}

/** The checkout's right to a payment: proven by its client secret, sent in the header (compared in constant time). */
function provenBy(clientSecret: string | undefined): PaymentGuard {
  return (stored, paymentId) => {
    if (!stored) throw new NotFound(`there is no checkout session ${paymentId}`);
    if (!clientSecret) throw new Unauthorized(`send the payment's client secret in the ${CLIENT_SECRET_HEADER} header`);
    if (!clientSecretMatches(clientSecret, stored.clientSecretSha256)) {
      throw new Unauthorized(`the ${CLIENT_SECRET_HEADER} header does not match this payment`);
    }
  };
}

/**
 * The widget's API: each call authenticates with the payment's client secret (the guard handed to
 * PaymentService's `read` or `change`), applies lapsed deadlines, performs at most one state
 * change, and answers the session view. Everything from the read to the write runs in one
 * `change`, so concurrent calls on one session serialise; a read with nothing to apply takes no
 * write lock.
 */
export class CheckoutService {
  constructor(private readonly deps: CheckoutServiceDeps) {}

  /** The widget polls this: when nothing has lapsed it reads and writes nothing. */
  async session(paymentId: string, clientSecret: string | undefined): Promise<SessionView> {
    const seen = await this.deps.payments.readWith(paymentId, { guard: provenBy(clientSecret) }, (payment, now, tx) =>
      this.view(tx, payment, now),
    );
    if (!seen) throw new NotFound(`there is no checkout session ${paymentId}`);
    return seen.result;
  }

  select(paymentId: string, clientSecret: string | undefined, choice: { method: string; gateway: string }): Promise<SessionView> {
    return this.run(undefined, paymentId, clientSecret, this.selecting(choice));
  }

  /** `select` in the caller's unit (headless completion). */
  selectIn(tx: Tx, paymentId: string, clientSecret: string | undefined, choice: { method: string; gateway: string }): Promise<SessionView> {
    return this.run(tx, paymentId, clientSecret, this.selecting(choice));
  }

  confirm(paymentId: string, clientSecret: string | undefined): Promise<SessionView> {
    return this.run(undefined, paymentId, clientSecret, this.confirming);
  }

  confirmIn(tx: Tx, paymentId: string, clientSecret: string | undefined): Promise<SessionView> {
    return this.run(tx, paymentId, clientSecret, this.confirming);
  }

  authorize(paymentId: string, clientSecret: string | undefined, body: AuthorizeBody): Promise<SessionView> {
    return this.run(undefined, paymentId, clientSecret, this.authorizing(body));
  }

  authorizeIn(tx: Tx, paymentId: string, clientSecret: string | undefined, body: AuthorizeBody): Promise<SessionView> {
    return this.run(tx, paymentId, clientSecret, this.authorizing(body));
  }

  cancel(paymentId: string, clientSecret: string | undefined): Promise<SessionView> {
    return this.run(undefined, paymentId, clientSecret, this.cancelling);
  }

  cancelIn(tx: Tx, paymentId: string, clientSecret: string | undefined): Promise<SessionView> {
    return this.run(tx, paymentId, clientSecret, this.cancelling);
  }

  private selecting(choice: { method: string; gateway: string }): PaymentAct<PaymentRecord> {
    return (payment, now, tx) => {
      if (!canTransition(payment.status, 'select')) throw new IllegalTransitionError(payment.status, 'select');
      const { method, quote } = this.deps.catalog.quote(choice.method, choice.gateway, payment.amount, payment.lateFee);
      return this.deps.payments.apply(tx, payment, 'select', now, (draft) => {
        draft.selection = { method: method.id, gateway: choice.gateway, quote };
        draft.lastError = null;
      });
    };
  }

  private readonly confirming: PaymentAct<PaymentRecord> = (payment, now, tx) =>
    this.deps.payments.apply(tx, payment, 'confirm', now, (draft) => {
      const method = draft.selection ? this.deps.catalog.method(draft.selection.method) : undefined;
      if (!method) throw new Error(`payment ${draft.id} is confirmed without a known selection`);
      draft.auth = { step: method.nextAction, triesLeft: null, instrumentId: null, pendingUntil: null };
      draft.lastError = null;
    });

  private authorizing(body: AuthorizeBody): PaymentAct<PaymentRecord> {
    return (payment, now, tx) => {
      if (!canTransition(payment.status, 'authorize_step') || !payment.selection) {
        throw new IllegalTransitionError(payment.status, 'authorize_step');
      }
      const method = this.deps.catalog.method(payment.selection.method);
      if (!method) throw new Error(`payment ${payment.id} selected unknown method ${payment.selection.method}`);
      const result = decideStep(payment, body, {
        book: this.deps.book,
        method,
        gatewayId: payment.selection.gateway,
        maxTries: this.deps.settings.maxTries,
        pendingSeconds: this.deps.settings.pendingSeconds,
        now,
      });
      return this.applyStep(tx, payment, result, now);
    };
  }

  private readonly cancelling: PaymentAct<PaymentRecord> = (payment, now, tx) =>
    this.deps.payments.apply(tx, payment, 'cancel', now, (draft) => {
      draft.failureReason = 'cancelled_by_customer';
    });

  /** The view as JSON text, its tabs from the catalog's cache (see sessionViewJson). */
  viewJson(view: SessionView): string {
    return sessionViewJson(view, this.deps.catalog);
  }

  async slip(paymentId: string, clientSecret: string | undefined): Promise<Slip> {
    const payment = await this.deps.payments.read(paymentId, { guard: provenBy(clientSecret) });
    const slip = buildSlip(payment, this.deps.names);
    if (!slip) throw new NotFound(`payment ${paymentId} has no slip: it is ${payment.status}, not succeeded`);
    return slip;
  }

  private applyStep(tx: Tx, payment: PaymentRecord, result: StepResult, now: Date): Promise<PaymentRecord> {
    const { payments } = this.deps;
    switch (result.kind) {
      case 'success':
        return payments.succeed(tx, payment, now, (draft) => {
          draft.instrument = result.instrument;
        });
      case 'decline':
        return payments.declineAttempt(tx, { ...payment, instrument: result.instrument ?? payment.instrument }, now, result);
      case 'next':
        return payments.apply(tx, payment, 'authorize_step', now, (draft) => {
          draft.auth = {
            step: result.step,
            triesLeft: result.triesLeft,
            instrumentId: result.instrumentId,
            pendingUntil: result.pendingUntil,
          };
          draft.instrument = result.instrument;
          draft.lastError = result.lastError;
        });
    }
  }

  /**
   * One checkout call's change: authenticated, lapses applied, `act`, then the view, in one unit:
   * its own (`tx` undefined: the unit is also what batches the commits of concurrent steps) or
   * the caller's.
   */
  private run(tx: Tx | undefined, paymentId: string, clientSecret: string | undefined, act: PaymentAct<PaymentRecord>): Promise<SessionView> {
    const { payments } = this.deps;
    const step: PaymentAct<SessionView> = async (payment, now, unit) => this.view(unit, await act(payment, now, unit), now);
    const options = { guard: provenBy(clientSecret) };
    return tx ? payments.changeIn(tx, paymentId, step, options) : payments.change(paymentId, step, options);
  }

  private async view(tx: Tx, payment: PaymentRecord, now: Date): Promise<SessionView> {
    const merchant = await tx.merchants.get(payment.merchantId);
    if (!merchant) throw new Error(`payment ${payment.id} belongs to unknown merchant ${payment.merchantId}`);
    return toSessionView(payment, {
      merchant,
      catalog: this.deps.catalog,
      names: this.deps.names,
      maxAttempts: this.deps.payments.timing.maxAttempts,
      now,
      returnUrl: await this.returnUrl(tx, payment),
    });
  }

  /** The one place the browser's way back to the merchant is built (signed with its webhook secret). */
  private async returnUrl(tx: Tx, payment: PaymentRecord): Promise<string | null> {
    // Only an ended payment has a way back: no secret lookup on every read before then.
    if (!isReturnStatus(payment.status)) return null;
    const dialectReturn = await this.deps.dialectReturnUrl?.(tx, payment);
    if (dialectReturn !== undefined) return dialectReturn;
    // A payment created without return URLs has nowhere to go back to: no secret to look up.
    const { success, fail, cancel } = payment.returnUrls;
    if (!success && !fail && !cancel) return null;
    const [secret] = await tx.merchants.webhookSecrets(payment.merchantId);
    if (!secret) return null;
    const params = { paymentId: payment.id, reference: payment.reference, status: payment.status };
    return buildReturnUrl(payment.returnUrls, params, secret, this.deps.clock.now());
  }
}
