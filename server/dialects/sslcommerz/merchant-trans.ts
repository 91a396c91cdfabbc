/**
 * `/validator/api/merchantTransIDvalidationAPI.php` (research 2.5 [C]): one URL, four modes,
 * chosen by which key the query carries: `refund_ref_id` (refund query), `bank_tran_id` (refund
 * initiate), `sessionkey` (one transaction, flat), `tran_id` (its transactions, as a list).
 */
import type { Merchant } from '../../payments/merchants.js';
import type { DialectContext } from '../index.js';
import { findDialectSessionByReference } from '../sessions.js';
import { sslStatus } from './fields.js';
import { refundAnswer } from './refunds.js';
import { DIALECT, type SslcommerzSession, type SslcommerzSessionData } from './session.js';
import { ownSession, validationFields } from './validation.js';

export interface TransAnswer {
  paymentId: string | null;
  answer: Record<string, unknown>;
}

export const INVALID_REQUEST = { APIConnect: 'INVALID_REQUEST' } as const;

/** A transaction as the queries show it: validated payments say VALIDATED. */
function transactionOf(ctx: DialectContext, session: SslcommerzSession): Record<string, unknown> | null {
  const payment = ctx.payments.read(session.paymentId);
  if (!payment) return null;
  const fields = validationFields(ctx, payment, session.data);
  const validated = payment.status === 'succeeded' && session.data.validatedAt !== null;
  return { ...fields, status: validated ? 'VALIDATED' : sslStatus(payment.status) };
}

function byTranId(ctx: DialectContext, merchant: Merchant, tranId: string): TransAnswer {
  const session = findDialectSessionByReference<SslcommerzSessionData>(ctx.db, DIALECT, tranId, merchant.id);
  const element = session ? transactionOf(ctx, session) : null;
  return {
    paymentId: session?.paymentId ?? null,
    answer: { APIConnect: 'DONE', no_of_trans_found: element ? 1 : 0, element: element ? [element] : [] },
  };
}

function bySessionKey(ctx: DialectContext, merchant: Merchant, sessionkey: string): TransAnswer {
  const session = ownSession(ctx, merchant, sessionkey);
  const transaction = session && session.data.sessionkey === sessionkey ? transactionOf(ctx, session) : null;
  if (!session || !transaction) return { paymentId: null, answer: { APIConnect: 'DONE', status: 'INVALID_TRANSACTION', sessionkey } };
  return { paymentId: session.paymentId, answer: { APIConnect: 'DONE', ...transaction, sessionkey } };
}

export function merchantTransaction(ctx: DialectContext, merchant: Merchant, params: Readonly<Record<string, string>>): TransAnswer {
  if (params.refund_ref_id || params.bank_tran_id) return refundAnswer(ctx, merchant, params);
  if (params.sessionkey) return bySessionKey(ctx, merchant, params.sessionkey);
  if (params.tran_id) return byTranId(ctx, merchant, params.tran_id);
  return {
    paymentId: null,
    answer: { ...INVALID_REQUEST, errorReason: 'one of tran_id, sessionkey, bank_tran_id or refund_ref_id is required' },
  };
}
