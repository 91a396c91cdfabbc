/**
 * Pieces the identifier codecs share: joining parsed parts back into digits, two-digit years,
 * bill months, and the check that a bill number belongs to the account it is paid for.
 */
import { normalizeDigits, requireLength } from '../digits.js';
import { DomainError } from '../errors.js';

/** Describes any value for an error message without ever throwing (symbols, cycles, huge strings). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return value === null ? 'null' : typeof value;
}

/** The catalog names of a part, for a parse result (bnName only when the catalog has one). */
export function namesOf(entry: { name: string; bnName?: string | undefined }): { name: string; bnName?: string } {
  return entry.bnName === undefined ? { name: entry.name } : { name: entry.name, bnName: entry.bnName };
}

/** One part of a parsed identifier: its value, its exact digit count, and its name for messages. */
export type IdentifierPart = readonly [value: unknown, length: number, name: string];

/**
 * Joins the parts of a parsed identifier back into its digits. Each part must have exactly its
 * own length, so misplaced digits (circle "" with office "104") cannot pass as a valid whole.
 */
export function joinParts(field: string, parts: readonly IdentifierPart[]): string {
  return parts
    .map(([value, length, name]) => {
      if (typeof value !== 'string' || value.length !== length || !/^[0-9]*$/.test(value)) {
        const got = describeValue(value);
        throw new DomainError(field, 'format', `${field}: the ${name} part must be ${length} ASCII digit(s), got ${got}`);
      }
      return value;
    })
    .join('');
}

/**
 * Two-digit years, as bill and tracking numbers carry them: 00-69 mean 2000-2069 and 70-99 mean
 * 1970-1999 (the POSIX %y pivot). None of these systems predates 1970, and the window holds
 * until 2069.
 */
export const TWO_DIGIT_YEAR_WINDOW = { first: 1970, last: 2069 } as const;

export function expandTwoDigitYear(twoDigits: number): number {
  return twoDigits < 70 ? 2000 + twoDigits : 1900 + twoDigits;
}

/** The two digits a year is written with; years outside the window would not read back. */
export function toTwoDigitYear(year: unknown, field: string): string {
  const { first, last } = TWO_DIGIT_YEAR_WINDOW;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < first || year > last) {
    const got = describeValue(year);
    throw new DomainError(field, 'year_range', `${field}: the year must be ${first}-${last} to be written with two digits, got ${got}`);
  }
  return String(year % 100).padStart(2, '0');
}

/** A month number as two digits; the parser then decides whether it is a real month. */
export function toTwoDigitMonth(month: unknown, field: string): string {
  if (typeof month !== 'number' || !Number.isInteger(month) || month < 0 || month > 99) {
    throw new DomainError(field, 'month_range', `${field}: the month must be a whole number 1-12, got ${describeValue(month)}`);
  }
  return String(month).padStart(2, '0');
}

export interface BillPeriod {
  year: number;
  /** 1-12 */
  month: number;
  /** "2022-02" */
  billMonth: string;
}

export function billPeriod(twoDigitYear: string, twoDigitMonth: string, field: string, label: string): BillPeriod {
  const month = Number(twoDigitMonth);
  if (month < 1 || month > 12) {
    throw new DomainError(field, 'month_range', `${label} has month ${twoDigitMonth}; months run from 01 to 12`);
  }
  const year = expandTwoDigitYear(Number(twoDigitYear));
  return { year, month, billMonth: `${year}-${twoDigitMonth}` };
}

/**
 * Checks that the account part of a bill number is the account the bill is paid for, when that
 * account is given. The expected account is itself checked as an `accountNo` (digits, length).
 */
export function requireAccountMatch(
  accountPart: string,
  expectedAccountNo: unknown,
  accountLength: number,
  field: string,
  label: string,
): void {
  // null too: JSON bodies say "no account" with null.
  if (expectedAccountNo === undefined || expectedAccountNo === null) return;
  const expected = normalizeDigits(expectedAccountNo, 'accountNo');
  requireLength(expected, accountLength, 'accountNo');
  if (expected !== accountPart) {
    throw new DomainError(field, 'account_mismatch', `${label} belongs to account ${accountPart}, not to account ${expected}`);
  }
}
