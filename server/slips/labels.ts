/**
 * The words on a slip in each locale, and the few formatters that localise its values. Shared by
 * the HTML slip, the PDF slip and the verify page, so a field is called
 * the same everywhere.
 */
import { formatDhakaDateTime } from '../../domain/dhaka-time.js';
import { toBanglaDigits } from '../../domain/digits.js';
import { groupLakh } from '../../domain/money.js';
import type { RefundState } from '../../domain/refund-state.js';
import type { Locale } from '../pages/html.js';
import type { BillPurpose, Slip, SlipAmounts } from './slip.js';

export interface SlipLabels {
  slip: string;
  issuedBy: string;
  billSection: string;
  amountsSection: string;
  paymentSection: string;
  merchant: string;
  purpose: string;
  customerName: string;
  reference: string;
  accountNo: string;
  billNo: string;
  meterNo: string;
  billMonth: string;
  amountColumn: string;
  amounts: Record<keyof SlipAmounts, string>;
  method: string;
  gateway: string;
  instrument: string;
  paymentId: string;
  gatewayTransactionId: string;
  trackingNumber: string;
  paidAt: string;
  dhakaTime: string;
  verifyHeading: string;
  verifyHint: string;
  qrLabel: string;
  print: string;
  downloadPdf: string;
  otherLanguage: string;
  purposes: Record<BillPurpose, string>;
  months: readonly string[];
  refundsSection: string;
  amountRefunded: string;
  refundStatuses: Record<RefundState, string>;
  rechargeSection: string;
  rechargeToken: string;
  energyLabel: string;
  tariffLabel: string;
  energy: (kwh: string) => string;
  tariff: (ratePerKwh: string, vatPercent: string) => string;
  tokenSimulated: string;
}

const en: SlipLabels = {
  slip: 'Payment slip',
  issuedBy: 'Issued by billpay-sim, a payment-gateway simulator. No real money was moved.',
  billSection: 'Bill',
  amountsSection: 'Amounts',
  paymentSection: 'Payment',
  merchant: 'Utility / merchant',
  purpose: 'Purpose',
  customerName: 'Customer',
  reference: 'Merchant reference',
  accountNo: 'Account No.',
  billNo: 'Bill No.',
  meterNo: 'Meter No.',
  billMonth: 'Bill Month',
  amountColumn: 'Amount (BDT)',
  amounts: {
    billAmount: 'Bill Amount',
    lateFee: 'Late Payment Charge',
    serviceCharge: 'Service Charge',
    convenienceFee: 'Convenience Fee',
    discount: 'Discount',
    total: 'Total',
  },
  method: 'Payment Method',
  gateway: 'Gateway',
  instrument: 'Paid with',
  paymentId: 'Payment ID',
  gatewayTransactionId: 'Gateway Transaction ID',
  trackingNumber: 'Tracking No.',
  paidAt: 'Payment Date',
  dhakaTime: 'Dhaka time',
  verifyHeading: 'Verify this slip',
  verifyHint: 'Scan the code or open this address to check that the slip is genuine:',
  qrLabel: 'QR code of the verification address',
  print: 'Print slip',
  downloadPdf: 'Download PDF',
  otherLanguage: 'বাংলায় দেখুন',
  purposes: {
    postpaid_bill: 'Postpaid bill',
    prepaid_recharge: 'Prepaid recharge',
    application_fee: 'New connection: application fee',
    demand_note: 'New connection: demand note',
    estimate: 'New connection: estimate cost',
    order: 'Order',
  },
  months: [
    'January', 'February', 'March', 'April', 'May', 'June',
    'July', 'August', 'September', 'October', 'November', 'December',
  ],
  refundsSection: 'Refunds',
  amountRefunded: 'Amount refunded',
  refundStatuses: { pending: 'Refund pending', succeeded: 'Refunded', failed: 'Refund failed' },
  rechargeSection: 'Recharge token',
  rechargeToken: 'Token',
  energyLabel: 'Energy',
  tariffLabel: 'Tariff',
  energy: (kwh) => `${kwh} kWh`,
  tariff: (rate, vat) => `BDT ${rate} per kWh, ${vat}% VAT included`,
  tokenSimulated: 'Type the 20 digits into the meter. Simulated token: it loads no real meter.',
};

const bn: SlipLabels = {
  slip: 'পেমেন্ট স্লিপ',
  issuedBy: 'billpay-sim (পেমেন্ট গেটওয়ে সিমুলেটর) থেকে ইস্যু করা। কোনো প্রকৃত অর্থ লেনদেন হয়নি।',
  billSection: 'বিল',
  amountsSection: 'টাকার পরিমাণ',
  paymentSection: 'পেমেন্ট',
  merchant: 'প্রতিষ্ঠান',
  purpose: 'উদ্দেশ্য',
  customerName: 'গ্রাহক',
  reference: 'মার্চেন্ট রেফারেন্স',
  accountNo: 'হিসাব নম্বর',
  billNo: 'বিল নম্বর',
  meterNo: 'মিটার নম্বর',
  billMonth: 'বিলের মাস',
  amountColumn: 'পরিমাণ (টাকা)',
  amounts: {
    billAmount: 'বিলের পরিমাণ',
    lateFee: 'বিলম্ব মাশুল',
    serviceCharge: 'সার্ভিস চার্জ',
    convenienceFee: 'কনভেনিয়েন্স ফি',
    discount: 'ছাড়',
    total: 'সর্বমোট',
  },
  method: 'পেমেন্ট পদ্ধতি',
  gateway: 'গেটওয়ে',
  instrument: 'পরিশোধের মাধ্যম',
  paymentId: 'পেমেন্ট আইডি',
  gatewayTransactionId: 'গেটওয়ে লেনদেন আইডি',
  trackingNumber: 'ট্র্যাকিং নম্বর',
  paidAt: 'পরিশোধের তারিখ',
  dhakaTime: 'ঢাকা সময়',
  verifyHeading: 'স্লিপটি যাচাই করুন',
  verifyHint: 'স্লিপটি আসল কি না জানতে কোডটি স্ক্যান করুন বা এই ঠিকানায় যান:',
  qrLabel: 'যাচাইয়ের ঠিকানার কিউআর কোড',
  print: 'স্লিপ প্রিন্ট করুন',
  downloadPdf: 'পিডিএফ ডাউনলোড',
  otherLanguage: 'View in English',
  purposes: {
    postpaid_bill: 'পোস্টপেইড বিল',
    prepaid_recharge: 'প্রিপেইড রিচার্জ',
    application_fee: 'নতুন সংযোগ: আবেদন ফি',
    demand_note: 'নতুন সংযোগ: ডিমান্ড নোট',
    estimate: 'নতুন সংযোগ: প্রাক্কলিত ব্যয়',
    order: 'অর্ডার',
  },
  months: [
    'জানুয়ারি', 'ফেব্রুয়ারি', 'মার্চ', 'এপ্রিল', 'মে', 'জুন',
    'জুলাই', 'আগস্ট', 'সেপ্টেম্বর', 'অক্টোবর', 'নভেম্বর', 'ডিসেম্বর',
  ],
  refundsSection: 'ফেরত',
  amountRefunded: 'মোট ফেরত',
  refundStatuses: { pending: 'ফেরত প্রক্রিয়াধীন', succeeded: 'ফেরত দেওয়া হয়েছে', failed: 'ফেরত ব্যর্থ' },
  rechargeSection: 'রিচার্জ টোকেন',
  rechargeToken: 'টোকেন',
  energyLabel: 'বিদ্যুৎ',
  tariffLabel: 'ট্যারিফ',
  energy: (kwh) => `${kwh} কিলোওয়াট-ঘণ্টা`,
  tariff: (rate, vat) => `প্রতি কিলোওয়াট-ঘণ্টা ${rate} টাকা, ${vat}% ভ্যাটসহ`,
  tokenSimulated: '২০টি অঙ্ক মিটারে লিখুন। এটি সিমুলেটেড টোকেন: কোনো প্রকৃত মিটারে কাজ করে না।',
};

export const SLIP_LABELS: Readonly<Record<Locale, SlipLabels>> = { en, bn };

/** Digits as the locale writes them: Bangla digits in `bn`. For numbers, dates and numeric identifiers only, never opaque ids. */
export function localizeDigits(text: string, locale: Locale): string {
  return locale === 'bn' ? toBanglaDigits(text) : text;
}

/** An amount as the locale writes it: grouped in lakhs ("1,00,000.00"), Bangla digits in `bn`. */
export function localizeAmount(amount: string, locale: Locale): string {
  return localizeDigits(groupLakh(amount), locale);
}

/** The merchant's name in the slip's language. */
export function merchantNameIn(slip: Slip, locale: Locale): string {
  return locale === 'bn' ? slip.merchant.bnName : slip.merchant.name;
}

/** The recharge token rows (token, energy, tariff) as label and text; none for a slip without a token. */
export function slipRechargeFields(slip: Slip, locale: Locale): [string, string][] {
  const recharge = slip.recharge;
  if (!recharge) return [];
  const t = SLIP_LABELS[locale];
  const d = (text: string) => localizeDigits(text, locale);
  return [
    [t.rechargeToken, d(recharge.tokenGrouped)],
    [t.energyLabel, t.energy(d(recharge.energyKwh))],
    [t.tariffLabel, t.tariff(d(recharge.tariff.ratePerKwh), d(recharge.tariff.vatPercent))],
  ];
}

/** "2022-06" → "June 2022" / "জুন ২০২২"; anything else is shown as given rather than guessed at. */
export function formatBillMonth(billMonth: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})$/.exec(billMonth);
  const monthName = match ? SLIP_LABELS[locale].months[Number(match[2]) - 1] : undefined;
  if (!match || monthName === undefined) return localizeDigits(billMonth, locale);
  return `${monthName} ${localizeDigits(match[1] ?? '', locale)}`;
}

/** "2026-11-22 12:42:00 (Dhaka time)", digits localised. */
export function formatPaidAt(paidAtDhaka: string, locale: Locale): string {
  return `${localizeDigits(paidAtDhaka, locale)} (${SLIP_LABELS[locale].dhakaTime})`;
}

/** The purpose in words; a purpose this build does not know is shown as its code. */
export function purposeLabel(purpose: string, locale: Locale): string {
  return SLIP_LABELS[locale].purposes[purpose as BillPurpose] ?? purpose;
}

/** One refund as the slips print it: "Refunded, 2026-11-22 12:45:00 (Dhaka time)" and its amount, digits localised. */
export interface SlipRefundRow {
  label: string;
  amount: string;
}

/** The slip's refunds in print, oldest first; none when the slip carries no refunds. */
export function slipRefundRows(slip: Slip, locale: Locale): SlipRefundRow[] {
  return (slip.refunds ?? []).map((refund) => {
    const when = formatPaidAt(formatDhakaDateTime(new Date(refund.completedAt ?? refund.createdAt)), locale);
    return { label: `${SLIP_LABELS[locale].refundStatuses[refund.status]}, ${when}`, amount: localizeAmount(refund.amount, locale) };
  });
}
