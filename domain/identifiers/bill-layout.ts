/**
 * What WZPDCO's and DESCO's bill numbers share: a two-digit year and month (in either order),
 * then the account number, which must be the account the bill is paid for when that is given.
 */
import { normalizeDigits, requireLength } from '../digits.js';
import { DomainError } from '../errors.js';
import { expandTwoDigitYear, joinParts, toTwoDigitMonth, toTwoDigitYear } from './parts.js';

const FIELD = 'billNo';

export interface BillPeriod {
  year: number;
  /** 1-12 */
  month: number;
  /** "2022-02" */
  billMonth: string;
}

/** A bill number's digits and what they say, before any catalog lookup. */
export interface BillDigits extends BillPeriod {
  value: string;
  accountNo: string;
}

export interface BillNumberOptions {
  /**
   * The account the bill is being paid for; the bill's account part must match (rule
   * `account_mismatch`). Checked itself as an `accountNo` of the layout's length.
   */
  accountNo?: string | null;
}

export interface BillNumberLayout {
  /** How messages name the number: "the bill number", "the DESCO bill number". */
  label: string;
  /** WZPDCO writes the year first, DESCO the month. */
  periodOrder: 'YYMM' | 'MMYY';
  accountLength: number;
}

export function billNumberLength(layout: BillNumberLayout): number {
  return 4 + layout.accountLength;
}

function billPeriod(twoDigitYear: string, twoDigitMonth: string, label: string): BillPeriod {
  const month = Number(twoDigitMonth);
  if (month < 1 || month > 12) {
    throw new DomainError(FIELD, 'month_range', `${label} has month ${twoDigitMonth}; months run from 01 to 12`);
  }
  const year = expandTwoDigitYear(Number(twoDigitYear));
  return { year, month, billMonth: `${year}-${twoDigitMonth}` };
}

/** Checks that the account part of a bill number is the account the bill is paid for, when that is given. */
function requireAccountMatch(accountPart: string, expectedAccountNo: unknown, layout: BillNumberLayout): void {
  // null too: JSON bodies say "no account" with null.
  if (expectedAccountNo === undefined || expectedAccountNo === null) return;
  const expected = normalizeDigits(expectedAccountNo, 'accountNo');
  requireLength(expected, layout.accountLength, 'accountNo');
  if (expected !== accountPart) {
    throw new DomainError(FIELD, 'account_mismatch', `${layout.label} belongs to account ${accountPart}, not to account ${expected}`);
  }
}

/** Reads a bill number as typed (Bangla digits, grouping) under `layout`. */
export function readBillDigits(input: unknown, options: BillNumberOptions | undefined, layout: BillNumberLayout): BillDigits {
  const value = normalizeDigits(input, FIELD);
  requireLength(value, billNumberLength(layout), FIELD);
  const [first, second] = [value.slice(0, 2), value.slice(2, 4)];
  const period = layout.periodOrder === 'YYMM' ? billPeriod(first, second, layout.label) : billPeriod(second, first, layout.label);
  const accountNo = value.slice(4);
  requireAccountMatch(accountNo, options?.accountNo, layout);
  return { value, ...period, accountNo };
}

/** The digits of a bill number from its parts (year, month, accountNo); the caller parses them back to check. */
export function writeBillDigits(bill: Partial<BillDigits> | null | undefined, layout: BillNumberLayout): string {
  const year = () => toTwoDigitYear(bill?.year, FIELD);
  const month = () => toTwoDigitMonth(bill?.month, FIELD);
  // Written, and so checked, in the layout's order: the first bad part is the one reported.
  const period = layout.periodOrder === 'YYMM' ? year() + month() : month() + year();
  return period + joinParts(FIELD, { account: layout.accountLength }, { account: bill?.accountNo });
}
