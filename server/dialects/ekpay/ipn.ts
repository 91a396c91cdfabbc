/**
 * ekPay's IPN body (research §1.4), which get-status answers too (§1.5): built from the public
 * view of the payment and the session's echoed fields. Fee mapping (§1.6, the seed's columns):
 * `pi_charge` = Service Charge, `ekpay_charge` = Convenience Fee, `pi_discount` = the instrument's
 * discount (on the service charge), `discount` = the gateway's (on the convenience fee),
 * `total_ser_chrg` = pi_charge + ekpay_charge, `total_pabl_amt` = the row's Total.
 */
import { formatDhakaDateTime } from '../../../domain/dhaka-time.js';
import type { PaymentMethod } from '../../../domain/fixtures-schema.js';
import { formatAmount, parseAmount, sumMoney } from '../../../domain/money.js';
import type { PaymentState } from '../../../domain/payment-state.js';
import type { CheckoutCatalog } from '../../checkout/catalog.js';
import { sha256Hex } from '../../payments/merchants.js';
import type { PaymentView, ViewNames } from '../../payments/view.js';
import type { DialectSession } from '../sessions.js';
import { EKPAY_CODES, type EkpayCode } from './errors.js';
import type { EkpayCustInfo, EkpaySessionData } from './schemas.js';

export interface EkpayIpnBody {
  secure_token: string;
  msg_code: EkpayCode;
  msg_det: string;
  req_timestamp: string;
  basic_Info: {
    mer_reg_id: string;
    ipn_info: string | null;
    redirect_to: string | null;
    dgtl_sign: string;
    ord_desc: string | null;
    remarks: string;
  };
  cust_info: EkpayCustInfo;
  scroll_no: null;
  trnx_info: {
    trnx_amt: string;
    trnx_id: string;
    mer_trnx_id: string;
    curr: 'BDT';
    pi_trnx_id: string | null;
    pi_charge: string;
    ekpay_charge: string;
    pi_discount: string;
    discount: string;
    promo_discount: string;
    total_ser_chrg: string;
    total_pabl_amt: string;
  };
  pi_det_info: {
    pay_timestamp: string | null;
    pi_name: string | null;
    pi_type: string | null;
    pi_number: string | null;
    pi_gateway: string | null;
    card_holder_name: null;
  };
}

export interface IpnLookups {
  catalog: Pick<CheckoutCatalog, 'method' | 'detailedQuote'>;
  names: Pick<ViewNames, 'methodName' | 'gatewayName'>;
}

/** The checkout tab a method is on, as ekPay names the instrument type. */
const PI_TYPES: Readonly<Record<PaymentMethod['kind'], string>> = {
  card: 'Cards',
  mobile_banking: 'Mobile Banking',
  internet_banking: 'Internet Banking',
  wallet: 'Wallets',
};

const FAILURE_REASONS: Readonly<Record<string, string>> = {
  selection_timeout: 'the payment session expired before the customer paid (selection timer)',
  authorization_timeout: 'the payment was not authorized in time',
};

/** `msg_code` and `msg_det` of a payment in `status`: 1020 paid, 1021 failed or expired, 1022 cancelled, else 1023. */
export function ekpayOutcome(status: PaymentState, failureReason: string | null): { code: EkpayCode; detail: string } {
  const reason = failureReason === null ? '' : `: ${FAILURE_REASONS[failureReason] ?? failureReason.replaceAll('_', ' ')}`;
  switch (status) {
    case 'succeeded':
      return { code: EKPAY_CODES.paid, detail: 'Transaction completed successfully' };
    case 'failed':
      return { code: EKPAY_CODES.failed, detail: `Transaction failed${reason}` };
    case 'expired':
      return { code: EKPAY_CODES.failed, detail: `Transaction failed${reason || ': the payment session expired'}` };
    case 'cancelled':
      return {
        code: EKPAY_CODES.cancelled,
        detail: failureReason === 'cancelled_by_merchant' ? 'Transaction cancelled by the merchant' : 'Transaction cancelled by the customer',
      };
    default:
      return { code: EKPAY_CODES.inProgress, detail: `Transaction in progress (${status}): not completed yet` };
  }
}

const ZERO_AMOUNT = '0.00';

function charges(payment: PaymentView, lookups: IpnLookups): Omit<EkpayIpnBody['trnx_info'], 'trnx_amt' | 'trnx_id' | 'mer_trnx_id' | 'curr' | 'pi_trnx_id'> {
  const { selection } = payment;
  if (!selection) {
    const none = { pi_charge: ZERO_AMOUNT, ekpay_charge: ZERO_AMOUNT, pi_discount: ZERO_AMOUNT, discount: ZERO_AMOUNT };
    return { ...none, promo_discount: ZERO_AMOUNT, total_ser_chrg: ZERO_AMOUNT, total_pabl_amt: payment.amountDue };
  }
  const { quote } = selection;
  // The view folds both discounts into one; the catalog tells them apart (same rules as at select).
  const detailed = lookups.catalog.detailedQuote(selection.method, selection.gateway, quote.billAmount, quote.lateFee);
  const split = detailed !== null && detailed.discount === quote.discount;
  const serviceCharge = parseAmount(quote.serviceCharge, 'serviceCharge', { allowZero: true });
  const convenienceFee = parseAmount(quote.convenienceFee, 'convenienceFee', { allowZero: true });
  return {
    pi_charge: quote.serviceCharge,
    ekpay_charge: quote.convenienceFee,
    pi_discount: split ? detailed.instrumentDiscount : quote.discount,
    discount: split ? detailed.gatewayDiscount : ZERO_AMOUNT,
    promo_discount: ZERO_AMOUNT,
    total_ser_chrg: formatAmount(sumMoney(serviceCharge, convenienceFee)),
    total_pabl_amt: quote.total,
  };
}

function instrumentDetails(payment: PaymentView, lookups: IpnLookups): EkpayIpnBody['pi_det_info'] {
  const { selection } = payment;
  const piName = selection ? lookups.names.methodName(selection.method) : null;
  const kind = selection ? lookups.catalog.method(selection.method)?.kind : undefined;
  return {
    pay_timestamp: payment.paidAt === null ? null : formatDhakaDateTime(new Date(payment.paidAt)),
    pi_name: piName,
    pi_type: kind === undefined ? null : PI_TYPES[kind],
    pi_number: maskedNumber(payment.instrument, piName, kind),
    pi_gateway: selection ? lookups.names.gatewayName(selection.gateway) : null,
    card_holder_name: null,
  };
}

/**
 * The masked number alone: the view's instrument reads "VISA •••• 1111" or "AMEX •••• 0005" for
 * a card (the number starts at the first dot) and "bKash 017•••••575" otherwise (the number
 * follows the method's name).
 */
function maskedNumber(instrument: string | null, methodName: string | null, kind: PaymentMethod['kind'] | undefined): string | null {
  if (instrument === null) return null;
  const dots = instrument.indexOf('•');
  if (kind === 'card' && dots >= 0) return instrument.slice(dots);
  return methodName !== null && instrument.startsWith(`${methodName} `) ? instrument.slice(methodName.length + 1) : instrument;
}

/** "2026-12-04 14:07:40 GMT+6": ekPay's timestamps, on the Dhaka wall clock (research §0.5). */
export function ekpayTimestamp(at: Date): string {
  return `${formatDhakaDateTime(at)} GMT+6`;
}

/**
 * The IPN (and get-status) body for `payment` at `at` (the merchant's clock). `redirectTo` is
 * where the browser returns (basic_Info.redirect_to). `dgtl_sign` is the simulator's own value,
 * hex SHA-256 of "mer_reg_id|mer_trnx_id|trnx_amt|msg_code": ekPay's algorithm is unknown and no
 * integration verifies it (research §1.4).
 */
export function buildIpnBody(
  payment: PaymentView,
  session: DialectSession<EkpaySessionData>,
  at: Date,
  redirectTo: string | null,
  lookups: IpnLookups,
): EkpayIpnBody {
  const { data } = session;
  const outcome = ekpayOutcome(payment.status, payment.failureReason);
  return {
    secure_token: data.secureToken,
    msg_code: outcome.code,
    msg_det: outcome.detail,
    req_timestamp: ekpayTimestamp(at),
    basic_Info: {
      mer_reg_id: data.merRegId,
      ipn_info: data.ipnUri,
      redirect_to: redirectTo,
      dgtl_sign: sha256Hex(`${data.merRegId}|${session.reference}|${payment.amount}|${outcome.code}`),
      ord_desc: data.ordDet,
      remarks: '',
    },
    cust_info: data.custInfo,
    scroll_no: null,
    trnx_info: {
      trnx_amt: payment.amount,
      trnx_id: data.ekpayTrnxId,
      mer_trnx_id: session.reference,
      curr: 'BDT',
      pi_trnx_id: payment.gatewayTransactionId,
      ...charges(payment, lookups),
    },
    pi_det_info: instrumentDetails(payment, lookups),
  };
}
