/**
 * Refund initiate and refund query of the merchant-transaction API (research 2.5), over the core
 * refund service. (Wired once the core refund service is in.)
 */
import type { Merchant } from '../../payments/merchants.js';
import type { DialectContext } from '../index.js';
import type { TransAnswer } from './merchant-trans.js';

export async function refundAnswer(
  _ctx: DialectContext,
  _merchant: Merchant,
  _params: Readonly<Record<string, string>>,
): Promise<TransAnswer> {
  return { paymentId: null, answer: { APIConnect: 'FAILED', errorReason: 'refunds are not available yet' } };
}
