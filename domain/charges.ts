import type { Decimal } from 'decimal.js';
import { DomainError } from './errors.js';
import {
  ZERO,
  formatAmount,
  parseAmount,
  parsePercent,
  percentOf,
  roundMoney,
  sumMoney,
} from './money.js';

/**
 * The gateway table of the checkout page: for one bill and one gateway row, the service charge
 * (the payment instrument's charge), the convenience fee (the gateway's own "Ekpay charge"),
 * their discounts and the total payable. Every amount is a 2-decimal string.
 */

/** charge = base × percent / 100 + flat, clamped to [min, max], rounded half-up to 2 places. */
export interface ChargeRule {
  percent: string;
  flat: string;
  min?: string;
  max?: string;
}

/** discount = charge × percent / 100 + flat, capped at `max` and at the charge it discounts. */
export interface DiscountRule {
  percent: string;
  flat: string;
  max?: string;
}

export interface QuoteInput {
  billAmount: string;
  /** Late payment charge; "0.00" when omitted. */
  lateFee?: string;
  serviceCharge: ChargeRule;
  /** The gateway's "Ekpay charge"; "0.00" when omitted. */
  convenienceFee?: ChargeRule;
  /** Payment-instrument discount: applies to the service charge only. */
  instrumentDiscount?: DiscountRule;
  /** Gateway discount: applies to the convenience fee only. */
  gatewayDiscount?: DiscountRule;
}

export interface Quote {
  billAmount: string;
  lateFee: string;
  serviceCharge: string;
  convenienceFee: string;
  instrumentDiscount: string;
  gatewayDiscount: string;
  /** instrumentDiscount + gatewayDiscount, the one "Discount" a table shows. */
  discount: string;
  total: string;
}

/** The six figures a checkout table and a slip show: both discounts folded into `discount`. */
export type QuoteSummary = Omit<Quote, 'instrumentDiscount' | 'gatewayDiscount'>;

function requireRule(rule: unknown, field: string): void {
  if (typeof rule !== 'object' || rule === null) {
    throw new DomainError(field, 'type', `${field} must be a rule object`);
  }
}

/** Applies a ChargeRule to `base`; throws DomainError naming `field.percent`, `field.min`, … */
function applyChargeRule(base: Decimal, rule: ChargeRule, field: string): Decimal {
  requireRule(rule, field);
  const percent = parsePercent(rule.percent, `${field}.percent`);
  const flat = parseAmount(rule.flat, `${field}.flat`, { allowZero: true });
  const min = rule.min === undefined ? undefined : parseAmount(rule.min, `${field}.min`, { allowZero: true });
  const max = rule.max === undefined ? undefined : parseAmount(rule.max, `${field}.max`, { allowZero: true });
  if (min && max && min.greaterThan(max)) {
    throw new DomainError(`${field}.min`, 'range', `${field}.min must not exceed ${field}.max`);
  }
  let charge = percentOf(base, percent).plus(flat);
  if (min && charge.lessThan(min)) charge = min;
  if (max && charge.greaterThan(max)) charge = max;
  return roundMoney(charge);
}

/** Applies a DiscountRule to `charge`; the result never exceeds the charge itself. */
function applyDiscountRule(charge: Decimal, rule: DiscountRule, field: string): Decimal {
  requireRule(rule, field);
  const percent = parsePercent(rule.percent, `${field}.percent`);
  const flat = parseAmount(rule.flat, `${field}.flat`, { allowZero: true });
  const max = rule.max === undefined ? undefined : parseAmount(rule.max, `${field}.max`, { allowZero: true });
  let discount = roundMoney(percentOf(charge, percent).plus(flat));
  if (max && discount.greaterThan(max)) discount = max;
  return discount.greaterThan(charge) ? charge : discount;
}

/**
 * One row of the gateway table. The percentages of both charges are taken of what the customer
 * owes the merchant, bill amount + late fee (the seed's 11.00 bill: CITY 1.5 % → 0.165 → 0.17).
 * total = bill + late fee + service charge − instrument discount + convenience fee − gateway
 * discount, exactly, from components each rounded half-up to 2 places where computed.
 * Invalid input throws a DomainError whose field is the QuoteInput path ("serviceCharge.max").
 */
export function quoteCharges(input: QuoteInput): Quote {
  const billAmount = parseAmount(input.billAmount, 'billAmount');
  const lateFee = parseAmount(input.lateFee ?? '0', 'lateFee', { allowZero: true });
  const base = billAmount.plus(lateFee);

  const serviceCharge = applyChargeRule(base, input.serviceCharge, 'serviceCharge');
  const convenienceFee = input.convenienceFee
    ? applyChargeRule(base, input.convenienceFee, 'convenienceFee')
    : ZERO;
  const instrumentDiscount = input.instrumentDiscount
    ? applyDiscountRule(serviceCharge, input.instrumentDiscount, 'instrumentDiscount')
    : ZERO;
  const gatewayDiscount = input.gatewayDiscount
    ? applyDiscountRule(convenienceFee, input.gatewayDiscount, 'gatewayDiscount')
    : ZERO;

  const total = sumMoney(base, serviceCharge, convenienceFee).minus(
    sumMoney(instrumentDiscount, gatewayDiscount),
  );
  return {
    billAmount: formatAmount(billAmount),
    lateFee: formatAmount(lateFee),
    serviceCharge: formatAmount(serviceCharge),
    convenienceFee: formatAmount(convenienceFee),
    instrumentDiscount: formatAmount(instrumentDiscount),
    gatewayDiscount: formatAmount(gatewayDiscount),
    discount: formatAmount(sumMoney(instrumentDiscount, gatewayDiscount)),
    total: formatAmount(total),
  };
}
