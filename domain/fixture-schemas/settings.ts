/** settings.json: the simulator's currency, late-payment rate, timers and attempt limits. */
import { z } from 'zod';
import { comment, percentString, positiveAmountString } from './building-blocks.js';

const seconds = (max: number) => z.int().min(1).max(max);

export const settingsFileSchema = z
  .strictObject({
    ...comment,
    currency: z.literal('BDT'),
    /** Percent of the bill charged as Late Payment Charge after the last date of payment. */
    latePaymentRate: percentString,
    /** The method-selection timer (seed 000: 5 minutes). */
    selectionSeconds: seconds(86_400),
    /** Declined attempts before a payment fails. */
    maxAttempts: z.int().min(1).max(10),
    /** Wrong OTP/PIN entries allowed per attempt. */
    maxOtpTries: z.int().min(1).max(10),
    /** How long a pending_then_success instrument stays pending. */
    pendingSeconds: seconds(3_600),
    /** How long a payment may wait for card details, OTP, PIN or bank login. */
    authorizationSeconds: seconds(86_400),
    /** The simulated tariff a prepaid recharge's energy is computed with (domain/prepaid-tariff.ts). */
    prepaidTariff: z.strictObject({ ratePerKwh: positiveAmountString, vatPercent: percentString }),
  })
  .transform(({ $comment: _comment, ...settings }) => settings);

export type Settings = z.output<typeof settingsFileSchema>;
