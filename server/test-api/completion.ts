/**
 * Headless completion (POST /api/v1/test/payments/:id/complete): drives a payment to an outcome
 * without a browser, through the very CheckoutService calls the widget makes (select, confirm,
 * then one authorize per next action, typing the test instrument's card, wallet number, OTP, PIN
 * or login), so the state changes, webhooks, tracking number and slip are the widget path's.
 * `cancelled` is the customer's Cancel; `expired` is the selection timer lapsing now, as the sweep
 * would apply it. All steps share one PaymentService `change` (one unit, the checkout's `…In(tx)`
 * calls made in it): a completion happens entirely or not at all.
 */
import { z } from 'zod';
import { toAsciiDigits } from '../../domain/digits.js';
import { DomainError } from '../../domain/errors.js';
import { TEST_OUTCOMES } from '../../domain/fixtures-schema.js';
import { canTransition, IllegalTransitionError } from '../../domain/payment-state.js';
import type { CheckoutCatalog } from '../checkout/catalog.js';
import type { AuthorizeBody, SessionView } from '../checkout/schemas.js';
import type { CheckoutService } from '../checkout/service.js';
import type { TestInstrumentBook, TestInstrumentListing } from '../checkout/test-instruments.js';
import { Conflict } from '../http/problems.js';
import { ownedBy } from '../payments/guards.js';
import type { MerchantApi } from '../payments/merchant-api.js';
import type { Merchant } from '../payments/merchants.js';
import type { PaymentRecord } from '../payments/record.js';
import { paymentViewSchema } from '../payments/schemas.js';
import type { PaymentService } from '../payments/service.js';
import type { PaymentView } from '../payments/view.js';
import type { Tx } from '../storage/port.js';

export const COMPLETION_OUTCOMES = [...TEST_OUTCOMES, 'cancelled', 'expired'] as const;
export type CompletionOutcome = (typeof COMPLETION_OUTCOMES)[number];

export const completeBody = z
  .strictObject({
    outcome: z
      .enum(COMPLETION_OUTCOMES)
      .optional()
      .describe('use a test instrument that gives this outcome (or cancel, or let the selection timer lapse)'),
    instrument: z
      .strictObject({
        cardNumber: z.string().max(40).optional(),
        walletNumber: z.string().max(20).optional(),
        username: z.string().max(100).optional().describe('an internet-banking test login'),
      })
      .optional()
      .describe('or this test instrument, one of cardNumber, walletNumber, username (see /api/v1/test-instruments)'),
    method: z.string().min(1).max(64).optional().describe('the payment method to use, e.g. "bkash"'),
    gateway: z.string().min(1).max(64).optional().describe("the gateway row (default: the method's first)"),
  })
  .meta({ id: 'TestCompletion' });
export type CompleteBody = z.output<typeof completeBody>;

export const completionResultSchema = z
  .object({
    object: z.literal('test_completion'),
    payment: paymentViewSchema,
    instrument: z
      .object({ label: z.string(), method: z.string(), gateway: z.string(), outcome: z.enum(TEST_OUTCOMES) })
      .nullable()
      .describe('the test instrument used (null for cancelled and expired)'),
    steps: z.array(z.string()).describe('the checkout calls made, in order: select, confirm, then each next action answered'),
  })
  .meta({ id: 'TestCompletionResult' });
export type CompletionResult = z.output<typeof completionResultSchema>;

export interface HeadlessCheckoutDeps {
  payments: PaymentService;
  checkout: CheckoutService;
  /** The payment's public view in a unit (MerchantApi.view). */
  merchantApi: Pick<MerchantApi, 'view'>;
  book: TestInstrumentBook;
  catalog: CheckoutCatalog;
}

/** A wallet asks wallet number, OTP, PIN; a bank login asks login, OTP; a card the card: never more. */
const MAX_STEPS = 5;

const digitsOnly = (value: string) => toAsciiDigits(value).replace(/[\s-]/g, '');

type InstrumentField = keyof NonNullable<CompleteBody['instrument']>;

/** How each field of `instrument` finds its test instrument (spaces and dashes in numbers ignored). */
const IDENTIFIES: Readonly<Record<InstrumentField, (listing: TestInstrumentListing, value: string) => boolean>> = {
  cardNumber: (listing, value) => listing.number === digitsOnly(value),
  walletNumber: (listing, value) => listing.walletNumber === digitsOnly(value),
  username: (listing, value) => listing.username === value.trim(),
};

/** What the widget would send for `action`, typed from the test instrument. */
function stepBody(action: string, listing: TestInstrumentListing): AuthorizeBody {
  const need = (value: string | undefined, field: string): string => {
    if (value === undefined) throw new Error(`test instrument "${listing.label}" has no ${field} for the ${action} step`);
    return value;
  };
  switch (action) {
    case 'card':
      return { card: { number: need(listing.number, 'number'), expiry: need(listing.expiry, 'expiry'), cvc: need(listing.cvc, 'cvc') } };
    case 'wallet_number':
      return { walletNumber: need(listing.walletNumber, 'walletNumber') };
    case 'otp':
      return { otp: need(listing.otp, 'otp') };
    case 'pin':
      return { pin: need(listing.pin, 'pin') };
    case 'bank_login':
      return { username: need(listing.username, 'username'), password: need(listing.password, 'password') };
    default:
      throw new Error(`headless completion cannot answer next action ${action}`);
  }
}

export class HeadlessCheckout {
  constructor(private readonly deps: HeadlessCheckoutDeps) {}

  complete(merchant: Merchant, paymentId: string, body: CompleteBody): Promise<CompletionResult> {
    if ((body.outcome === undefined) === (body.instrument === undefined)) {
      throw new DomainError('outcome', 'one_of', 'send either outcome or instrument');
    }
    return this.deps.payments.change(
      paymentId,
      async (payment, now, tx) => {
        const secret = payment.clientSecret;
        if (secret === null) throw new Conflict(`payment ${paymentId} was created before headless completion existed`);
        if (body.outcome === 'cancelled') {
          await this.deps.checkout.cancelIn(tx, paymentId, secret);
          return this.result(tx, paymentId, null, ['cancel']);
        }
        if (body.outcome === 'expired') {
          await this.expireNow(tx, payment);
          return this.result(tx, paymentId, null, ['expire']);
        }
        // On the merchant's clock: the card expiries to type are relative to it.
        const listings = this.deps.book.list(this.deps.catalog, now);
        const listing = this.pickInstrument(listings, body);
        const gateway = body.gateway ?? this.defaultGateway(listing);
        const steps = await this.pay(tx, payment, secret, listing, gateway);
        const instrument = { label: listing.label, method: listing.method, gateway, outcome: listing.outcome };
        return this.result(tx, paymentId, instrument, steps);
      },
      { guard: ownedBy(merchant) },
    );
  }

  /** select, confirm, then each next action until the attempt ends (or waits at the bank), all in the unit `tx`. */
  private async pay(tx: Tx, payment: PaymentRecord, secret: string, listing: TestInstrumentListing, gateway: string): Promise<string[]> {
    if (!canTransition(payment.status, 'select')) throw new IllegalTransitionError(payment.status, 'select');
    const { checkout } = this.deps;
    await checkout.selectIn(tx, payment.id, secret, { method: listing.method, gateway });
    let view: SessionView = await checkout.confirmIn(tx, payment.id, secret);
    const steps = ['select', 'confirm'];
    for (let step = 0; step < MAX_STEPS && view.status === 'authorizing'; step += 1) {
      const action = view.nextAction?.type;
      if (action === undefined || action === 'wait') break;
      view = await checkout.authorizeIn(tx, payment.id, secret, stepBody(action, listing));
      steps.push(action);
    }
    return steps;
  }

  /** The selection timer lapsing now: the same change the sweep applies at a deadline. */
  private async expireNow(tx: Tx, payment: PaymentRecord): Promise<void> {
    if (!canTransition(payment.status, 'expire')) throw new IllegalTransitionError(payment.status, 'expire');
    await this.deps.payments.changeIn(tx, payment.id, (expired) => expired, { lapseNow: true });
  }

  private pickInstrument(listings: readonly TestInstrumentListing[], body: CompleteBody): TestInstrumentListing {
    const ofMethod = (listing: TestInstrumentListing) => body.method === undefined || listing.method === body.method;
    if (body.outcome !== undefined) {
      const found = listings.find((listing) => listing.outcome === body.outcome && ofMethod(listing));
      if (!found) {
        throw new DomainError('method', 'no_instrument', `no test instrument of method "${body.method}" gives ${body.outcome}; see /api/v1/test-instruments`);
      }
      return found;
    }
    const given = Object.entries(body.instrument ?? {}).filter(([, value]) => value !== undefined);
    if (given.length !== 1) {
      throw new DomainError('instrument', 'one_of', 'instrument needs exactly one of cardNumber, walletNumber, username');
    }
    const [field, value] = given[0] as [InstrumentField, string];
    const found = listings.find((listing) => IDENTIFIES[field](listing, value) && ofMethod(listing));
    if (!found) {
      const of = body.method === undefined ? '' : ` of method "${body.method}"`;
      throw new DomainError(`instrument.${field}`, 'unknown', `no test instrument${of} has this ${field}; see /api/v1/test-instruments`);
    }
    return found;
  }

  private defaultGateway(listing: TestInstrumentListing): string {
    const method = this.deps.catalog.method(listing.method);
    const first = method?.gateways[0]?.gateway;
    if (!first) throw new Error(`test instrument "${listing.label}" names method ${listing.method}, which the checkout does not offer`);
    return first;
  }

  /** The payment as the merchant API shows it after the steps, read in the same unit. */
  private async result(tx: Tx, paymentId: string, instrument: CompletionResult['instrument'], steps: string[]): Promise<CompletionResult> {
    const record = await this.deps.payments.readIn(tx, paymentId);
    if (!record) throw new Error(`payment ${paymentId} went away during its completion`);
    const payment: PaymentView = await this.deps.merchantApi.view(tx, record);
    return { object: 'test_completion', payment, instrument, steps };
  }
}
