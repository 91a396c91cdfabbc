/**
 * `/validator/api/validationserverAPI.php?val_id=&store_id=&store_passwd=&v=1&format=json`
 * (research 2.4 [C]): `VALID` the first time a paid transaction's val_id is validated,
 * `VALIDATED` after that, `INVALID_TRANSACTION` for a val_id this store does not have.
 */
import type { Merchant } from '../../payments/merchants.js';
import type { PaymentRecord } from '../../payments/record.js';
import type { Tx } from '../../storage/port.js';
import type { DialectContext } from '../index.js';
import { formatDhakaDateTime } from '../../../domain/dhaka-time.js';
import { cardCategory, transactionFields } from './fields.js';
import { DIALECT, type SslcommerzSession, type SslcommerzSessionData } from './session.js';

/** The session a gateway key (session key, val_id, bank_tran_id) names, if it is this store's; read in the caller's unit. */
export async function ownSession(tx: Tx, merchant: Merchant, key: string): Promise<SslcommerzSession | null> {
  const session = await tx.dialects.sessionByKey<SslcommerzSessionData>(DIALECT, key);
  return session && session.merchantId === merchant.id ? session : null;
}

/** The fields of a transaction with the validation extras (research 2.4), status as given. */
export function validationFields(
  ctx: DialectContext,
  payment: PaymentRecord,
  data: SslcommerzSessionData,
): Record<string, unknown> {
  return {
    ...transactionFields(payment, data, ctx.names),
    card_category: cardCategory(payment, ctx.names),
    emi_instalment: '0',
    emi_amount: '0.00',
    emi_description: '',
    emi_issuer: '',
    account_details: '',
    discount_percentage: '0',
    discount_remarks: '',
    gw_version: '',
    offer_avail: 0,
    card_ref_id: '',
    isTokeizeSuccess: 0,
    campaign_code: '',
  };
}

export async function validate(
  ctx: DialectContext,
  merchant: Merchant,
  valId: string,
): Promise<{ paymentId: string | null; answer: Record<string, unknown> }> {
  const invalid = { paymentId: null, answer: { status: 'INVALID_TRANSACTION', APIConnect: 'DONE', val_id: valId } };
  const session = await ctx.store.read((tx) => ownSession(tx, merchant, valId));
  // A session key or bank_tran_id is not a val_id.
  if (!session || session.data.valId !== valId) return invalid;
  // The payment's lock orders racing validations: the first one marks the session VALID.
  return ctx.payments.change(session.paymentId, async (payment, now, tx) => {
    const data = (await tx.dialects.sessionByKey<SslcommerzSessionData>(DIALECT, valId))?.data;
    if (!data || payment.status !== 'succeeded') return invalid;
    const first = data.validatedAt === null;
    const validatedAt = first ? now : new Date(data.validatedAt as string);
    if (first) await tx.dialects.updateSessionData(payment.id, { ...data, validatedAt: validatedAt.toISOString() });
    return {
      paymentId: payment.id,
      answer: {
        ...validationFields(ctx, payment, data),
        status: first ? 'VALID' : 'VALIDATED',
        APIConnect: 'DONE',
        validated_on: formatDhakaDateTime(validatedAt),
      },
    };
  });
}
