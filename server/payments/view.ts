import type { z } from 'zod';
import { formatDhakaDateTime } from '../../domain/dhaka-time.js';
import type { Instrument } from '../../domain/instrument.js';
import { isTerminal } from '../../domain/payment-state.js';
import { formatAmount, parseAmount } from '../../domain/money.js';
import type { PaymentRefunds } from '../refunds/view.js';
import type { PrepaidTariff } from '../../domain/prepaid-tariff.js';
import { slipToken } from '../slips/token.js';
import { rechargeTokenOf } from './recharge-token.js';
import { BoundedCache } from './bounded-cache.js';
import type { PaymentRecord } from './record.js';
import type { paymentViewSchema, slipSchema } from './schemas.js';

export type PaymentView = z.output<typeof paymentViewSchema>;
export type Slip = z.output<typeof slipSchema>;

/** Display names the views need, looked up in the merchants table and the checkout fixtures. */
export interface ViewNames {
  merchantName(merchantId: string): string;
  methodName(methodId: string): string;
  gatewayName(gatewayId: string): string;
  /** The same names in Bangla (the fixtures' bnName), for slips read in the bn locale. */
  methodBnName(methodId: string): string;
  gatewayBnName(gatewayId: string): string;
  /** The merchant's Bangla name (the fixtures' bnName; the English one when it has none). */
  merchantBnName(merchantId: string): string;
  /** Not a name, but what a recharge's slip needs as well: the tariff its energy is computed with. */
  prepaidTariff: PrepaidTariff;
}

const CARD_BRAND_LABELS: Readonly<Record<string, string>> = {
  visa: 'VISA',
  mastercard: 'MasterCard',
  amex: 'AMEX',
  nexus: 'Nexus',
};

/** "VISA •••• 1111", "bKash 017•••••001": what a slip prints for the instrument used. */
export function instrumentLabel(instrument: Instrument, methodName: string): string {
  if (instrument.kind === 'card') {
    return `${CARD_BRAND_LABELS[instrument.brand] ?? instrument.brand.toUpperCase()} •••• ${instrument.last4}`;
  }
  return `${methodName} ${instrument.account}`;
}

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

/** Every view of every payment shows its amount due; the distinct (amount, late fee) pairs are few. */
const amountsDue = new BoundedCache<string>(1000);

export function amountDue(payment: Pick<PaymentRecord, 'amount' | 'lateFee'>): string {
  const { amount, lateFee } = payment;
  return amountsDue.get(`${amount}|${lateFee}`, () =>
    formatAmount(parseAmount(amount, 'amount').plus(parseAmount(lateFee, 'lateFee', { allowZero: true }))),
  );
}

/**
 * The payment slip, once the payment has succeeded; null before. Its URLs carry the slip's
 * secret token (server/slips/token.ts): without it the pages are a 404. With `refunds` (the merchant
 * API, the slip pages) it shows what was refunded; the checkout session, read on every poll,
 * leaves them out.
 */
export function buildSlip(payment: PaymentRecord, names: ViewNames, refunds?: PaymentRefunds): Slip | null {
  const { selection, instrument, trackingNumber, gatewayTransactionId, paidAt } = payment;
  if (payment.status !== 'succeeded' || !selection || !instrument || !trackingNumber || !gatewayTransactionId || !paidAt) {
    return null;
  }
  const base = payment.baseUrl;
  const token = slipToken(payment);
  return {
    paymentId: payment.id,
    trackingNumber,
    gatewayTransactionId,
    merchant: { id: payment.merchantId, name: names.merchantName(payment.merchantId), bnName: names.merchantBnName(payment.merchantId) },
    purpose: payment.purpose,
    reference: payment.reference,
    accountNo: payment.accountNo,
    billNo: payment.billNo,
    meterNo: payment.meterNo,
    billMonth: payment.billMonth,
    customerName: payment.customer.name,
    amounts: selection.quote,
    method: { id: selection.method, name: names.methodName(selection.method), bnName: names.methodBnName(selection.method) },
    gateway: { id: selection.gateway, name: names.gatewayName(selection.gateway), bnName: names.gatewayBnName(selection.gateway) },
    instrument: instrumentLabel(instrument, names.methodName(selection.method)),
    paidAt: paidAt.toISOString(),
    paidAtDhaka: formatDhakaDateTime(paidAt),
    recharge: rechargeTokenOf(payment, names.prepaidTariff),
    htmlUrl: `${base}/slips/${payment.id}.html?token=${token}`,
    pdfUrl: `${base}/slips/${payment.id}.pdf?token=${token}`,
    verifyUrl: `${base}/verify/${encodeURIComponent(trackingNumber)}?token=${token}`,
    ...(refunds ? { amountRefunded: refunds.amountRefunded, refunds: refunds.refunds } : {}),
  };
}

/** The public JSON of GET /api/v1/payments/:id (also what webhooks carry), with the payment's refunds. */
export function toPaymentView(
  payment: PaymentRecord,
  names: ViewNames,
  maxAttempts: number,
  refunds: PaymentRefunds,
): PaymentView {
  return {
    id: payment.id,
    object: 'payment',
    merchantId: payment.merchantId,
    reference: payment.reference,
    purpose: payment.purpose,
    status: payment.status,
    currency: 'BDT',
    amount: payment.amount,
    lateFee: payment.lateFee,
    amountDue: amountDue(payment),
    bill: {
      accountNo: payment.accountNo,
      billNo: payment.billNo,
      billMonth: payment.billMonth,
      meterNo: payment.meterNo,
      officeCode: payment.officeCode,
      meterSerial: payment.meterSerial,
      costHead: payment.costHead,
    },
    customer: payment.customer,
    selection: payment.selection,
    expiresAt: isTerminal(payment.status) ? null : iso(payment.deadlineAt),
    attemptsLeft: Math.max(0, maxAttempts - payment.attemptsUsed),
    lastError: payment.lastError,
    failureReason: payment.failureReason,
    instrument:
      payment.instrument && payment.selection
        ? instrumentLabel(payment.instrument, names.methodName(payment.selection.method))
        : null,
    trackingNumber: payment.trackingNumber,
    gatewayTransactionId: payment.gatewayTransactionId,
    paidAt: iso(payment.paidAt),
    recharge: rechargeTokenOf(payment, names.prepaidTariff),
    slip: buildSlip(payment, names, refunds),
    amountRefunded: refunds.amountRefunded,
    refunds: refunds.refunds,
    returnUrls: payment.returnUrls,
    webhookUrl: payment.webhookUrl,
    createdAt: payment.createdAt.toISOString(),
    updatedAt: payment.updatedAt.toISOString(),
  };
}
