import { Decimal } from 'decimal.js';
import { toAsciiDigits } from './digits.js';
import { DomainError } from './errors.js';

/**
 * Money in BDT as exact decimals. Amounts cross every boundary as strings with two decimals
 * ("11.00") and live inside as `Decimal`; a JS number never holds an amount, so 11 × 1.5 % is
 * 0.165 (rounds to 0.17), not 0.16499999999999998 (which a float rounds to 0.16).
 */

/**
 * A private Decimal constructor so no other module's `Decimal.set(...)` can change how money
 * rounds. Its instances share decimal.js's prototype, so they are ordinary `Decimal`s to callers.
 * 40 significant digits keep every product of an amount (≤ 10^6, 2 places) and a percentage
 * (≤ 100, 4 places) exact.
 */
const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/**
 * The largest amount one payment may carry: 1,000,000.00 BDT. It is far above any household or
 * small-business bill, prepaid recharge or connection fee that goes through an online checkout
 * (card and mobile-banking limits are lower still), so a larger figure is a typo or an attack.
 * A fixed ceiling also keeps every computation well inside the Decimal precision above.
 */
export const MAX_AMOUNT = '1000000.00';

/** Percentages in fee rules: 0 to 100, at most 4 decimals ("1.15", "0.0125"). */
const MAX_PERCENT = '100';
const PERCENT_SCALE = 4;

/** Zero as a money Decimal, for components that do not apply. */
export const ZERO: Decimal = new Money(0);

/** Plain decimal notation only: digits, optionally "." and more digits; a leading "-" is read
 * so that a negative amount gets its own rule. No exponent, "+", hex, inner spaces, ".5", "5.". */
const DECIMAL_NOTATION = /^(-?)(\d+)(?:\.(\d+))?$/;

interface DecimalLimits {
  maxScale: number;
  max: string;
  allowZero: boolean;
  /** What the value is and what one looks like, for messages: "an amount", "11.00". */
  noun: string;
  example: string;
}

function parseDecimalString(value: unknown, field: string, limits: DecimalLimits): Decimal {
  if (typeof value !== 'string') {
    // Numbers are refused on purpose: a float may already have lost the exact value.
    throw new DomainError(field, 'type', `${field} must be ${limits.noun} written as a string, e.g. "${limits.example}"`);
  }
  const match = DECIMAL_NOTATION.exec(toAsciiDigits(value.trim()));
  if (!match) {
    throw new DomainError(field, 'format', `${field} must be ${limits.noun} in plain digits, e.g. "${limits.example}"`);
  }
  const [, sign, , fraction = ''] = match;
  if (sign) {
    throw new DomainError(field, 'negative', `${field} must not be negative`);
  }
  if (fraction.length > limits.maxScale) {
    throw new DomainError(field, 'scale', `${field} may have at most ${limits.maxScale} decimals`);
  }
  const parsed = new Money(match[0]);
  if (parsed.greaterThan(limits.max)) {
    throw new DomainError(field, 'maximum', `${field} must not exceed ${limits.max}`);
  }
  if (parsed.isZero() && !limits.allowZero) {
    throw new DomainError(field, 'zero', `${field} must be more than zero`);
  }
  return parsed;
}

/**
 * Reads an amount from outside: a string such as "11", "11.5", "11.00" or "১১.০০", at most two
 * decimals, not negative, not above MAX_AMOUNT, and not zero unless `allowZero`. Anything else
 * throws a DomainError on `field` with rule type, format, negative, scale, maximum or zero.
 */
export function parseAmount(
  value: unknown,
  field: string,
  opts: { allowZero?: boolean } = {},
): Decimal {
  return parseDecimalString(value, field, {
    maxScale: 2,
    max: MAX_AMOUNT,
    allowZero: opts.allowZero ?? false,
    noun: 'an amount',
    example: '11.00',
  });
}

/**
 * Reads a percentage from a fee rule: a string from "0" to "100" with at most 4 decimals. Same
 * rules and DomainError shape as parseAmount; zero is allowed (a free method is a real case).
 */
export function parsePercent(value: unknown, field: string): Decimal {
  return parseDecimalString(value, field, {
    maxScale: PERCENT_SCALE,
    max: MAX_PERCENT,
    allowZero: true,
    noun: 'a percentage',
    example: '1.5',
  });
}

/** Rounds to 2 places, half away from zero (0.165 → 0.17, 0.125 → 0.13). */
export function roundMoney(amount: Decimal): Decimal {
  return new Money(amount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** `percent` % of `base`, unrounded: the caller rounds where the charge is computed. */
export function percentOf(base: Decimal, percent: Decimal): Decimal {
  return new Money(base).times(percent).dividedBy(100);
}

/** The exact sum of amounts (zero for none). */
export function sumMoney(...amounts: Decimal[]): Decimal {
  return amounts.reduce<Decimal>((total, amount) => total.plus(amount), ZERO);
}

/** The boundary form of an amount: two decimals, rounded half-up, "11.00"; never "-0.00". */
export function formatAmount(amount: Decimal): string {
  if (!amount.isFinite()) {
    throw new RangeError(`formatAmount: ${amount.toString()} is not an amount`);
  }
  const rounded = roundMoney(amount);
  return (rounded.isZero() ? ZERO : rounded).toFixed(2);
}

/** Grouping as Bangladesh writes amounts lives with the digits (no decimal.js), so the widget can use it. */
export { groupLakh } from './digits.js';
