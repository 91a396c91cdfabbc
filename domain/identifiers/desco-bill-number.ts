/**
 * DESCO's 12-digit bill number, as its portal shows them (seed 000): month MM, year YY, then the
 * 8-digit account number. Example: 062212345678 = the bill of June 2022 for account 12345678.
 * Note the order: WZPDCO's bill numbers start with the year, DESCO's with the month.
 */
import { billNumberLength, readBillDigits, writeBillDigits } from './bill-layout.js';
import type { BillDigits, BillNumberLayout, BillNumberOptions } from './bill-layout.js';

export const DESCO_ACCOUNT_NUMBER_LENGTH = 8;
const LAYOUT: BillNumberLayout = { label: 'the DESCO bill number', periodOrder: 'MMYY', accountLength: DESCO_ACCOUNT_NUMBER_LENGTH };
export const DESCO_BILL_NUMBER_LENGTH = billNumberLength(LAYOUT);

export interface DescoBillNumber extends BillDigits {
  /** The 12 ASCII digits. */
  value: string;
  /** DESCO's 8-digit account number. */
  accountNo: string;
}

/** `accountNo`: the 8-digit DESCO account the bill is being paid for. */
export type DescoBillNumberOptions = BillNumberOptions;

export function parseDescoBillNumber(input: string, options: DescoBillNumberOptions = {}): DescoBillNumber {
  return readBillDigits(input, options, LAYOUT);
}

/** The canonical 12 digits of a DESCO bill number, given as text or as parsed parts (month, year, accountNo). */
export function formatDescoBillNumber(bill: DescoBillNumber | string): string {
  if (typeof bill === 'string') return parseDescoBillNumber(bill).value;
  return parseDescoBillNumber(writeBillDigits(bill, LAYOUT)).value;
}
