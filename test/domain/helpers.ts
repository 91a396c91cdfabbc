import fc from 'fast-check';
import { expect, it } from 'vitest';
import { toBanglaDigits } from '../../domain/digits.js';
import { DomainError } from '../../domain/errors.js';

/** What the domain tests share: DomainError expectations, digit arbitraries, and the codec tables. */

/** Matches a DomainError with this field and rule, for `toThrow`. */
export const domainError = (field: string, rule: string) => expect.objectContaining({ name: 'DomainError', field, rule });

/** Runs `action` and returns the DomainError it throws (fails the test if it throws none). */
export function domainErrorOf(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

/** ASCII digit strings of `minLength` to `maxLength` digits (exactly `minLength` when no max is given). */
export const digitString = (minLength: number, maxLength = minLength) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength });

/** A number from `min` to `max` as two digits ("07"). */
export const twoDigits = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));

/**
 * The round trip every identifier codec keeps: `format` writes `value` back from its parsed parts
 * and from its text in ASCII or Bangla digits, and both spellings parse alike. Returns the parse.
 */
export function expectRoundTrip<Parsed>(value: string, parse: (input: string) => Parsed, format: (input: Parsed | string) => string): Parsed {
  const parsed = parse(value);
  expect(format(parsed)).toBe(value);
  expect(format(value)).toBe(value);
  expect(format(toBanglaDigits(value))).toBe(value);
  expect(parse(toBanglaDigits(value))).toEqual(parsed);
  return parsed;
}

/** One test per typed form: `parse` reads it (Bangla digits, spaces, dashes) as `canonical`. */
export function itAcceptsTypedForms(parse: (input: string) => { value: string }, canonical: string, forms: string[]): void {
  it.each(forms)('accepts Bangla digits and grouping: %s', (input) => {
    expect(parse(input).value).toBe(canonical);
  });
}

/** One test per case: `parse` refuses the input with a DomainError naming `field` and the case's rule. */
export function itRejects(parse: (input: string) => unknown, field: string, cases: [input: unknown, rule: string][]): void {
  it.each(cases)(`rejects %j with field ${field}, rule %s`, (input, rule) => {
    expect(() => parse(input as string)).toThrow(domainError(field, rule));
  });
}
