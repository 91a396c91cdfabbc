import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CARD_NUMBER_LENGTHS,
  NEXUS_BIN_PREFIXES,
  detectCardBrand,
  formatCardNumberForDisplay,
  luhnValid,
  maskCardNumber,
  parseCardNumber,
} from '../../domain/card-number.js';
import { toBanglaDigits } from '../../domain/digits.js';
import { digitString, domainErrorOf } from './helpers.js';

/** Appends the digit that makes `body` pass Luhn, computed independently of luhnValid. */
function withCheckDigit(body: string): string {
  for (let check = 0; check <= 9; check += 1) {
    const candidate = body + String(check);
    let sum = 0;
    [...candidate].reverse().forEach((char, index) => {
      const doubled = index % 2 === 1 ? Number(char) * 2 : Number(char);
      sum += doubled > 9 ? doubled - 9 : doubled;
    });
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable: one of ten check digits always fits');
}

describe('luhnValid', () => {
  it.each(['4111111111111111', '5555555555554444', '378282246310005', '2223003122003222'])(
    'accepts the well-known test number %s',
    (number) => expect(luhnValid(number)).toBe(true),
  );

  it('rejects a number with its last digit changed', () => {
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('rejects empty input and input with letters', () => {
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('4111a11111111111')).toBe(false);
  });

  it('ignores grouping spaces and dashes and reads Bangla digits', () => {
    expect(luhnValid('4111 1111-1111 1111')).toBe(true);
    expect(luhnValid(toBanglaDigits('4111111111111111'))).toBe(true);
  });

  it('accepts every body completed with its check digit', () => {
    fc.assert(fc.property(digitString(1, 18), (body) => luhnValid(withCheckDigit(body))));
  });

  it('catches every single-digit typo', () => {
    fc.assert(
      fc.property(
        digitString(11, 18),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (body, position, delta) => {
          const valid = withCheckDigit(body);
          const index = position % valid.length;
          const typo = (Number(valid[index]) + delta) % 10;
          const mistyped = valid.slice(0, index) + String(typo) + valid.slice(index + 1);
          return !luhnValid(mistyped);
        },
      ),
    );
  });
});

describe('detectCardBrand', () => {
  it.each([
    ['4', 'visa'],
    ['4111111111111111', 'visa'],
    ['51', 'mastercard'],
    ['5599', 'mastercard'],
    ['2221', 'mastercard'],
    ['2720991234567890', 'mastercard'],
    ['34', 'amex'],
    ['37', 'amex'],
  ] as const)('%s is %s', (digits, brand) => {
    expect(detectCardBrand(digits)).toBe(brand);
  });

  it.each(['', '5', '50', '56', '2220', '2721', '35', '6011', '3'])('%s is no brand (yet)', (digits) => {
    expect(detectCardBrand(digits)).toBeNull();
  });

  it('recognises every Nexus BIN prefix, whatever follows', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NEXUS_BIN_PREFIXES), digitString(0, 15), (prefix, rest) => {
        return detectCardBrand(prefix + rest) === 'nexus';
      }),
    );
  });

  it('reads Bangla digits', () => {
    expect(detectCardBrand(toBanglaDigits('378282246310005'))).toBe('amex');
  });
});

describe('maskCardNumber', () => {
  it('keeps only the last four digits', () => {
    expect(maskCardNumber('4111 1111 1111 1234')).toBe('•••• 1234');
  });

  it('never reveals more than four digits of any number', () => {
    fc.assert(
      fc.property(digitString(12, 19), (digits) => {
        const masked = maskCardNumber(digits);
        return masked === `•••• ${digits.slice(-4)}` && masked.replace(/\D/g, '').length === 4;
      }),
    );
  });
});

describe('formatCardNumberForDisplay', () => {
  it('groups by four, and Amex as 4-6-5', () => {
    expect(formatCardNumberForDisplay('4111111111111111')).toBe('4111 1111 1111 1111');
    expect(formatCardNumberForDisplay('378282246310005')).toBe('3782 822463 10005');
    expect(formatCardNumberForDisplay('4111111111111111111')).toBe('4111 1111 1111 1111 111');
  });

  it('formats partial input as it is typed', () => {
    expect(formatCardNumberForDisplay('41111')).toBe('4111 1');
    expect(formatCardNumberForDisplay('')).toBe('');
  });

  it('leaves text that is not a card number alone', () => {
    expect(formatCardNumberForDisplay('41x1')).toBe('41x1');
  });

  it('only inserts spaces: removing them gives the digits back, and it is idempotent', () => {
    fc.assert(
      fc.property(digitString(0, 19), (digits) => {
        const shown = formatCardNumberForDisplay(digits);
        return shown.replace(/ /g, '') === digits && formatCardNumberForDisplay(shown) === shown;
      }),
    );
  });
});

describe('parseCardNumber', () => {
  const ruleOf = (input: unknown) => domainErrorOf(() => parseCardNumber(input)).rule;

  it('returns the digits and brand of a valid number', () => {
    expect(parseCardNumber('3782 822463 10005')).toEqual({ digits: '378282246310005', brand: 'amex' });
  });

  it('names the rule a bad number breaks', () => {
    expect(ruleOf(42)).toBe('digits');
    expect(ruleOf('4111-abcd')).toBe('digits');
    expect(ruleOf('6011111111111117')).toBe('brand');
    expect(ruleOf('41111111111111')).toBe('length');
    expect(ruleOf('4111111111111112')).toBe('luhn');
  });

  it('accepts any Luhn-valid number of an allowed length for its brand', () => {
    const brandPrefix = fc.constantFrom(
      { prefix: '4', brand: 'visa' as const },
      { prefix: '53', brand: 'mastercard' as const },
      { prefix: '2500', brand: 'mastercard' as const },
      { prefix: '37', brand: 'amex' as const },
      ...NEXUS_BIN_PREFIXES.map((prefix) => ({ prefix, brand: 'nexus' as const })),
    );
    fc.assert(
      fc.property(brandPrefix, fc.nat(), digitString(19, 19), ({ prefix, brand }, pick, filler) => {
        const lengths = CARD_NUMBER_LENGTHS[brand];
        const length = lengths[pick % lengths.length]!;
        const number = withCheckDigit((prefix + filler).slice(0, length - 1));
        return parseCardNumber(number).brand === brand;
      }),
    );
  });
});

describe('agreement with fixtures/test-instruments.json', () => {
  const fixture = JSON.parse(readFileSync('fixtures/test-instruments.json', 'utf8')) as {
    cards: Array<{ number: string; brand: string }>;
  };

  it.each(fixture.cards.map((card) => [card.number, card.brand]))(
    'test card %s parses as %s',
    (number, brand) => {
      expect(parseCardNumber(number)).toEqual({ digits: number, brand });
    },
  );
});
