/**
 * The demo consumer accounts of the fixtures as the portal shows them: who the merchant is, which
 * S&D division serves the account (decoded from the account number with the codecs), and each
 * bill's status, from the fixtures' history and the portal's own record of what it has paid.
 */
import { descoOfficeForAccount } from '../../domain/catalog.js';
import type { AccountFixture, BillFixture, Fixtures, MerchantFixture } from '../../domain/fixtures-schema.js';
import { parseAccountNumber } from '../../domain/identifiers/index.js';
import type { PortalPayment } from './store.js';

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

export type BillStanding =
  /** Paid before the portal existed (the fixtures' history): no gateway slip to link. */
  | { kind: 'paid_earlier'; paidAt: string }
  /** Paid through the portal: the gateway's slip. */
  | { kind: 'paid'; payment: PortalPayment }
  | { kind: 'unpaid' };

export interface BillRow {
  serial: number;
  bill: BillFixture;
  standing: BillStanding;
}

/**
 * The account's bills as listed (newest first, as the fixtures hold them), with their standing;
 * `portalPayment` gives the portal's succeeded payment of a bill number, if any.
 */
export function billRows(account: AccountFixture, portalPayment: (billNo: string) => PortalPayment | undefined): BillRow[] {
  return account.bills.map((bill, index) => {
    const payment = portalPayment(bill.billNo);
    const standing: BillStanding = payment
      ? { kind: 'paid', payment }
      : bill.paidAt !== undefined
        ? { kind: 'paid_earlier', paidAt: bill.paidAt }
        : { kind: 'unpaid' };
    return { serial: index + 1, bill, standing };
  });
}
