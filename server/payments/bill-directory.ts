import { officeCodeOfAccount } from '../../domain/catalog.js';
import type { AccountFixture, MerchantFixture } from '../../domain/fixtures-schema.js';

/** Office code for meters the fixtures do not know: "no particular office". */
export const UNKNOWN_OFFICE_CODE = '000';

/**
 * What the fixtures' demo accounts say about bills and meters: which bills are already paid
 * (paying one again is a conflict) and which account, hence office, a prepaid meter belongs to.
 */
export class BillDirectory {
  private readonly paidBills = new Set<string>();
  private readonly meterOffices = new Map<string, string>();

  constructor(accounts: readonly AccountFixture[], merchants: readonly Pick<MerchantFixture, 'id' | 'billLayout'>[]) {
    const layouts = new Map(merchants.map((m) => [m.id, m.billLayout]));
    for (const account of accounts) {
      for (const bill of account.bills) {
        if (bill.status === 'paid') this.paidBills.add(`${account.merchant}:${bill.billNo}`);
      }
      if (account.meterNo) {
        const office = officeCodeOfAccount(account.accountNo, layouts.get(account.merchant) ?? 'standard');
        this.meterOffices.set(`${account.merchant}:${account.meterNo}`, office);
      }
    }
  }

  isPaidInFixtures(merchantId: string, billNo: string): boolean {
    return this.paidBills.has(`${merchantId}:${billNo}`);
  }

  officeOfMeter(merchantId: string, meterNo: string): string {
    return this.meterOffices.get(`${merchantId}:${meterNo}`) ?? UNKNOWN_OFFICE_CODE;
  }
}
