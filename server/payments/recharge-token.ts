/**
 * The recharge token of a succeeded prepaid recharge: 20 digits the customer types into the meter
 * to load the energy bought. SIMULATED: real tokens are STS-encrypted for one meter; this one is
 * the first 20 decimal digits of SHA-256("billpay-sim recharge token|<payment id>"), so a test can
 * compute it, and it is the same on every read of the payment (API, webhook, slip).
 */
import { createHash } from 'node:crypto';
import { energyForRecharge, type PrepaidTariff } from '../../domain/prepaid-tariff.js';
import type { PaymentRecord } from './record.js';

export const RECHARGE_TOKEN_DIGITS = 20;

export interface RechargeToken {
  /** 20 digits, no separators. */
  token: string;
  /** The token as printed for the customer: groups of four, "1234-5678-9012-3456-7890". */
  tokenGrouped: string;
  /** kWh the recharge buys under the tariff, 2 decimals. */
  energyKwh: string;
  tariff: PrepaidTariff;
  simulated: true;
}

/** The 20 token digits of a payment id. */
export function rechargeTokenDigits(paymentId: string): string {
  const hash = BigInt(`0x${createHash('sha256').update(`billpay-sim recharge token|${paymentId}`).digest('hex')}`);
  return (hash % 10n ** BigInt(RECHARGE_TOKEN_DIGITS)).toString().padStart(RECHARGE_TOKEN_DIGITS, '0');
}

/** "1234-5678-9012-3456-7890". */
export function groupToken(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, '$1-');
}

/** The token of a succeeded prepaid recharge; null for other purposes and before success. */
export function rechargeTokenOf(
  payment: Pick<PaymentRecord, 'id' | 'purpose' | 'status' | 'amount' | 'paidAt'>,
  tariff: PrepaidTariff,
): RechargeToken | null {
  if (payment.purpose !== 'prepaid_recharge' || payment.paidAt === null) return null;
  const token = rechargeTokenDigits(payment.id);
  return { token, tokenGrouped: groupToken(token), energyKwh: energyForRecharge(payment.amount, tariff), tariff, simulated: true };
}
