/**
 * What the per-file fixture schemas are built from: texts and names, digit strings, ids, amounts
 * and percentages as exact decimal strings, and the keys that identify the items of each list.
 */
import type { Decimal } from 'decimal.js';
import { z } from 'zod';
import { catchDomainError, isDomainError } from '../errors.js';
import { formatAmount, parseAmount, parsePercent } from '../money.js';

/** Every file may carry a `$comment` explaining its data; the schemas drop it. */
export const comment = { $comment: z.string().optional() };
export const text = z.string().min(1);
export const names = { name: text, bnName: text };
export const digits = (length: number) => z.string().regex(new RegExp(`^[0-9]{${length}}$`), `expected ${length} digits`);

export const gatewayId = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected an upper-case gateway id such as "EBL"');
const lowerCaseId = (example: string) => z.string().regex(/^[a-z][a-z0-9_]*$/, `expected a lower-case id such as "${example}"`);
export const methodId = lowerCaseId('visa');
export const merchantId = lowerCaseId('desco');
export const mobileNumber = z.string().regex(/^01[3-9][0-9]{8}$/, 'expected an 11-digit Bangladeshi mobile number such as "01770618575"');
export const otp = digits(6);
export const pin = z.string().regex(/^[0-9]{4,5}$/, 'expected a 4- or 5-digit PIN');

/**
 * A decimal string `parse` accepts, passed on as `normalize` writes it (amounts become "11.00");
 * the DomainError message of a refused value becomes the issue.
 */
function decimalString(parse: (value: string, field: string) => Decimal, what: string, normalize: (value: Decimal) => string) {
  return z.string().transform((value, ctx) => {
    const parsed = catchDomainError(() => parse(value, what));
    if (!isDomainError(parsed)) return normalize(parsed);
    ctx.addIssue({ code: 'custom', message: `expected a decimal string: ${parsed.message}` });
    return z.NEVER;
  });
}

export const amountString = decimalString((value, field) => parseAmount(value, field, { allowZero: true }), 'amount', formatAmount);
export const positiveAmountString = decimalString((value, field) => parseAmount(value, field), 'amount', formatAmount);
// Percentages stay exact, in their shortest plain form ("1.10" → "1.1").
export const percentString = decimalString(parsePercent, 'percent', (value) => value.toFixed());

/** For cross-field checks, which zod runs even when a field failed its own check. */
export function validAmountOrUndefined(value: string | undefined): Decimal | undefined {
  if (value === undefined) return undefined;
  const amount = catchDomainError(() => parseAmount(value, 'amount', { allowZero: true }));
  return isDomainError(amount) ? undefined : amount;
}

/**
 * What identifies an item of each keyed list: duplicates are refused, and an override folder's
 * item replaces the default item with the same key (server/fixtures/load.ts).
 */
export const itemKeys = {
  gateway: (gateway: { id: string }) => gateway.id,
  merchant: (merchant: { id: string }) => merchant.id,
  account: (account: { merchant: string; accountNo: string }) => `${account.merchant} ${account.accountNo}`,
  card: (card: { number: string }) => card.number,
  wallet: (wallet: { provider: string; walletNumber: string }) => `${wallet.provider} ${wallet.walletNumber}`,
  bankLogin: (login: { bank: string; username: string }) => `${login.bank} ${login.username}`,
};
