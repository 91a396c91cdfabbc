import { DomainError } from './errors.js';

const BANGLA_ZERO = 0x09e6; // '০'

/** Replaces Bangla digits (০-৯) with ASCII digits; leaves everything else alone. */
export function toAsciiDigits(input: string): string {
  return input.replace(/[\u09E6-\u09EF]/g, (d) => String(d.charCodeAt(0) - BANGLA_ZERO));
}

/** Replaces ASCII digits with Bangla digits, for display in the `bn` locale. */
export function toBanglaDigits(input: string): string {
  return input.replace(/[0-9]/g, (d) => String.fromCharCode(BANGLA_ZERO + Number(d)));
}

/**
 * Normalises a numeric identifier as people type it: Bangla digits become ASCII, and spaces and
 * dashes used for grouping are dropped. Anything else that is not a digit is an error naming
 * `field`, so "12a4" never silently becomes "124".
 */
export function normalizeDigits(input: unknown, field: string): string {
  if (typeof input !== 'string') {
    throw new DomainError(field, 'type', `${field} must be a string of digits`);
  }
  const compact = toAsciiDigits(input).replace(/[\s\-\u2010-\u2015]/g, '');
  if (compact.length === 0) {
    throw new DomainError(field, 'required', `${field} is empty`);
  }
  const bad = compact.match(/[^0-9]/);
  if (bad) {
    throw new DomainError(field, 'digits', `${field} may contain only digits, found "${bad[0]}"`);
  }
  return compact;
}

/** Checks the exact length of an already-normalised digit string. */
export function requireLength(digits: string, length: number, field: string): void {
  if (digits.length !== length) {
    throw new DomainError(
      field,
      'length',
      `${field} must have ${length} digits, got ${digits.length}`,
    );
  }
}

/**
 * An amount string ("100000.00") grouped as Bangladesh writes it: the last three digits of the
 * whole part, then groups of two (thousand, lakh, crore): "1,00,000.00", "12,34,567.50", "11.00".
 * Digits only change place, so it suits Bangla digits after toBanglaDigits as well.
 */
export function groupLakh(amount: string): string {
  const match = /^(-?)(\d+)((?:\.\d+)?)$/.exec(amount);
  if (!match) throw new RangeError(`groupLakh: "${amount}" is not a plain decimal amount`);
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole.length <= 3) return amount;
  const head = whole.slice(0, -3).replace(/\B(?=(\d{2})+$)/g, ',');
  return `${sign}${head},${whole.slice(-3)}${fraction}`;
}
