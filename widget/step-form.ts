import { CARD_NUMBER_LENGTHS, cvcAccepted, parseCardNumber, type CardBrand } from '../domain/card-number.js';
import { toAsciiDigits } from '../domain/digits.js';
import type { Messages } from './i18n/index.js';
import type { AuthorizeStep, NextActionType } from './session-view.js';

export type StepType = Exclude<NextActionType, 'wait'>;

/** What a submitted step form becomes: the API body, or the message for each bad field. */
export type StepReading =
  | { ok: true; step: AuthorizeStep }
  | { ok: false; errors: Record<string, string> };

/** The payment method the step is for, as the session names it. */
export interface SelectedMethod {
  id: string;
  name: string;
}

function isCardBrand(id: string): id is CardBrand {
  return Object.hasOwn(CARD_NUMBER_LENGTHS, id);
}

/** Bangla digits to ASCII and spaces/dashes dropped, as customers type numbers. */
function typedDigits(value: string): string {
  return toAsciiDigits(value).replace(/[\s-]/g, '');
}

/** "MM/YY" from "MM/YY", "MM / YY" or "MMYY"; null when the month or shape is wrong. */
export function normalizeExpiry(value: string): string | null {
  const match = /^(0[1-9]|1[0-2])\/?(\d{2})$/.exec(typedDigits(value));
  return match ? `${match[1]}/${match[2]}` : null;
}

function readCard(form: FormData, t: Messages, method: SelectedMethod): StepReading {
  const errors: Record<string, string> = {};
  const text = (name: string) => String(form.get(name) ?? '');
  let brand: string | null = null;
  let number = '';
  try {
    ({ digits: number, brand } = parseCardNumber(text('cardNumber')));
  } catch {
    errors.cardNumber = t.validation.cardNumber;
  }
  // Card methods are named by their brand (visa, mastercard, amex, nexus): a Visa row wants a Visa card.
  if (brand && isCardBrand(method.id) && brand !== method.id) errors.cardNumber = t.validation.cardBrand(method.name);
  const expiry = normalizeExpiry(text('expiry'));
  if (!expiry) errors.expiry = t.validation.expiry;
  const cvc = typedDigits(text('cvc'));
  if (!cvcAccepted(brand, number, cvc)) errors.cvc = t.validation.cvc;
  const holder = text('holder').trim();
  if (!holder) errors.holder = t.validation.holder;
  if (Object.keys(errors).length > 0 || !expiry) return { ok: false, errors };
  return { ok: true, step: { card: { number, expiry, cvc, holder } } };
}

/** One digits-only field checked against `pattern`. */
function readDigits(
  form: FormData,
  name: string,
  pattern: RegExp,
  message: string,
  toStep: (digits: string) => AuthorizeStep,
): StepReading {
  const digits = typedDigits(String(form.get(name) ?? ''));
  return pattern.test(digits) ? { ok: true, step: toStep(digits) } : { ok: false, errors: { [name]: message } };
}

function readBankLogin(form: FormData, t: Messages): StepReading {
  const username = String(form.get('username') ?? '').trim();
  const password = String(form.get('password') ?? '');
  const errors: Record<string, string> = {};
  if (!username) errors.username = t.validation.required;
  if (!password) errors.password = t.validation.required;
  return username && password ? { ok: true, step: { username, password } } : { ok: false, errors };
}

/**
 * Reads and checks the form of one instrument step before it leaves the browser, so a typo gets
 * an instant, specific message. The server still checks everything; these checks only mirror it.
 */
export function readStepForm(type: StepType, form: FormData, t: Messages, method: SelectedMethod): StepReading {
  switch (type) {
    case 'card':
      return readCard(form, t, method);
    case 'wallet_number':
      return readDigits(form, 'walletNumber', /^01\d{9}$/, t.validation.walletNumber, (walletNumber) => ({
        walletNumber,
      }));
    case 'otp':
      return readDigits(form, 'otp', /^\d{4,8}$/, t.validation.otp, (otp) => ({ otp }));
    case 'pin':
      return readDigits(form, 'pin', /^\d{4,6}$/, t.validation.pin, (pin) => ({ pin }));
    case 'bank_login':
      return readBankLogin(form, t);
  }
}

/** The form field each API body field is typed into, for showing the server's 422 errors in place. */
const FORM_FIELD_OF: Readonly<Record<string, string>> = {
  'card.number': 'cardNumber',
  'card.expiry': 'expiry',
  'card.cvc': 'cvc',
  'card.holder': 'holder',
  walletNumber: 'walletNumber',
  otp: 'otp',
  pin: 'pin',
  username: 'username',
  password: 'password',
};

/** The server's field errors (problem+json `errors`) keyed by the form field they belong to. */
export function fieldErrorsFromProblem(
  errors: ReadonlyArray<{ field: string; message: string }> = [],
): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const error of errors) {
    const name = FORM_FIELD_OF[error.field];
    if (name && !byField[name]) byField[name] = error.message;
  }
  return byField;
}
