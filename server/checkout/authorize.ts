import { cvcAccepted, parseCardNumber } from '../../domain/card-number.js';
import { toDhakaParts } from '../../domain/dhaka-time.js';
import { toAsciiDigits } from '../../domain/digits.js';
import { DomainError } from '../../domain/errors.js';
import type { PaymentMethod, TestOutcome } from '../../domain/fixtures-schema.js';
import type { Instrument } from '../../domain/instrument.js';
import { Conflict } from '../http/problems.js';
import type { AuthStep, PaymentError, PaymentRecord } from '../payments/record.js';
import type { AuthorizeBody } from './schemas.js';
import {
  TestInstrumentBook,
  accountInstrument,
  bankInstrument,
  cardInstrument,
} from './test-instruments.js';

/**
 * One authorization step, decided: what the customer sent, checked against the step the
 * payment is on and the test instruments. Pure apart from reading the book; the checkout
 * service applies the result as a state change.
 */

export type StepResult =
  /** Another step follows (OTP after wallet number, …), possibly after a wrong entry. */
  | {
      kind: 'next';
      step: AuthStep;
      triesLeft: number | null;
      instrumentId: string | null;
      instrument: Instrument | null;
      pendingUntil: Date | null;
      lastError: PaymentError | null;
    }
  | { kind: 'success'; instrument: Instrument }
  | { kind: 'decline'; code: string; message: string; instrument: Instrument | null };

export interface AuthorizeContext {
  book: TestInstrumentBook;
  /** The selected method (its id is the card brand or the wallet provider). */
  method: PaymentMethod;
  /** The selected gateway (the bank, for internet banking). */
  gatewayId: string;
  maxTries: number;
  pendingSeconds: number;
  /** The merchant's clock now. */
  now: Date;
}

type BodyField = keyof AuthorizeBody;

const FIELDS_OF_STEP: Readonly<Record<Exclude<AuthStep, 'wait'>, readonly BodyField[]>> = {
  card: ['card'],
  wallet_number: ['walletNumber'],
  otp: ['otp'],
  pin: ['pin'],
  bank_login: ['username', 'password'],
};

const INSTRUMENTS_URL = '/api/v1/test-instruments';

const DECLINES: Readonly<Record<Exclude<TestOutcome, 'success' | 'pending_then_success'>, { code: string; message: string }>> = {
  declined: { code: 'card_declined', message: 'the payment was declined by the issuer' },
  insufficient_funds: { code: 'insufficient_funds', message: 'the account has insufficient funds' },
  expired_card: { code: 'expired_card', message: 'the card has expired' },
};

/** Checks that the body carries exactly the fields of the current step. */
function requireStepFields(step: Exclude<AuthStep, 'wait'>, body: AuthorizeBody): void {
  const expected = FIELDS_OF_STEP[step];
  const sent = (Object.keys(body) as BodyField[]).filter((field) => body[field] !== undefined);
  const extra = sent.find((field) => !expected.includes(field));
  if (extra) {
    throw new DomainError(extra, 'wrong_step', `the payment is waiting for ${expected.join(' and ')} (next action ${step}), not ${extra}`);
  }
  const missing = expected.find((field) => body[field] === undefined);
  if (missing) throw new DomainError(missing, 'required', `${missing} is required at the ${step} step`);
}

function outcomeOf(outcome: TestOutcome, instrument: Instrument, ctx: AuthorizeContext): StepResult {
  switch (outcome) {
    case 'success':
      return { kind: 'success', instrument };
    case 'pending_then_success':
      return {
        kind: 'next',
        step: 'wait',
        triesLeft: null,
        instrumentId: null,
        instrument,
        pendingUntil: new Date(ctx.now.getTime() + ctx.pendingSeconds * 1000),
        lastError: null,
      };
    default:
      return { kind: 'decline', ...DECLINES[outcome], instrument };
  }
}

/** Card expiry "MM/YY" (or "MM/YYYY"); valid through the end of that month. */
function parseExpiry(input: string): { year: number; month: number } {
  const match = /^(\d{2})\s*\/\s*(\d{2}|\d{4})$/.exec(toAsciiDigits(input.trim()));
  const month = Number(match?.[1]);
  if (!match || month < 1 || month > 12) {
    throw new DomainError('card.expiry', 'format', 'card.expiry must be MM/YY, e.g. 12/30');
  }
  const yearDigits = match[2] as string;
  return { month, year: yearDigits.length === 2 ? 2000 + Number(yearDigits) : Number(yearDigits) };
}

function isPast(expiry: { year: number; month: number }, now: Date): boolean {
  const today = toDhakaParts(now);
  return expiry.year < today.year || (expiry.year === today.year && expiry.month < today.month);
}

function cardStep(body: NonNullable<AuthorizeBody['card']>, ctx: AuthorizeContext): StepResult {
  const { digits, brand } = parseCardNumber(body.number, 'card.number');
  if (brand !== ctx.method.id) {
    throw new DomainError('card.number', 'brand_mismatch', `this is a ${brand} card, but ${ctx.method.name} was selected`);
  }
  const expiry = parseExpiry(body.expiry);
  if (!cvcAccepted(brand, digits, toAsciiDigits(body.cvc))) {
    throw new DomainError('card.cvc', 'length', `card.cvc must be ${brand === 'amex' ? 4 : 3} digits for this card`);
  }
  const card = ctx.book.card(digits);
  if (!card) {
    return {
      kind: 'decline',
      code: 'unknown_test_card',
      message: `this card is not a test card; the test cards are listed at ${INSTRUMENTS_URL}`,
      instrument: null,
    };
  }
  const instrument = cardInstrument(card);
  if (isPast(expiry, ctx.now)) return { kind: 'decline', ...DECLINES.expired_card, instrument };
  return outcomeOf(card.outcome, instrument, ctx);
}

/** "01770-618575", "+8801770618575", Bangla digits: all mean 01770618575. */
function parseWalletNumber(input: string): string {
  const compact = toAsciiDigits(input).replace(/[\s\-()]/g, '').replace(/^\+?880/, '0');
  if (!/^01[3-9][0-9]{8}$/.test(compact)) {
    throw new DomainError('walletNumber', 'format', 'walletNumber must be an 11-digit mobile number such as 01770618575');
  }
  return compact;
}

function walletStep(input: string, ctx: AuthorizeContext): StepResult {
  const walletNumber = parseWalletNumber(input);
  const key = TestInstrumentBook.accountKey(ctx.method.id, walletNumber);
  const wallet = ctx.book.account(key);
  if (!wallet) {
    return {
      kind: 'decline',
      code: 'unknown_test_account',
      message: `this ${ctx.method.name} number is not a test account; see ${INSTRUMENTS_URL}`,
      instrument: null,
    };
  }
  const kind = ctx.method.kind === 'wallet' ? 'wallet' : 'mobile_banking';
  return {
    kind: 'next',
    step: 'otp',
    triesLeft: ctx.maxTries,
    instrumentId: key,
    instrument: accountInstrument(kind, wallet),
    pendingUntil: null,
    lastError: null,
  };
}

function bankLoginStep(username: string, password: string, payment: PaymentRecord, ctx: AuthorizeContext): StepResult {
  const key = TestInstrumentBook.loginKey(ctx.gatewayId, username.trim());
  const login = ctx.book.login(key);
  if (!login || login.password !== password) {
    return wrongEntry(payment, ctx, 'invalid_login', 'the user name or password is wrong');
  }
  return {
    kind: 'next',
    step: 'otp',
    triesLeft: ctx.maxTries,
    instrumentId: key,
    instrument: bankInstrument(login),
    pendingUntil: null,
    lastError: null,
  };
}

/** A wrong OTP, PIN or login: the same step again with one try less, or the attempt fails. */
function wrongEntry(payment: PaymentRecord, ctx: AuthorizeContext, code: string, message: string): StepResult {
  const triesLeft = (payment.auth.triesLeft ?? ctx.maxTries) - 1;
  if (triesLeft <= 0) {
    return { kind: 'decline', code, message: `${message}; no tries left`, instrument: payment.instrument };
  }
  return {
    kind: 'next',
    step: payment.auth.step ?? 'otp',
    triesLeft,
    instrumentId: payment.auth.instrumentId,
    instrument: payment.instrument,
    pendingUntil: null,
    lastError: { code, message: `${message}; ${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left`, triesLeft },
  };
}

function secretStep(kind: 'otp' | 'pin', input: string, payment: PaymentRecord, ctx: AuthorizeContext): StepResult {
  const key = payment.auth.instrumentId ?? '';
  const account = ctx.book.account(key) ?? ctx.book.login(key);
  if (!account) throw new Error(`payment ${payment.id} is at the ${kind} step without an instrument`);
  const entered = toAsciiDigits(input.trim());
  const accepted = kind === 'otp' ? ctx.book.otpAccepted(entered, account.otp) : 'pin' in account && entered === account.pin;
  if (!accepted) {
    return wrongEntry(payment, ctx, `wrong_${kind}`, `the ${kind.toUpperCase()} is wrong`);
  }
  const instrument = payment.instrument as Instrument;
  // Wallets ask for the OTP, then the PIN; a bank login ends with the OTP.
  if (kind === 'otp' && 'pin' in account) {
    return { kind: 'next', step: 'pin', triesLeft: ctx.maxTries, instrumentId: key, instrument, pendingUntil: null, lastError: null };
  }
  return outcomeOf(account.outcome, instrument, ctx);
}

/**
 * Decides one authorize call. Malformed input throws DomainError (422 naming the field); a
 * payment that is waiting on its bank takes no input (409).
 */
export function decideStep(payment: PaymentRecord, body: AuthorizeBody, ctx: AuthorizeContext): StepResult {
  const step = payment.auth.step;
  if (step === null || step === 'wait') {
    throw new Conflict('the payment is pending at the bank; poll the session until it completes', {
      currentState: payment.status,
    });
  }
  requireStepFields(step, body);
  switch (step) {
    case 'card':
      return cardStep(body.card as NonNullable<AuthorizeBody['card']>, ctx);
    case 'wallet_number':
      return walletStep(body.walletNumber as string, ctx);
    case 'bank_login':
      return bankLoginStep(body.username as string, body.password as string, payment, ctx);
    case 'otp':
      return secretStep('otp', body.otp as string, payment, ctx);
    case 'pin':
      return secretStep('pin', body.pin as string, payment, ctx);
  }
}
