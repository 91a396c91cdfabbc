import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCatalog, referenceCatalogSchema } from '../../../domain/catalog.js';
import {
  formatAccountNumber,
  isValidAccountNumber,
  parseAccountNumber,
} from '../../../domain/identifiers/index.js';
import { digitString, domainError, expectRoundTrip, itAcceptsTypedForms, itRejects } from '../helpers.js';

describe('parseAccountNumber', () => {
  it("decodes seed 002's worked example 104231245", () => {
    expect(parseAccountNumber('104231245')).toEqual({
      value: '104231245',
      circle: { digit: '1', name: 'Khulna', bnName: 'খুলনা' },
      office: {
        code: '04',
        name: 'Sales & Distribution Division-4, Khulna',
        bnName: 'বিক্রয় ও বিতরণ বিভাগ-৪, খুলনা',
      },
      officeCode: '104',
      substation: { digit: '2', name: 'Gollamari 33/11 kV', bnName: 'গল্লামারী ৩৩/১১ কেভি' },
      feeder: { digit: '3', name: 'Nirala', bnName: 'নিরালা' },
      book: '12',
      page: '45',
    });
  });

  itAcceptsTypedForms(parseAccountNumber, '104231245', ['১০৪২৩১২৪৫', '104-231-245', ' 104 231 245 ', '১০৪ ২৩১-২৪৫']);

  it('leaves names out for parts the catalog does not know, without failing', () => {
    const account = parseAccountNumber('999999999');
    expect(account.circle).toEqual({ digit: '9' });
    expect(account.office).toEqual({ code: '99' });
    expect(account.substation).toEqual({ digit: '9' });
    expect(account.feeder).toEqual({ digit: '9' });
    expect(account.officeCode).toBe('999');
  });

  it('names a known office under an unknown substation only as far as the catalog goes', () => {
    const account = parseAccountNumber('305712345');
    expect(account.circle.name).toBe('Kushtia');
    expect(account.office.name).toBe('Sales & Distribution Division, Chuadanga');
    expect(account.substation.name).toBeUndefined();
    expect(account.feeder.name).toBeUndefined();
  });

  it('looks names up in the catalog it is given', () => {
    const catalog = referenceCatalogSchema.parse({
      ...defaultCatalog,
      circles: [{ digit: '7', name: 'Test circle', offices: [{ code: '01', name: 'Test office' }] }],
    });
    expect(parseAccountNumber('701000000', catalog).office.name).toBe('Test office');
    expect(parseAccountNumber('104231245', catalog).circle.name).toBeUndefined();
  });

  itRejects(parseAccountNumber, 'accountNo', [
    [12345678, 'type'],
    [undefined, 'type'],
    ['', 'required'],
    ['  - ', 'required'],
    ['10423124a', 'digits'],
    ['104.231.245', 'digits'],
    ['10423124', 'length'],
    ['1042312456', 'length'],
  ]);

  it('says what is wrong in words', () => {
    expect(() => parseAccountNumber('10423124')).toThrow(/9 digits, got 8/);
  });
});

describe('formatAccountNumber', () => {
  it('rebuilds the digits from parsed parts and canonicalises text', () => {
    expect(formatAccountNumber(parseAccountNumber('104-231-245'))).toBe('104231245');
    expect(formatAccountNumber('১০৪২৩১২৪৫')).toBe('104231245');
  });

  it('round-trips every 9-digit account number', () => {
    fc.assert(
      fc.property(digitString(9), (value) => {
        expectRoundTrip(value, parseAccountNumber, formatAccountNumber);
      }),
    );
  });

  it('refuses parts whose digits would shift into a neighbour', () => {
    const parsed = parseAccountNumber('104231245');
    const shifted = { ...parsed, circle: { digit: '' }, office: { code: '104' } };
    expect(() => formatAccountNumber(shifted)).toThrow(domainError('accountNo', 'format'));
    expect(() => formatAccountNumber({ ...parsed, book: 12 } as never)).toThrow(domainError('accountNo', 'format'));
  });
});

describe('isValidAccountNumber', () => {
  it('is true exactly when parsing succeeds', () => {
    expect(isValidAccountNumber('104231245')).toBe(true);
    expect(isValidAccountNumber('১০৪২৩১২৪৫')).toBe(true);
    expect(isValidAccountNumber('10423124')).toBe(false);
    expect(isValidAccountNumber(null)).toBe(false);
    fc.assert(
      fc.property(fc.oneof(fc.string(), digitString(9), digitString(8)), (input) => {
        const nineDigits = /^[0-9]{9}$/.test(input.replace(/[\s\-\u2010-\u2015]/g, ''));
        expect(isValidAccountNumber(input)).toBe(nineDigits);
      }),
    );
  });
});
