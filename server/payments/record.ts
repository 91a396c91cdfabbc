import type { QuoteSummary } from '../../domain/charges.js';
import type { Instrument } from '../../domain/instrument.js';
import type { PaymentState } from '../../domain/payment-state.js';
import type { ResolvedBill } from './bill.js';

/**
 * What a payment is for. `order` is a merchant's own order with no utility identifiers: what the
 * drop-in gateway APIs create (an ekPay or SSLCommerz session names no bill), with the office
 * code of the tracking number given by the merchant.
 */
export const PURPOSES = ['postpaid_bill', 'prepaid_recharge', 'application_fee', 'demand_note', 'estimate', 'order'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** The step of an authorization attempt the customer is on; `wait` while a bank is "pending". */
export type AuthStep = 'card' | 'wallet_number' | 'otp' | 'pin' | 'bank_login' | 'wait';

/** The charges of the selected gateway row, fixed at select time (2-decimal strings). */
export type SelectedQuote = QuoteSummary;

export interface PaymentError {
  code: string;
  message: string;
  triesLeft: number | null;
}

/**
 * A payment as the server keeps it (one row of `payments`). Times are merchant-clock Dates. It
 * holds no card number, CVC, OTP or PIN: only the masked instrument once one is known. Its bill
 * fields are the checked identifiers of ResolvedBill.
 */
export interface PaymentRecord extends ResolvedBill {
  id: string;
  merchantId: string;
  reference: string;
  purpose: Purpose;
  status: PaymentState;
  amount: string;
  lateFee: string;
  customer: { name: string | null; mobile: string | null; email: string | null };
  returnUrls: { success: string | null; fail: string | null; cancel: string | null };
  webhookUrl: string | null;
  clientSecretSha256: string;
  /** Kept for the hosted checkout page, which hands it to the widget (null on rows from before). */
  clientSecret: string | null;
  /** Where the merchant reached the server ("http://127.0.0.1:4010"): base of checkoutUrl and slip links. */
  baseUrl: string;
  /** When the current state lapses; null once terminal. */
  deadlineAt: Date | null;
  /** Selection time left when the timer stopped at confirm. */
  selectionRemainingMs: number | null;
  attemptsUsed: number;
  selection: { method: string; gateway: string; quote: SelectedQuote } | null;
  auth: {
    step: AuthStep | null;
    triesLeft: number | null;
    /** Which test instrument the attempt is using (fixture id). */
    instrumentId: string | null;
    pendingUntil: Date | null;
  };
  instrument: Instrument | null;
  lastError: PaymentError | null;
  failureReason: string | null;
  trackingNumber: string | null;
  gatewayTransactionId: string | null;
  paidAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A copy to change (what `structuredClone` gives, at a fiftieth of its cost on every transition):
 * its nested objects are new, so changing the copy never changes `payment`. Dates are shared:
 * nothing changes a Date in place.
 */
export function copyPayment(payment: PaymentRecord): PaymentRecord {
  return {
    ...payment,
    customer: { ...payment.customer },
    returnUrls: { ...payment.returnUrls },
    selection: payment.selection && { ...payment.selection, quote: { ...payment.selection.quote } },
    auth: { ...payment.auth },
    instrument: payment.instrument && { ...payment.instrument },
    lastError: payment.lastError && { ...payment.lastError },
  };
}
