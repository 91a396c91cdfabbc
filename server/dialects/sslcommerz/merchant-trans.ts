/**
 * `/validator/api/merchantTransIDvalidationAPI.php` (research 2.5 [C]): one URL, four modes,
 * chosen by which key the query carries: `refund_ref_id` (refund query), `bank_tran_id` (refund
 * initiate), `sessionkey` (one transaction, flat), `tran_id` (its transactions, as a list).
 */
import type { Merchant } from '../../payments/merchants.js';
import type { DialectContext } from '../index.js';
import { sslStatus } from './fields.js';
import { refundAnswer } from './refunds.js';
import { DIALECT, type SslcommerzSession, type SslcommerzSessionData } from './session.js';
import { ownSession, validationFields } from './validation.js';

export interface TransAnswer {
  paymentId: string | null;
  answer: Record<string, unknown>;
}

export const INVALID_REQUEST = { APIConnect: 'INVALID_REQUEST' } as const;

/**
 * A transaction as the queries show it: validated payments say VALIDATED. The payment (a lapse
 * applied first) and then its session in one unit, so the keys a lapse's success issues are in it.
 */
async function transactionOf(ctx: DialectContext, session: SslcommerzSession): Promise<Record<string, unknown> | null> {
  const seen = await ctx.payments.readWith(session.paymentId, {}, async (payment, _now, tx) => {
    const data = (await tx.dialects.session<SslcommerzSessionData>(payment.id))?.data ?? session.data;
    const fields = validationFields(ctx, payment, data);
    const validated = payment.status === 'succeeded' && data.validatedAt !== null;
    return { ...fields, status: validated ? 'VALIDATED' : sslStatus(payment.status) };
  });
  return seen?.result ?? null;
}

async function byTranId(ctx: DialectContext, merchant: Merchant, tranId: string): Promise<TransAnswer> {
  const session = await ctx.store.read((tx) => tx.dialects.sessionByReference<SslcommerzSessionData>(DIALECT, tranId, merchant.id));
  const element = session ? await transactionOf(ctx, session) : null;
  return {
    paymentId: session?.paymentId ?? null,
    answer: { APIConnect: 'DONE', no_of_trans_found: element ? 1 : 0, element: element ? [element] : [] },
  };
}

async function bySessionKey(ctx: DialectContext, merchant: Merchant, sessionkey: string): Promise<TransAnswer> {
  const session = await ctx.store.read((tx) => ownSession(tx, merchant, sessionkey));
  const transaction = session && session.data.sessionkey === sessionkey ? await transactionOf(ctx, session) : null;
  if (!session || !transaction) return { paymentId: null, answer: { APIConnect: 'DONE', status: 'INVALID_TRANSACTION', sessionkey } };
  return { paymentId: session.paymentId, answer: { APIConnect: 'DONE', ...transaction, sessionkey } };
}

export async function merchantTransaction(
  ctx: DialectContext,
  merchant: Merchant,
  params: Readonly<Record<string, string>>,
): Promise<TransAnswer> {
  if (params.refund_ref_id || params.bank_tran_id) return refundAnswer(ctx, merchant, params);
  if (params.sessionkey) return bySessionKey(ctx, merchant, params.sessionkey);
  if (params.tran_id) return byTranId(ctx, merchant, params.tran_id);
  return {
    paymentId: null,
    answer: { ...INVALID_REQUEST, errorReason: 'one of tran_id, sessionkey, bank_tran_id or refund_ref_id is required' },
  };
}
