import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { toBanglaDigits } from '../../domain/digits.js';
import { DomainError } from '../../domain/errors.js';
import {
  MAX_AMOUNT,
  ZERO,
  formatAmount,
  parseAmount,
  parsePercent,
  roundMoney,
  sumMoney,
} from '../../domain/money.js';
import { domainErrorOf } from './helpers.js';

/** "1234.05" from a count of paisa, with integer arithmetic only. */
function amountFromPaisa(paisa: number): string {
  const taka = Math.floor(paisa / 100);
  return `${taka}.${String(paisa % 100).padStart(2, '0')}`;
}

const MAX_PAISA = 100_000_000; // MAX_AMOUNT in paisa

describe('parseAmount', () => {
  it.each([
    ['11', '11.00'],
    ['11.5', '11.50'],
    ['11.00', '11.00'],
    ['0011.05', '11.05'],
    [' 11.00 ', '11.00'],
    ['১১.৫০', '11.50'],
    [MAX_AMOUNT, '1000000.00'],
  ])('reads %j as %s', (input, expected) => {
    expect(formatAmount(parseAmount(input, 'amount'))).toBe(expected);
  });

  it.each([
    [11, 'type'],
    [11.5, 'type'],
    [null, 'type'],
    [undefined, 'type'],
    [{ value: '11.00' }, 'type'],
    [['11.00'], 'type'],
    [11n, 'type'],
    ['', 'format'],
    ['abc', 'format'],
    ['1e3', 'format'],
    ['1E3', 'format'],
    ['11 .00', 'format'],
    ['1 000', 'format'],
    ['+11', 'format'],
    ['0x10', 'format'],
    ['1,000.00', 'format'],
    ['11.', 'format'],
    ['.5', 'format'],
    ['Infinity', 'format'],
    ['NaN', 'format'],
    ['--1', 'format'],
    ['-1', 'negative'],
    ['-0.01', 'negative'],
    ['0', 'zero'],
    ['0.00', 'zero'],
    ['11.001', 'scale'],
    ['11.500', 'scale'],
    ['1000000.01', 'maximum'],
    ['99999999999999999999999', 'maximum'],
  ])('refuses %s with rule %s', (input, rule) => {
    const error = domainErrorOf(() => parseAmount(input, 'billAmount'));
    expect(error.rule).toBe(rule);
    expect(error.field).toBe('billAmount');
    expect(error.message).toContain('billAmount');
  });

  it('accepts zero only when asked to', () => {
    expect(parseAmount('0.00', 'lateFee', { allowZero: true }).isZero()).toBe(true);
    expect(domainErrorOf(() => parseAmount('0', 'lateFee', { allowZero: false })).rule).toBe('zero');
  });

  it('round-trips every 2-decimal amount from 0.01 to MAX_AMOUNT', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_PAISA }), (paisa) => {
        const text = amountFromPaisa(paisa);
        expect(formatAmount(parseAmount(text, 'amount'))).toBe(text);
        expect(formatAmount(parseAmount(toBanglaDigits(text), 'amount'))).toBe(text);
      }),
    );
  });

  it('refuses every amount above MAX_AMOUNT with rule maximum', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_PAISA + 1, max: Number.MAX_SAFE_INTEGER }), (paisa) => {
        expect(domainErrorOf(() => parseAmount(amountFromPaisa(paisa), 'amount')).rule).toBe('maximum');
      }),
    );
  });

  it('gives a value or a DomainError for any JS value, never another exception', () => {
    const amountLike = fc.string({ unit: fc.constantFrom(...'0123456789০৯.-+eE x,'), maxLength: 12 });
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string(), amountLike), (value) => {
        let result: Decimal | undefined;
        try {
          result = parseAmount(value, 'amount');
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          return;
        }
        // Whatever is accepted is a positive, in-range amount with at most two decimals.
        expect(result.greaterThan(0)).toBe(true);
        expect(result.lessThanOrEqualTo(MAX_AMOUNT)).toBe(true);
        expect(result.decimalPlaces()).toBeLessThanOrEqual(2);
      }),
    );
  });
});

describe('parsePercent', () => {
  it('reads percentages with up to 4 decimals, zero included', () => {
    expect(parsePercent('1.15', 'percent').toString()).toBe('1.15');
    expect(parsePercent('0.0125', 'percent').toString()).toBe('0.0125');
    expect(parsePercent('0', 'percent').isZero()).toBe(true);
    expect(parsePercent('100', 'percent').toString()).toBe('100');
  });

  it.each([
    [1.5, 'type'],
    ['1.5%', 'format'],
    ['-1', 'negative'],
    ['1.12345', 'scale'],
    ['100.0001', 'maximum'],
  ])('refuses %s with rule %s', (input, rule) => {
    expect(domainErrorOf(() => parsePercent(input, 'serviceCharge.percent')).rule).toBe(rule);
  });
});

describe('roundMoney', () => {
  it.each([
    ['0.165', '0.17'],
    ['0.125', '0.13'],
    ['0.1649999', '0.16'],
    ['0.1265', '0.13'],
    ['0.121', '0.12'],
    ['-0.165', '-0.17'],
  ])('rounds %s half-up to %s', (input, expected) => {
    expect(roundMoney(new Decimal(input)).toFixed(2)).toBe(expected);
  });

  it('gets right the case binary floats get wrong: 11.00 at 1.5 %', () => {
    const float = 11 * 0.015;
    expect(float).toBe(0.16499999999999998);
    expect(Math.round(float * 100) / 100).toBe(0.16);
    const exact = parseAmount('11.00', 'amount').times(parsePercent('1.5', 'percent')).dividedBy(100);
    expect(formatAmount(roundMoney(exact))).toBe('0.17');
  });

  it('is not changed by another module reconfiguring decimal.js globally', () => {
    const saved = { precision: Decimal.precision, rounding: Decimal.rounding };
    Decimal.set({ precision: 2, rounding: Decimal.ROUND_DOWN });
    try {
      expect(formatAmount(roundMoney(new Decimal('1234.165')))).toBe('1234.17');
      expect(formatAmount(sumMoney(new Decimal('999999.99'), new Decimal('0.01')))).toBe('1000000.00');
    } finally {
      Decimal.set(saved);
    }
  });
});

describe('formatAmount', () => {
  it('writes two decimals', () => {
    expect(formatAmount(new Decimal(11))).toBe('11.00');
    expect(formatAmount(new Decimal('0.5'))).toBe('0.50');
    expect(formatAmount(new Decimal('1234567.891'))).toBe('1234567.89');
  });

  it('never writes a negative zero', () => {
    expect(formatAmount(new Decimal('-0'))).toBe('0.00');
    expect(formatAmount(new Decimal('-0.004'))).toBe('0.00');
  });

  it('refuses values that are not amounts', () => {
    expect(() => formatAmount(new Decimal(NaN))).toThrow(RangeError);
    expect(() => formatAmount(new Decimal(Infinity))).toThrow(RangeError);
  });
});

describe('sumMoney', () => {
  it('is zero for nothing and exact for many', () => {
    expect(sumMoney().eq(ZERO)).toBe(true);
    const tenths = Array.from({ length: 10 }, () => new Decimal('0.10'));
    expect(formatAmount(sumMoney(...tenths))).toBe('1.00');
  });

  it('equals the paisa sum of its parts', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: MAX_PAISA }), { maxLength: 20 }), (parts) => {
        const total = sumMoney(...parts.map((paisa) => new Decimal(amountFromPaisa(paisa))));
        const paisaTotal = parts.reduce((sum, paisa) => sum + paisa, 0);
        expect(formatAmount(total)).toBe(amountFromPaisa(paisaTotal));
      }),
    );
  });
});
