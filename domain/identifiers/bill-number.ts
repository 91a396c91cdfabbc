/**
 * WZPDCO's 13-digit bill number (seed 002): year YY, month MM, then the 9-digit account number.
 * Example: 2202104231245 = the bill of February 2022 for account 104231245.
 */
import { defaultCatalog, type ReferenceCatalog } from '../catalog.js';
import { normalizeDigits, requireLength } from '../digits.js';
import { ACCOUNT_NUMBER_LENGTH, parseAccountNumber, type AccountNumber } from './account-number.js';
import {
  billPeriod,
  joinParts,
  requireAccountMatch,
  toTwoDigitMonth,
  toTwoDigitYear,
  type BillPeriod,
} from './parts.js';

const FIELD = 'billNo';
const LABEL = 'the bill number';
export const BILL_NUMBER_LENGTH = 4 + ACCOUNT_NUMBER_LENGTH;

export interface BillNumber extends BillPeriod {
  /** The 13 ASCII digits. */
  value: string;
  accountNo: string;
  account: AccountNumber;
}

export interface BillNumberOptions {
  /** The account the bill is being paid for; its account part must match (rule `account_mismatch`). */
  accountNo?: string | null;
}

export function parseBillNumber(
  input: string,
  options: BillNumberOptions = {},
  catalog: ReferenceCatalog = defaultCatalog,
): BillNumber {
  const value = normalizeDigits(input, FIELD);
  requireLength(value, BILL_NUMBER_LENGTH, FIELD);
  const period = billPeriod(value.slice(0, 2), value.slice(2, 4), FIELD, LABEL);
  const accountNo = value.slice(4);
  requireAccountMatch(accountNo, options?.accountNo, ACCOUNT_NUMBER_LENGTH, FIELD, LABEL);
  return { value, ...period, accountNo, account: parseAccountNumber(accountNo, catalog) };
}

/** The canonical 13 digits of a bill number, given as text or as parsed parts (year, month, accountNo). */
export function formatBillNumber(bill: BillNumber | string): string {
  if (typeof bill === 'string') return parseBillNumber(bill).value;
  const parts = bill as Partial<BillNumber> | null | undefined;
  const digits =
    toTwoDigitYear(parts?.year, FIELD) +
    toTwoDigitMonth(parts?.month, FIELD) +
    joinParts(FIELD, [[parts?.accountNo, ACCOUNT_NUMBER_LENGTH, 'account']]);
  return parseBillNumber(digits).value;
}
