/**
 * The demo consumer accounts of the fixtures as the portal shows them: who the merchant is, which
 * S&D division serves the account (decoded from the account number with the codecs), and each
 * bill's status, from the fixtures' history and the portal's own record of what it has paid.
 */
import { descoOfficeForAccount } from '../../domain/catalog.js';
import type { AccountFixture, BillFixture, Fixtures, MerchantFixture } from '../../domain/fixtures-schema.js';
import { parseAccountNumber } from '../../domain/identifiers/index.js';
import { daysInMonth, toDhakaParts } from '../../domain/dhaka-time.js';
import type { SlipLinks } from './gateway-client.js';

export interface Named {
  name: string;
  bnName?: string | undefined;
}

/** The S&D division (sales and distribution office) an account number names, if the catalog knows it. */
export function salesDivision(account: AccountFixture, merchant: MerchantFixture): Named | null {
  if (merchant.billLayout === 'desco') return descoOfficeForAccount(account.accountNo) ?? null;
  const office = parseAccountNumber(account.accountNo).office;
  return office.name === undefined ? null : { name: office.name, bnName: office.bnName };
}

export function findMerchant(fixtures: Fixtures, merchantId: string): MerchantFixture | undefined {
  return fixtures.merchants.find((m) => m.id === merchantId);
}

export function findAccount(fixtures: Fixtures, merchantId: string, accountNo: string): AccountFixture | undefined {
  return fixtures.accounts.find((a) => a.merchant === merchantId && a.accountNo === accountNo);
}

/** The fixtures account whose prepaid meter this is (for the consumer's name), if any. */
export function findMeterAccount(fixtures: Fixtures, meterNo: string): AccountFixture | undefined {
  return fixtures.accounts.find((a) => a.meterNo === meterNo);
}

/** How many of a `monthlyBill`'s months the portal lists: this month's bill (on time) and last month's (overdue). */
export const MONTHLY_BILLS_LISTED = 2;

/**
 * The account's bills on `today` (the merchant's clock), newest first: the bills its
 * `monthlyBill` issued in the last MONTHLY_BILLS_LISTED months, then the fixtures' own. The bill
 * of month M is numbered as the merchant's layout writes it (DESCO MMYY + account, others
 * YYMM + account) and is due on the last day of month M + 1.
 */
export function billsOn(account: AccountFixture, merchant: MerchantFixture, today: Date): BillFixture[] {
  const monthly = account.monthlyBill;
  if (!monthly) return account.bills;
  const { year, month } = toDhakaParts(today);
  const issued = Array.from({ length: MONTHLY_BILLS_LISTED }, (_, index) => {
    // Month numbers counted from year 0, so that stepping back across January is plain arithmetic.
    const monthIndex = year * 12 + (month - 1) - (index + 1);
    const billYear = Math.floor(monthIndex / 12);
    const billMonth = (monthIndex % 12) + 1;
    const dueYear = Math.floor((monthIndex + 1) / 12);
    const dueMonth = ((monthIndex + 1) % 12) + 1;
    const mm = String(billMonth).padStart(2, '0');
    const yy = String(billYear % 100).padStart(2, '0');
    const bill: BillFixture = {
      billMonth: `${billYear}-${mm}`,
      billNo: merchant.billLayout === 'desco' ? `${mm}${yy}${account.accountNo}` : `${yy}${mm}${account.accountNo}`,
      unitsKwh: monthly.unitsKwh,
      amount: monthly.amount,
      lastDateOfPayment: `${dueYear}-${String(dueMonth).padStart(2, '0')}-${String(daysInMonth(dueYear, dueMonth)).padStart(2, '0')}`,
      status: 'unpaid',
    };
    return bill;
  });
  const listed = new Set(account.bills.map((b) => b.billNo));
  return [...issued.filter((b) => !listed.has(b.billNo)), ...account.bills];
}

/** What the list needs of a payment that paid a bill: the gateway's slip, if it issued one. */
export interface BillPayment {
  slip: SlipLinks | null;
  trackingNumber: string | null;
}

export type BillStanding =
  /** Paid before the portal existed (the fixtures' history): the portal's own record of it. */
  | { kind: 'paid_earlier'; paidAt: string }
  /** Paid through the gateway, by the portal or any other channel: the gateway's slip. */
  | { kind: 'paid'; payment: BillPayment }
  | { kind: 'unpaid' };

export interface BillRow {
  serial: number;
  bill: BillFixture;
  standing: BillStanding;
}

/** The bills as listed (newest first), with their standing; `paidThroughGateway` gives a bill's succeeded payment, if any. */
export function billRows(bills: readonly BillFixture[], paidThroughGateway: (billNo: string) => BillPayment | undefined): BillRow[] {
  return bills.map((bill, index) => {
    const payment = paidThroughGateway(bill.billNo);
    const standing: BillStanding = payment
      ? { kind: 'paid', payment }
      : bill.paidAt !== undefined
        ? { kind: 'paid_earlier', paidAt: bill.paidAt }
        : { kind: 'unpaid' };
    return { serial: index + 1, bill, standing };
  });
}
