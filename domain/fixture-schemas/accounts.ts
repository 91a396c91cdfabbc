/**
 * accounts.json: the customers' accounts each merchant shows, with their bills (postpaid) or
 * meter (prepaid). Whether the numbers decode under the merchant's layout is a cross-file check.
 */
import { z } from 'zod';
import { noDuplicates } from '../no-duplicates.js';
import { comment, digits, itemKeys, merchantId, mobileNumber, positiveAmountString, text } from './building-blocks.js';

const billSchema = z
  .strictObject({
    billMonth: z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM'),
    billNo: z.string().regex(/^[0-9]{12,13}$/, 'expected a 12-digit DESCO or 13-digit bill number'),
    unitsKwh: z.int().nonnegative(),
    amount: positiveAmountString,
    lastDateOfPayment: z.iso.date(),
    status: z.enum(['unpaid', 'paid']),
    paidAt: z.iso.datetime().optional(),
  })
  .refine((bill) => (bill.status === 'paid') === (bill.paidAt !== undefined), {
    path: ['paidAt'],
    message: 'a paid bill has paidAt, an unpaid bill has none',
  });

const accountSchema = z
  .strictObject({
    /** The merchant (utility portal) that shows this account. */
    merchant: merchantId,
    accountNo: z.string().regex(/^[0-9]{8,9}$/, 'expected an 8-digit DESCO or 9-digit account number'),
    kind: z.enum(['postpaid', 'prepaid']),
    meterNo: digits(12).optional(),
    consumerName: text,
    mobile: mobileNumber,
    address: text,
    loadKw: z.number().positive(),
    tariff: text,
    bills: z.array(billSchema).superRefine(noDuplicates('bill number', (b) => b.billNo, { field: 'billNo' })),
    /**
     * A bill issued every month, dated by the clock rather than the file: the portal lists the
     * last two months' (the newest within its last date of payment, the one before overdue), so
     * a demo always has a bill on time whatever the date.
     */
    monthlyBill: z.strictObject({ amount: positiveAmountString, unitsKwh: z.int().nonnegative() }).optional(),
  })
  .superRefine((account, ctx) => {
    if (account.kind === 'prepaid' && account.meterNo === undefined) {
      ctx.addIssue({ code: 'custom', path: ['meterNo'], message: 'a prepaid account needs its meter number' });
    }
    if (account.kind === 'prepaid' && (account.bills.length > 0 || account.monthlyBill !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['bills'], message: 'a prepaid account is recharged, it has no bills' });
    }
  });

export const accountsFileSchema = z
  .strictObject({
    ...comment,
    accounts: z.array(accountSchema).superRefine(noDuplicates('account', itemKeys.account)),
  })
  .transform((file) => file.accounts);

export type AccountFixture = z.output<typeof accountSchema>;
export type BillFixture = AccountFixture['bills'][number];
