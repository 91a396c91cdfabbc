import type { Database } from 'better-sqlite3';
import type { HostedCheckout } from '../pages/hosted-checkout.js';
import type { PaymentRefunds } from '../refunds/view.js';
import type { IssuedSlip, SlipLookup } from '../slips/slip.js';
import { slipToken } from '../slips/token.js';
import { getMerchant } from './merchants.js';
import { findPaymentByTrackingNumber } from './repository.js';
import type { PaymentService } from './service.js';
import { buildSlip, type ViewNames } from './view.js';
import type { PaymentRecord } from './record.js';

/**
 * What the server-rendered pages (slip HTML/PDF, verify, hosted checkout) read of payments,
 * with lapsed deadlines applied first (a pending payment may have completed meanwhile).
 */
export interface PageLookups extends SlipLookup {
  findCheckout(paymentId: string): HostedCheckout | null;
}

export interface PageLookupDeps {
  db: Database;
  payments: PaymentService;
  names: ViewNames;
  /** What the slip pages show of a payment's refunds (RefundService.summaryFor). */
  refunds: { summaryFor(payment: PaymentRecord): PaymentRefunds };
}

export function createPageLookups(deps: PageLookupDeps): PageLookups {
  const slipOf = (current: PaymentRecord | null): IssuedSlip | null => {
    const slip = current && buildSlip(current, deps.names, deps.refunds.summaryFor(current));
    return current && slip ? { slip, token: slipToken(current) } : null;
  };
  return {
    findSlip: (paymentId) => slipOf(deps.payments.read(paymentId)),
    findSlipByTrackingNumber(trackingNumber) {
      const payment = findPaymentByTrackingNumber(deps.db, trackingNumber);
      return slipOf(payment && deps.payments.read(payment.id));
    },
    findCheckout(paymentId) {
      const payment = deps.payments.read(paymentId);
      if (!payment?.clientSecret) return null;
      const merchant = getMerchant(deps.db, payment.merchantId);
      return {
        clientSecret: payment.clientSecret,
        merchantName: merchant?.shortName ?? payment.merchantId,
        merchantBnName: deps.names.merchantBnName(payment.merchantId),
      };
    },
  };
}
