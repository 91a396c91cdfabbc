/**
 * WZPDCO's 13-digit bill number (seed 002): year YY, month MM, then the 9-digit account number.
 * Example: 2202104231245 = the bill of February 2022 for account 104231245.
 */
import { defaultCatalog, type ReferenceCatalog } from '../catalog.js';
import { ACCOUNT_NUMBER_LENGTH, parseAccountNumber, type AccountNumber } from './account-number.js';
import { billNumberLength, readBillDigits, writeBillDigits } from './bill-layout.js';
import type { BillDigits, BillNumberLayout, BillNumberOptions } from './bill-layout.js';

export type { BillNumberOptions };

const LAYOUT: BillNumberLayout = { label: 'the bill number', periodOrder: 'YYMM', accountLength: ACCOUNT_NUMBER_LENGTH };
export const BILL_NUMBER_LENGTH = billNumberLength(LAYOUT);

export interface BillNumber extends BillDigits {
  /** The 13 ASCII digits. */
  value: string;
  account: AccountNumber;
}

export function parseBillNumber(
  input: string,
  options: BillNumberOptions = {},
  catalog: ReferenceCatalog = defaultCatalog,
): BillNumber {
  const bill = readBillDigits(input, options, LAYOUT);
  return { ...bill, account: parseAccountNumber(bill.accountNo, catalog) };
}

/** The canonical 13 digits of a bill number, given as text or as parsed parts (year, month, accountNo). */
export function formatBillNumber(bill: BillNumber | string): string {
  if (typeof bill === 'string') return parseBillNumber(bill).value;
  return parseBillNumber(writeBillDigits(bill, LAYOUT)).value;
}
