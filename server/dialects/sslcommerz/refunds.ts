/**
 * Refund initiate and refund query of the merchant-transaction API (research 2.5 [C]), over the
 * core refund service (server/refunds/): the refund's outcome is the merchant's test control
 * (`PUT /api/v1/test/refunds/outcome`: instant, pending_then_success, failed), as for native
 * refunds. Initiate answers `success` (refunded at once), `processing` (pending) or `failed`;
 * the query answers `refunded`, `processing` or `cancelled` (a failed refund) [G: the mapping].
 */
import { formatDhakaDateTime } from '../../../domain/dhaka-time.js';
import { ApiProblem } from '../../http/problems.js';
import type { Merchant } from '../../payments/merchants.js';
import type { RefundView } from '../../refunds/service.js';
import type { DialectContext } from '../index.js';
import type { TransAnswer } from './merchant-trans.js';
import type { SslcommerzSessionData } from './session.js';
import { ownSession } from './validation.js';

const INITIATE_STATUS: Readonly<Record<RefundView['status'], string>> = {
  succeeded: 'success',
  pending: 'processing',
  failed: 'failed',
};

const QUERY_STATUS: Readonly<Record<RefundView['status'], string>> = {
  succeeded: 'refunded',
  pending: 'processing',
  failed: 'cancelled',
};

const dhaka = (iso: string | null) => (iso === null ? '' : formatDhakaDateTime(new Date(iso)));

async function initiate(ctx: DialectContext, merchant: Merchant, params: Readonly<Record<string, string>>): Promise<TransAnswer> {
  const bankTranId = params.bank_tran_id as string;
  const session = await ctx.store.read((tx) => ownSession(tx, merchant, bankTranId));
  const refused = (errorReason: string, tranId = '') => ({
    paymentId: session?.paymentId ?? null,
    answer: { APIConnect: 'DONE', bank_tran_id: bankTranId, trans_id: tranId, refund_ref_id: '', status: 'failed', errorReason },
  });
  if (!params.refund_amount) return { paymentId: null, answer: { APIConnect: 'INVALID_REQUEST', errorReason: 'refund_amount is required' } };
  if (!session || session.data.bankTranId !== bankTranId) return refused('Invalid bank_tran_id: no paid transaction of this store has it');
  let refund: RefundView;
  try {
    refund = await ctx.refunds.create(
      merchant,
      session.paymentId,
      { amount: params.refund_amount, reason: params.refund_remarks ?? null },
      // The merchant's refund reference makes a repeated request answer the same refund.
      { idempotencyKey: params.refe_id ? `sslcommerz-refund:${params.refe_id}` : undefined },
    );
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500) return refused(error.message, session.reference);
    throw error;
  }
  return {
    paymentId: session.paymentId,
    answer: {
      APIConnect: 'DONE',
      bank_tran_id: bankTranId,
      trans_id: session.reference,
      refund_ref_id: refund.id,
      status: INITIATE_STATUS[refund.status],
      errorReason: refund.failureReason ?? '',
    },
  };
}

async function query(ctx: DialectContext, merchant: Merchant, refundRefId: string): Promise<TransAnswer> {
  let refund: RefundView;
  try {
    refund = await ctx.refunds.get(merchant, refundRefId);
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) {
      return { paymentId: null, answer: { APIConnect: 'INVALID_REQUEST', refund_ref_id: refundRefId, errorReason: 'Invalid refund_ref_id' } };
    }
    throw error;
  }
  const session = await ctx.store.read((tx) => tx.dialects.session<SslcommerzSessionData>(refund.paymentId));
  return {
    paymentId: refund.paymentId,
    answer: {
      APIConnect: 'DONE',
      bank_tran_id: session?.data.bankTranId ?? '',
      tran_id: session?.reference ?? '',
      refund_ref_id: refund.id,
      initiated_on: dhaka(refund.createdAt),
      refunded_on: refund.status === 'succeeded' ? dhaka(refund.completedAt) : '',
      status: QUERY_STATUS[refund.status],
      errorReason: refund.failureReason ?? '',
    },
  };
}

export function refundAnswer(ctx: DialectContext, merchant: Merchant, params: Readonly<Record<string, string>>): Promise<TransAnswer> {
  return params.refund_ref_id ? query(ctx, merchant, params.refund_ref_id) : initiate(ctx, merchant, params);
}
