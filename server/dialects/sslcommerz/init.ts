/**
 * `POST /gwprocess/v4/api.php` (research 2.1): a session is a payment of purpose `order`
 * created by the merchant API (reference = `tran_id`, amount = `total_amount`, the merchant's
 * office code), with its dialect session written in the same unit. The answer is the real
 * one's shape (answer.ts); a request it refuses is `FAILED` with a `failedreason`, HTTP 200.
 */
import { DomainError } from '../../../domain/errors.js';
import { formatAmount, parseAmount } from '../../../domain/money.js';
import type { Merchant } from '../../payments/merchants.js';
import { ApiProblem, Conflict } from '../../http/problems.js';
import type { JsonText } from '../../http/send-json.js';
import type { DialectContext } from '../index.js';
import { paymentKeyOf } from '../sessions.js';
import { initAnswerText } from './answer.js';
import { DIALECT, type SslcommerzSessionData } from './session.js';

/** The docs' mandatory fields [C] but `num_of_item`, which the official client's own README example leaves out. */
export const MANDATORY_FIELDS = [
  'total_amount',
  'currency',
  'tran_id',
  'product_category',
  'success_url',
  'fail_url',
  'cancel_url',
  'cus_name',
  'cus_email',
  'cus_add1',
  'cus_city',
  'cus_postcode',
  'cus_country',
  'cus_phone',
  'shipping_method',
  'product_name',
  'product_profile',
] as const;

export const MIN_AMOUNT = '10.00';
export const MAX_AMOUNT = '500000.00';
/** The limits as Decimals once, not parsed again by every comparison. */
const [MIN_DECIMAL, MAX_DECIMAL] = [parseAmount(MIN_AMOUNT, 'MIN_AMOUNT'), parseAmount(MAX_AMOUNT, 'MAX_AMOUNT')];
const MAX_TRAN_ID_LENGTH = 30;

/** The real gateway's words for wrong store credentials [I: the Laravel library matches "Store Credential"]. */
export const CREDENTIAL_ERROR = 'Store Credential Error Or Store is De-active';

/** A request refused in SSLCommerz's words. */
export class InitRefused extends Error {
  override readonly name = 'InitRefused';
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** The checks of the fields, in the order a merchant fixes them; throws InitRefused. */
function checkFields(fields: Readonly<Record<string, string>>): { amount: string; currency: string } {
  const missing = MANDATORY_FIELDS.filter((name) => !fields[name]);
  if (missing.length > 0) {
    throw new InitRefused(`Missing mandatory field${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  }
  const tranId = fields.tran_id as string;
  if (tranId.length > MAX_TRAN_ID_LENGTH) {
    throw new InitRefused(`Invalid tran_id: at most ${MAX_TRAN_ID_LENGTH} characters`);
  }
  const currency = (fields.currency as string).toUpperCase();
  if (currency !== 'BDT') {
    throw new InitRefused(`Invalid currency: ${fields.currency} (the simulator takes BDT only)`);
  }
  let amount;
  try {
    amount = parseAmount(fields.total_amount, 'total_amount');
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new InitRefused(`Invalid total_amount: ${error.message}`);
  }
  if (amount.lt(MIN_DECIMAL) || amount.gt(MAX_DECIMAL)) {
    throw new InitRefused(`Invalid total_amount: must be between ${MIN_AMOUNT} and ${MAX_AMOUNT} BDT`);
  }
  for (const name of ['success_url', 'fail_url', 'cancel_url', 'ipn_url'] as const) {
    const url = fields[name];
    if (url && !isHttpUrl(url)) throw new InitRefused(`Invalid ${name}: an http(s) URL is required`);
  }
  return { amount: formatAmount(amount), currency };
}

/**
 * Creates the session for an authenticated store. `fields` has no empty values. Resolves with
 * the payment id and the answer, or rejects with InitRefused.
 */
export async function createSession(
  ctx: DialectContext,
  merchant: Merchant,
  storeId: string,
  fields: Readonly<Record<string, string>>,
  baseUrl: string,
): Promise<{ paymentId: string; answer: JsonText }> {
  const { amount, currency } = checkFields(fields);
  const sessionData = (sessionkey: string): SslcommerzSessionData => ({
    sessionkey,
    storeId,
    totalAmount: amount,
    currency,
    urls: {
      success: fields.success_url as string,
      fail: fields.fail_url as string,
      cancel: fields.cancel_url as string,
      ipn: fields.ipn_url ?? null,
    },
    values: {
      value_a: fields.value_a ?? '',
      value_b: fields.value_b ?? '',
      value_c: fields.value_c ?? '',
      value_d: fields.value_d ?? '',
    },
    valId: null,
    bankTranId: null,
    validatedAt: null,
  });
  const body = {
    purpose: 'order' as const,
    reference: fields.tran_id as string,
    amount,
    officeCode: merchant.officeCode,
    customer: { name: fields.cus_name, mobile: fields.cus_phone, email: fields.cus_email },
  };
  let paymentId: string;
  let sessionkey: string;
  try {
    // One unit: the payment and its session (creates arriving together share a commit on SQLite).
    ({ paymentId, sessionkey } = await ctx.merchantApi.createForDialect(merchant, { body, baseUrl }, async ({ payment }, tx) => {
      // 32 upper-case hex digits like the gateway's, naming the payment: it needs no key row.
      const key = paymentKeyOf(payment.id);
      await tx.dialects.insertSession(
        {
          paymentId: payment.id,
          merchantId: merchant.id,
          dialect: DIALECT,
          reference: payment.reference,
          data: sessionData(key),
          createdAt: payment.createdAt,
        },
        [],
      );
      return { paymentId: payment.id, sessionkey: key };
    }));
  } catch (error) {
    if (error instanceof Conflict) throw new InitRefused(`Duplicate tran_id: ${body.reference} is already used`);
    if (error instanceof DomainError) throw new InitRefused(`Invalid ${error.field}: ${error.message}`);
    if (error instanceof ApiProblem && error.status < 500) throw new InitRefused(error.message);
    throw error;
  }
  return { paymentId, answer: initAnswerText(ctx.catalog, { baseUrl, sessionkey, amount, storeName: merchant.shortName }) };
}
