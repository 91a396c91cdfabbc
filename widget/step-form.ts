import { parseCardNumber } from '../domain/card-number.js';
import { toAsciiDigits } from '../domain/digits.js';
import type { Messages } from './i18n/index.js';
import type { AuthorizeStep, NextActionType } from './session-view.js';

export type StepType = Exclude<NextActionType, 'wait'>;

/** What a submitted step form becomes: the API body, or the message for each bad field. */
export type StepReading =
  | { ok: true; step: AuthorizeStep }
  | { ok: false; errors: Record<string, string> };

/** Bangla digits to ASCII and spaces/dashes dropped, as customers type numbers. */
function typedDigits(value: string): string {
  return toAsciiDigits(value).replace(/[\s-]/g, '');
}

/** "MM/YY" from "MM/YY", "MM / YY" or "MMYY"; null when the month or shape is wrong. */
export function normalizeExpiry(value: string): string | null {
  const match = /^(0[1-9]|1[0-2])\/?(\d{2})$/.exec(typedDigits(value));
  return match ? `${match[1]}/${match[2]}` : null;
}

function readCard(form: FormData, t: Messages): StepReading {
  const errors: Record<string, string> = {};
  const text = (name: string) => String(form.get(name) ?? '');
  let brand: string | null = null;
  let number = '';
  try {
    ({ digits: number, brand } = parseCardNumber(text('cardNumber')));
  } catch {
    errors.cardNumber = t.validation.cardNumber;
  }
  const expiry = normalizeExpiry(text('expiry'));
  if (!expiry) errors.expiry = t.validation.expiry;
  const cvc = typedDigits(text('cvc'));
  if (!new RegExp(`^\\d{${brand === 'amex' ? 4 : 3}}$`).test(cvc)) errors.cvc = t.validation.cvc;
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
export function readStepForm(type: StepType, form: FormData, t: Messages): StepReading {
  switch (type) {
    case 'card':
      return readCard(form, t);
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
