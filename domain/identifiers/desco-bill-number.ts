/**
 * DESCO's 12-digit bill number, as its portal shows them (seed 000): month MM, year YY, then the
 * 8-digit account number. Example: 062212345678 = the bill of June 2022 for account 12345678.
 * Note the order: WZPDCO's bill numbers start with the year, DESCO's with the month.
 */
import { normalizeDigits, requireLength } from '../digits.js';
import {
  billPeriod,
  joinParts,
  requireAccountMatch,
  toTwoDigitMonth,
  toTwoDigitYear,
  type BillPeriod,
} from './parts.js';

const FIELD = 'billNo';
const LABEL = 'the DESCO bill number';
export const DESCO_ACCOUNT_NUMBER_LENGTH = 8;
export const DESCO_BILL_NUMBER_LENGTH = 4 + DESCO_ACCOUNT_NUMBER_LENGTH;

export interface DescoBillNumber extends BillPeriod {
  /** The 12 ASCII digits. */
  value: string;
  /** DESCO's 8-digit account number. */
  accountNo: string;
}

export interface DescoBillNumberOptions {
  /** The DESCO account the bill is being paid for; its account part must match (rule `account_mismatch`). */
  accountNo?: string | null;
}

export function parseDescoBillNumber(input: string, options: DescoBillNumberOptions = {}): DescoBillNumber {
  const value = normalizeDigits(input, FIELD);
  requireLength(value, DESCO_BILL_NUMBER_LENGTH, FIELD);
  const period = billPeriod(value.slice(2, 4), value.slice(0, 2), FIELD, LABEL);
  const accountNo = value.slice(4);
  requireAccountMatch(accountNo, options?.accountNo, DESCO_ACCOUNT_NUMBER_LENGTH, FIELD, LABEL);
  return { value, ...period, accountNo };
}

/** The canonical 12 digits of a DESCO bill number, given as text or as parsed parts (month, year, accountNo). */
export function formatDescoBillNumber(bill: DescoBillNumber | string): string {
  if (typeof bill === 'string') return parseDescoBillNumber(bill).value;
  const parts = bill as Partial<DescoBillNumber> | null | undefined;
  const digits =
    toTwoDigitMonth(parts?.month, FIELD) +
    toTwoDigitYear(parts?.year, FIELD) +
    joinParts(FIELD, [[parts?.accountNo, DESCO_ACCOUNT_NUMBER_LENGTH, 'account']]);
  return parseDescoBillNumber(digits).value;
}
