import type { Database } from 'better-sqlite3';
import type { Clock } from '../clock.js';
import { canTransition, IllegalTransitionError } from '../../domain/payment-state.js';
import { clientSecretMatches } from '../http/auth.js';
import { NotFound, Unauthorized } from '../http/problems.js';
import type { PaymentGuard } from '../payments/guards.js';
import { getMerchant, getMerchantSecrets } from '../payments/merchants.js';
import type { PaymentRecord } from '../payments/record.js';
import type { PaymentAct, PaymentService } from '../payments/service.js';
import { buildSlip, type Slip, type ViewNames } from '../payments/view.js';
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
  db: Database;
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
  dialectReturnUrl?(payment: PaymentRecord): string | null | undefined;
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

  /** The widget polls this: when nothing has lapsed it reads without taking the write lock. */
  session(paymentId: string, clientSecret: string | undefined): SessionView {
    const payment = this.deps.payments.read(paymentId, { guard: provenBy(clientSecret) });
    return this.view(payment, this.deps.payments.now(payment.merchantId));
  }

  select(paymentId: string, clientSecret: string | undefined, choice: { method: string; gateway: string }): SessionView {
    return this.run(paymentId, clientSecret, (payment, now) => {
      if (!canTransition(payment.status, 'select')) throw new IllegalTransitionError(payment.status, 'select');
      const { method, quote } = this.deps.catalog.quote(choice.method, choice.gateway, payment.amount, payment.lateFee);
      return this.deps.payments.apply(payment, 'select', now, (draft) => {
        draft.selection = { method: method.id, gateway: choice.gateway, quote };
        draft.lastError = null;
      });
    });
  }

  confirm(paymentId: string, clientSecret: string | undefined): SessionView {
    return this.run(paymentId, clientSecret, (payment, now) =>
      this.deps.payments.apply(payment, 'confirm', now, (draft) => {
        const method = draft.selection ? this.deps.catalog.method(draft.selection.method) : undefined;
        if (!method) throw new Error(`payment ${draft.id} is confirmed without a known selection`);
        draft.auth = { step: method.nextAction, triesLeft: null, instrumentId: null, pendingUntil: null };
        draft.lastError = null;
      }),
    );
  }

  authorize(paymentId: string, clientSecret: string | undefined, body: AuthorizeBody): SessionView {
    return this.run(paymentId, clientSecret, (payment, now) => {
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
      return this.applyStep(payment, result, now);
    });
  }

  cancel(paymentId: string, clientSecret: string | undefined): SessionView {
    return this.run(paymentId, clientSecret, (payment, now) =>
      this.deps.payments.apply(payment, 'cancel', now, (draft) => {
        draft.failureReason = 'cancelled_by_customer';
      }),
    );
  }

  /** The view as JSON text, its tabs from the catalog's cache (see sessionViewJson). */
  viewJson(view: SessionView): string {
    return sessionViewJson(view, this.deps.catalog);
  }

  slip(paymentId: string, clientSecret: string | undefined): Slip {
    const payment = this.deps.payments.read(paymentId, { guard: provenBy(clientSecret) });
    const slip = buildSlip(payment, this.deps.names);
    if (!slip) throw new NotFound(`payment ${paymentId} has no slip: it is ${payment.status}, not succeeded`);
    return slip;
  }

  private applyStep(payment: PaymentRecord, result: StepResult, now: Date): PaymentRecord {
    const { payments } = this.deps;
    switch (result.kind) {
      case 'success':
        return payments.succeed(payment, now, (draft) => {
          draft.instrument = result.instrument;
        });
      case 'decline':
        return payments.declineAttempt({ ...payment, instrument: result.instrument ?? payment.instrument }, now, result);
      case 'next':
        return payments.apply(payment, 'authorize_step', now, (draft) => {
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

  /** One checkout call's change: authenticated, lapses applied, `act`, then the view, in one transaction. */
  private run(paymentId: string, clientSecret: string | undefined, act: PaymentAct<PaymentRecord>): SessionView {
    return this.deps.payments.change(paymentId, (payment, now) => this.view(act(payment, now), now), {
      guard: provenBy(clientSecret),
    });
  }

  private view(payment: PaymentRecord, now: Date): SessionView {
    const merchant = getMerchant(this.deps.db, payment.merchantId);
    if (!merchant) throw new Error(`payment ${payment.id} belongs to unknown merchant ${payment.merchantId}`);
    return toSessionView(payment, {
      merchant,
      catalog: this.deps.catalog,
      names: this.deps.names,
      maxAttempts: this.deps.payments.timing.maxAttempts,
      now,
      returnUrl: this.returnUrl(payment),
    });
  }

  /** The one place the browser's way back to the merchant is built (signed with its webhook secret). */
  private returnUrl(payment: PaymentRecord): string | null {
    // Only an ended payment has a way back: no secret lookup on every read before then.
    if (!isReturnStatus(payment.status)) return null;
    const dialectReturn = this.deps.dialectReturnUrl?.(payment);
    if (dialectReturn !== undefined) return dialectReturn;
    // A payment created without return URLs has nowhere to go back to: no secret to look up.
    const { success, fail, cancel } = payment.returnUrls;
    if (!success && !fail && !cancel) return null;
    const [secret] = getMerchantSecrets(this.deps.db, payment.merchantId);
    if (!secret) return null;
    const params = { paymentId: payment.id, reference: payment.reference, status: payment.status };
    return buildReturnUrl(payment.returnUrls, params, secret, this.deps.clock.now());
  }
}
