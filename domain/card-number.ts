import { DomainError } from './errors.js';
import { toAsciiDigits } from './digits.js';

/**
 * Card numbers as people type them: brand detection, the Luhn checksum, masking and display
 * grouping. Pure, shared by the checkout widget (as-you-type feedback) and the server (the
 * authoritative check). Every function accepts Bangla digits and ignores the spaces and dashes
 * people group digits with; nothing here keeps or logs a number.
 */

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'nexus';

/**
 * DBBL Nexus (Dutch-Bangla Bank's domestic scheme) has no public BIN range; the simulator owns
 * this prefix and `fixtures/test-instruments.json` issues its Nexus test cards from it.
 */
export const NEXUS_BIN_PREFIXES: readonly string[] = ['6048'];

/** Card number lengths each brand issues (Visa and Nexus allow long PANs). */
export const CARD_NUMBER_LENGTHS: Readonly<Record<CardBrand, readonly number[]>> = {
  visa: [13, 16, 19],
  mastercard: [16],
  amex: [15],
  nexus: [16, 19],
};

/**
 * SSLCommerz's published sandbox cards (docs v4; research 2.6), accepted as its docs print them
 * so that an integration's own test data runs against the simulator: the Mastercard and Amex
 * numbers fail the Luhn check, and all three take the CVV `111` (three digits even on Amex).
 */
export const GATEWAY_SANDBOX_CARDS: readonly string[] = ['4111111111111111', '5111111111111111', '371111111111111'];
export const GATEWAY_SANDBOX_CVC = '111';

const FOUR_DIGIT_CVC = /^[0-9]{4}$/;
const THREE_DIGIT_CVC = /^[0-9]{3}$/;

/** Whether `cvc` (ASCII digits) is a CVC for a card of `brand` numbered `digits`: 4 digits on Amex, else 3. */
export function cvcAccepted(brand: CardBrand | string | null, digits: string, cvc: string): boolean {
  if (cvc === GATEWAY_SANDBOX_CVC && GATEWAY_SANDBOX_CARDS.includes(digits)) return true;
  return (brand === 'amex' ? FOUR_DIGIT_CVC : THREE_DIGIT_CVC).test(cvc);
}

const GROUPING_SEPARATORS = /[\s\-\u2010-\u2015]/g;

/** Bangla digits to ASCII and grouping removed; `null` when anything else is left. */
function compactDigits(input: string): string | null {
  const compact = toAsciiDigits(input).replace(GROUPING_SEPARATORS, '');
  return /^[0-9]*$/.test(compact) ? compact : null;
}

/** True when the number passes the Luhn (mod 10) checksum. An empty string does not. */
export function luhnValid(digits: string): boolean {
  const compact = compactDigits(digits);
  if (!compact) return false;
  let sum = 0;
  // Double every second digit counting from the check digit at the right.
  for (let i = 0; i < compact.length; i += 1) {
    let digit = compact.charCodeAt(compact.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function inRange(digits: string, width: number, low: number, high: number): boolean {
  if (digits.length < width) return false;
  const prefix = Number(digits.slice(0, width));
  return prefix >= low && prefix <= high;
}

/**
 * The card brand a (possibly partial) number belongs to, from its leading digits; `null` while
 * too few digits are typed to tell, or for a prefix no supported brand issues.
 */
export function detectCardBrand(digits: string): CardBrand | null {
  const compact = compactDigits(digits);
  if (!compact) return null;
  if (NEXUS_BIN_PREFIXES.some((prefix) => compact.startsWith(prefix))) return 'nexus';
  if (compact.startsWith('4')) return 'visa';
  if (inRange(compact, 2, 34, 34) || inRange(compact, 2, 37, 37)) return 'amex';
  if (inRange(compact, 2, 51, 55) || inRange(compact, 4, 2221, 2720)) return 'mastercard';
  return null;
}

/** "•••• 1111": the last four digits only, as slips and receipts show a card. */
export function maskCardNumber(digits: string): string {
  const compact = compactDigits(digits) ?? '';
  return `•••• ${compact.slice(-4)}`;
}

/** Amex prints 4-6-5; every other brand groups by four. */
function groupSizes(brand: CardBrand | null): readonly number[] {
  return brand === 'amex' ? [4, 6, 5] : [4, 4, 4, 4, 3];
}

/**
 * Groups a (possibly partial) number the way the brand prints it: "4111 1111 1111 1111",
 * "3782 822463 10005". Input that is not a card number comes back unchanged, so a field never
 * eats what the customer typed.
 */
export function formatCardNumberForDisplay(digits: string): string {
  const compact = compactDigits(digits);
  if (compact === null) return digits;
  const groups: string[] = [];
  let start = 0;
  for (const size of groupSizes(detectCardBrand(compact))) {
    if (start >= compact.length) break;
    groups.push(compact.slice(start, start + size));
    start += size;
  }
  if (start < compact.length) groups.push(compact.slice(start));
  return groups.join(' ');
}

/**
 * The server-side check of a submitted card number: returns its digits and brand, or throws a
 * DomainError on `field` naming the rule broken (digits, brand, length, luhn). The gateways'
 * published sandbox numbers pass as printed (GATEWAY_SANDBOX_CARDS).
 */
export function parseCardNumber(
  input: unknown,
  field = 'card.number',
): { digits: string; brand: CardBrand } {
  const compact = typeof input === 'string' ? compactDigits(input) : null;
  if (!compact) {
    throw new DomainError(field, 'digits', `${field} must be a card number made of digits`);
  }
  const brand = detectCardBrand(compact);
  if (!brand) {
    throw new DomainError(field, 'brand', `${field} is not a Visa, Mastercard, Amex or Nexus card`);
  }
  const lengths = CARD_NUMBER_LENGTHS[brand];
  if (!lengths.includes(compact.length)) {
    throw new DomainError(
      field,
      'length',
      `${field} must have ${lengths.join(' or ')} digits for ${brand}, got ${compact.length}`,
    );
  }
  if (!luhnValid(compact) && !GATEWAY_SANDBOX_CARDS.includes(compact)) {
    throw new DomainError(field, 'luhn', `${field} fails the check digit; a digit is mistyped`);
  }
  return { digits: compact, brand };
}
