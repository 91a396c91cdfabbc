import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/errors.js';
import {
  formatAccountNumber,
  formatBillNumber,
  formatDescoBillNumber,
  formatMeterNumber,
  isValidAccountNumber,
  parseAccountNumber,
  parseBillNumber,
  parseDescoBillNumber,
  parseMeterNumber,
} from '../../../domain/identifiers/index.js';

/** Strings close to identifiers: ASCII and Bangla digits, grouping, and a little noise. */
const nearIdentifier = fc.string({
  unit: fc.constantFrom(...'0123456789০১২৩৪৫৬৭৮৯', ' ', '-', '\u2013', '\t', 'a', '.', '|', '٣'),
  maxLength: 16,
});

const anyValue = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withTypedArray: true,
  withSparseArray: true,
});

const anyInput = fc.oneof(fc.string({ unit: 'binary' }), nearIdentifier, anyValue);

/** Runs `call` and returns its value, or the DomainError it threw; any other exception fails the property. */
function valueOrDomainError(call: () => unknown): unknown {
  try {
    return call();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const { field, rule, message } = error as DomainError;
    expect([field, rule, message].every((text) => typeof text === 'string' && text.length > 0)).toBe(true);
    return error;
  }
}

const parsers: Record<string, { digits: number; parse: (input: unknown, options: unknown) => { value: string } }> = {
  parseAccountNumber: { digits: 9, parse: (input) => parseAccountNumber(input as string) },
  parseMeterNumber: { digits: 12, parse: (input) => parseMeterNumber(input as string) },
  parseBillNumber: { digits: 13, parse: (input, options) => parseBillNumber(input as string, options as never) },
  parseDescoBillNumber: { digits: 12, parse: (input, options) => parseDescoBillNumber(input as string, options as never) },
};

const formatters: Record<string, (input: unknown) => string> = {
  formatAccountNumber: (input) => formatAccountNumber(input as string),
  formatMeterNumber: (input) => formatMeterNumber(input as string),
  formatBillNumber: (input) => formatBillNumber(input as string),
  formatDescoBillNumber: (input) => formatDescoBillNumber(input as string),
};

describe('identifier codecs never throw anything but DomainError', () => {
  for (const [name, { digits, parse }] of Object.entries(parsers)) {
    it(`${name} returns canonical digits or throws DomainError, for any input and options`, () => {
      fc.assert(
        fc.property(anyInput, fc.oneof(fc.constant(undefined), fc.record({ accountNo: anyInput }), anyValue), (input, options) => {
          const result = valueOrDomainError(() => parse(input, options));
          if (!(result instanceof DomainError)) {
            expect((result as { value: string }).value).toMatch(new RegExp(`^[0-9]{${digits}}$`));
          }
        }),
        { numRuns: 500 },
      );
    });
  }

  for (const [name, format] of Object.entries(formatters)) {
    it(`${name} returns digits or throws DomainError, for any input`, () => {
      fc.assert(
        fc.property(anyInput, (input) => {
          const result = valueOrDomainError(() => format(input));
          if (!(result instanceof DomainError)) expect(result).toMatch(/^[0-9]+$/);
        }),
        { numRuns: 500 },
      );
    });
  }

  it('isValidAccountNumber answers a boolean for any input', () => {
    fc.assert(fc.property(anyInput, (input) => typeof isValidAccountNumber(input) === 'boolean'));
  });
});
