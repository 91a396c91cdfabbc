import type { HostedCheckout } from '../pages/hosted-checkout.js';
import type { PaymentRefunds } from '../refunds/view.js';
import type { IssuedSlip, SlipLookup } from '../slips/slip.js';
import { slipToken } from '../slips/token.js';
import type { Tx } from '../storage/port.js';
import type { PaymentService } from './service.js';
import { buildSlip, type ViewNames } from './view.js';
import type { PaymentRecord } from './record.js';

/**
 * What the server-rendered pages (slip HTML/PDF, verify, hosted checkout) read of payments,
 * with lapsed deadlines applied first (a pending payment may have completed meanwhile).
 */
export interface PageLookups extends SlipLookup {
  findCheckout(paymentId: string): Promise<HostedCheckout | null>;
}

export interface PageLookupDeps {
  /** Payments as of their merchant's clock (`readWith`), and their store (`store`). */
  payments: Pick<PaymentService, 'readWith' | 'store'>;
  names: ViewNames;
  /** What the slip pages show of a payment's refunds (RefundService.summaryFor), read in the unit `tx`. */
  refunds: { summaryFor(tx: Tx, payment: PaymentRecord): Promise<PaymentRefunds> };
}

export function createPageLookups(deps: PageLookupDeps): PageLookups {
  const { payments } = deps;
  const slipOf = async (tx: Tx, payment: PaymentRecord): Promise<IssuedSlip | null> => {
    // Only a succeeded payment has a slip: any other costs no lookup of refunds.
    if (payment.status !== 'succeeded') return null;
    const slip = buildSlip(payment, deps.names, await deps.refunds.summaryFor(tx, payment));
    return slip ? { slip, token: slipToken(payment) } : null;
  };
  const findSlip = async (paymentId: string): Promise<IssuedSlip | null> =>
    (await payments.readWith(paymentId, {}, (payment, _now, tx) => slipOf(tx, payment)))?.result ?? null;
  return {
    findSlip,
    async findSlipByTrackingNumber(trackingNumber) {
      const payment = await payments.store.read((tx) => tx.payments.findByTrackingNumber(trackingNumber));
      return payment && findSlip(payment.id);
    },
    async findCheckout(paymentId) {
      const seen = await payments.readWith(paymentId, {}, async (payment, _now, tx): Promise<HostedCheckout | null> => {
        if (!payment.clientSecret) return null;
        const merchant = await tx.merchants.get(payment.merchantId);
        return {
          clientSecret: payment.clientSecret,
          merchantName: merchant?.shortName ?? payment.merchantId,
          merchantBnName: deps.names.merchantBnName(payment.merchantId),
        };
      });
      return seen?.result ?? null;
    },
  };
}
