import { formatAmount, parseAmount, sumMoney } from '../../domain/money.js';
import type { RefundRecord } from './repository.js';
import type { RefundView } from './schemas.js';

export type { RefundView };

/** What a payment's view and slip show of its refunds. */
export interface PaymentRefunds {
  /** The sum of the succeeded refunds ("0.00" when none). */
  amountRefunded: string;
  /** Every refund, oldest first, whatever its state. */
  refunds: RefundView[];
}

/** A payment that has no refunds (every payment that has not succeeded). */
export const NO_REFUNDS: PaymentRefunds = Object.freeze({ amountRefunded: '0.00', refunds: [] as RefundView[] });

export function toRefundView(refund: RefundRecord): RefundView {
  return {
    id: refund.id,
    object: 'refund',
    paymentId: refund.paymentId,
    amount: refund.amount,
    reason: refund.reason,
    status: refund.status,
    failureReason: refund.failureReason,
    createdAt: refund.createdAt.toISOString(),
    completedAt: refund.completedAt === null ? null : refund.completedAt.toISOString(),
  };
}

/** The exact sum of the refunds' amounts, as a 2-decimal string. */
export function sumRefunds(refunds: ReadonlyArray<Pick<RefundRecord, 'amount'>>): string {
  return formatAmount(sumMoney(...refunds.map((refund) => parseAmount(refund.amount, 'amount'))));
}

export function paymentRefunds(refunds: readonly RefundRecord[]): PaymentRefunds {
  if (refunds.length === 0) return NO_REFUNDS;
  return {
    amountRefunded: sumRefunds(refunds.filter((refund) => refund.status === 'succeeded')),
    refunds: refunds.map(toRefundView),
  };
}
