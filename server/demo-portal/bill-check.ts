/**
 * Seed 000, step 7: the bill check before paying. A bill paid after its last date of payment
 * carries a Late Payment Charge of `latePaymentRate` percent of the bill (fixtures/settings.json),
 * rounded half-up to the paisa where it is computed. "After" compares calendar days in Dhaka: a
 * bill whose last date is today is still on time.
 */
import { formatDhakaDateTime } from '../../domain/dhaka-time.js';
import { formatAmount, parseAmount, parsePercent, percentOf, roundMoney, sumMoney, ZERO } from '../../domain/money.js';

export interface BillCheck {
  billAmount: string;
  lateFee: string;
  total: string;
  /** The Dhaka calendar date of the payment, YYYY-MM-DD. */
  paymentDate: string;
  lastDateOfPayment: string;
  late: boolean;
}

/** The Dhaka calendar date of an instant, YYYY-MM-DD. */
export function dhakaDate(at: Date): string {
  return formatDhakaDateTime(at).slice(0, 10);
}

/**
 * The amounts to pay for `bill` on `paidAt` (the merchant's clock). `lastDateOfPayment` is an ISO
 * date (YYYY-MM-DD), so comparing the strings compares the days.
 */
export function checkBill(
  bill: { amount: string; lastDateOfPayment: string },
  paidAt: Date,
  latePaymentRate: string,
): BillCheck {
  const amount = parseAmount(bill.amount, 'amount');
  const paymentDate = dhakaDate(paidAt);
  const late = paymentDate > bill.lastDateOfPayment;
  const lateFee = late ? roundMoney(percentOf(amount, parsePercent(latePaymentRate, 'latePaymentRate'))) : ZERO;
  return {
    billAmount: formatAmount(amount),
    lateFee: formatAmount(lateFee),
    total: formatAmount(sumMoney(amount, lateFee)),
    paymentDate,
    lastDateOfPayment: bill.lastDateOfPayment,
    late,
  };
}
