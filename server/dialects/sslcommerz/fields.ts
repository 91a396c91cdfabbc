/**
 * A payment in SSLCommerz's words: the field set of research 2.3 that the browser's return POST,
 * the IPN, the validation API and the merchant-transaction API all carry, from the payment (its
 * status, selection and masked instrument) and its session. Pure.
 *
 * Reconstructed, not confirmed [G], and documented in docs/drop-in/sslcommerz.md: `card_type` is
 * "<SCHEME>-<bank>" like the sandbox's "VISA-Dutch Bangla"; `card_no` masks all but the last four
 * digits (the simulator never keeps a card's first six); `store_amount` equals `amount`, since
 * the gateway's and bank's charges are paid by the customer on top (the seed's table).
 */
import { formatDhakaDateTime } from '../../../domain/dhaka-time.js';
import type { Instrument } from '../../../domain/instrument.js';
import type { PaymentState } from '../../../domain/payment-state.js';
import type { PaymentRecord } from '../../payments/record.js';
import type { ViewNames } from '../../payments/view.js';
import type { SslcommerzSessionData } from './session.js';

export type SslStatus = 'VALID' | 'FAILED' | 'CANCELLED' | 'EXPIRED' | 'PENDING';

const STATUS: Readonly<Record<PaymentState, SslStatus>> = {
  awaiting_method: 'PENDING',
  awaiting_confirmation: 'PENDING',
  authorizing: 'PENDING',
  succeeded: 'VALID',
  failed: 'FAILED',
  cancelled: 'CANCELLED',
  expired: 'EXPIRED',
};

export function sslStatus(state: PaymentState): SslStatus {
  return STATUS[state];
}

/** card_brand per scheme or kind (sandbox values: VISA, MASTER, AMEX, IB, MOBILEBANKING). */
const CARD_BRANDS: Readonly<Record<string, string>> = { visa: 'VISA', mastercard: 'MASTER', amex: 'AMEX', nexus: 'NEXUS' };
const KIND_BRANDS: Readonly<Record<Exclude<Instrument['kind'], 'card'>, string>> = {
  mobile_banking: 'MOBILEBANKING',
  internet_banking: 'IB',
  wallet: 'WALLET',
};

interface CardFields {
  card_type: string;
  card_no: string;
  card_issuer: string;
  card_brand: string;
  card_sub_brand: string;
  card_category: string;
  card_issuer_country: string;
  card_issuer_country_code: string;
}

const NO_CARD: CardFields = {
  card_type: '',
  card_no: '',
  card_issuer: '',
  card_brand: '',
  card_sub_brand: '',
  card_category: '',
  card_issuer_country: '',
  card_issuer_country_code: '',
};

function cardFields(payment: PaymentRecord, names: ViewNames): CardFields {
  const { instrument, selection } = payment;
  if (!instrument || !selection) return NO_CARD;
  const method = names.methodName(selection.method);
  const bankOf = (gatewayId: string) => names.gatewayName(gatewayId);
  const country = { card_issuer_country: 'Bangladesh', card_issuer_country_code: 'BD' };
  if (instrument.kind === 'card') {
    const brand = CARD_BRANDS[instrument.brand] ?? instrument.brand.toUpperCase();
    return {
      card_type: `${brand}-${bankOf(instrument.issuer)}`,
      card_no: `${'X'.repeat(12)}${instrument.last4}`,
      card_issuer: bankOf(instrument.issuer),
      card_brand: brand,
      card_sub_brand: 'Classic',
      card_category: instrument.funding.toUpperCase(),
      ...country,
    };
  }
  const provider = instrument.kind === 'internet_banking' ? instrument.bank : instrument.provider;
  return {
    card_type: `${provider.toUpperCase()}-${method}`,
    card_no: instrument.account.replaceAll('•', 'X'),
    card_issuer: bankOf(selection.gateway),
    card_brand: KIND_BRANDS[instrument.kind],
    card_sub_brand: '',
    card_category: '',
    ...country,
  };
}

/** "2023-02-16 13:33:28": when it was paid, else when it last changed (Asia/Dhaka). */
export function tranDate(payment: PaymentRecord): string {
  return formatDhakaDateTime(payment.paidAt ?? payment.updatedAt);
}

/** The reason a payment did not succeed, in words; empty once paid. */
function errorText(payment: PaymentRecord): string {
  if (payment.status === 'succeeded') return '';
  if (payment.status === 'cancelled') return 'Cancelled by the customer';
  if (payment.status === 'expired') return 'Session expired';
  return payment.lastError?.message ?? payment.failureReason ?? '';
}

/** The research 2.3 field set, unsigned (verify-sign.ts signs it). */
export function transactionFields(
  payment: PaymentRecord,
  session: SslcommerzSessionData,
  names: ViewNames,
): Record<string, string> {
  const { card_category: _category, ...card } = cardFields(payment, names);
  const paid = payment.status === 'succeeded';
  return {
    tran_id: payment.reference,
    val_id: paid ? (session.valId ?? '') : '',
    amount: session.totalAmount,
    ...card,
    store_amount: paid ? session.totalAmount : '0.00',
    bank_tran_id: paid ? (session.bankTranId ?? '') : '',
    status: sslStatus(payment.status),
    tran_date: tranDate(payment),
    error: errorText(payment),
    currency: session.currency,
    store_id: session.storeId,
    currency_type: session.currency,
    currency_amount: session.totalAmount,
    currency_rate: '1.0000',
    base_fair: '0.00',
    ...session.values,
    risk_level: '0',
    risk_title: 'Safe',
  };
}

/** The card category (DEBIT, CREDIT, PREPAID) the validation answers carry besides the 2.3 set. */
export function cardCategory(payment: PaymentRecord, names: ViewNames): string {
  return cardFields(payment, names).card_category;
}
