import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeDigits, requireLength, toAsciiDigits, toBanglaDigits } from '../../domain/digits.js';
import { DomainError } from '../../domain/errors.js';

describe('normalizeDigits', () => {
  it('turns Bangla digits and grouping into plain digits', () => {
    expect(normalizeDigits('১০৪-২৩১ ২৪৫', 'accountNo')).toBe('104231245');
  });

  it.each([
    ['12a4', 'digits'],
    ['', 'required'],
    [' - ', 'required'],
  ])('refuses %j with rule %s, naming the field', (input, rule) => {
    expect(() => normalizeDigits(input, 'accountNo')).toThrowError(
      expect.objectContaining({ field: 'accountNo', rule }),
    );
  });

  it('refuses non-strings with rule "type"', () => {
    expect(() => normalizeDigits(104231245, 'accountNo')).toThrowError(
      expect.objectContaining({ field: 'accountNo', rule: 'type' }),
    );
  });

  it('either returns only ASCII digits or throws DomainError, for any input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything()), (input) => {
        try {
          expect(normalizeDigits(input, 'x')).toMatch(/^[0-9]+$/);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
        }
      }),
    );
  });
});

describe('Bangla digits', () => {
  it('round-trips any ASCII digit string', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]*$/), (digits) => {
        const bangla = toBanglaDigits(digits);
        expect(bangla).not.toMatch(/[0-9]/);
        expect(toAsciiDigits(bangla)).toBe(digits);
      }),
    );
  });
});

describe('requireLength', () => {
  it('names the expected and actual length', () => {
    expect(() => requireLength('123', 9, 'accountNo')).toThrowError(/9 digits, got 3/);
  });
});
