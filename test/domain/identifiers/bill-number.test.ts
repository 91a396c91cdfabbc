import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBillNumber, parseAccountNumber, parseBillNumber } from '../../../domain/identifiers/index.js';
import { digitString, domainError, expectRoundTrip, itAcceptsTypedForms, itRejects, twoDigits } from '../helpers.js';

/** YY (00-99) + MM (01-12) + any 9-digit account. */
const validBillNumber = fc.tuple(twoDigits(0, 99), twoDigits(1, 12), digitString(9)).map((parts) => parts.join(''));

describe('parseBillNumber', () => {
  it("decodes seed 002's worked example 2202104231245 (February 2022, account 104231245)", () => {
    expect(parseBillNumber('2202104231245')).toEqual({
      value: '2202104231245',
      year: 2022,
      month: 2,
      billMonth: '2022-02',
      accountNo: '104231245',
      account: parseAccountNumber('104231245'),
    });
    expect(parseBillNumber('2202104231245').account.feeder.name).toBe('Nirala');
  });

  it.each([
    ['0001104231245', 2000],
    ['6912104231245', 2069],
    ['7001104231245', 1970],
    ['9912104231245', 1999],
  ])('reads the two-digit year of %s as %d (00-69 -> 20xx, 70-99 -> 19xx)', (input, year) => {
    expect(parseBillNumber(input).year).toBe(year);
  });

  itAcceptsTypedForms(parseBillNumber, '2202104231245', ['২২০২১০৪২৩১২৪৫', '2202-104-231-245', '2202 104231245']);

  it('accepts the matching account, also in Bangla digits, and null as "not given"', () => {
    expect(parseBillNumber('2202104231245', { accountNo: '104231245' }).accountNo).toBe('104231245');
    expect(parseBillNumber('2202104231245', { accountNo: '১০৪-২৩১-২৪৫' }).accountNo).toBe('104231245');
    expect(parseBillNumber('2202104231245', { accountNo: null }).accountNo).toBe('104231245');
  });

  itRejects(parseBillNumber, 'billNo', [
    [2202104231245, 'type'],
    ['', 'required'],
    ['22021042312x5', 'digits'],
    ['220210423124', 'length'],
    ['22021042312456', 'length'],
    ['2200104231245', 'month_range'],
    ['2213104231245', 'month_range'],
    ['2299104231245', 'month_range'],
  ]);

  it('rejects a bill number whose account part differs from the account (billNo, account_mismatch)', () => {
    expect(() => parseBillNumber('2202104231245', { accountNo: '104231246' })).toThrow(domainError('billNo', 'account_mismatch'));
    expect(() => parseBillNumber('2202104231245', { accountNo: '104231246' })).toThrow(/account 104231245, not to account 104231246/);
  });

  it('checks the given account as an account number', () => {
    expect(() => parseBillNumber('2202104231245', { accountNo: '10423124' })).toThrow(domainError('accountNo', 'length'));
    expect(() => parseBillNumber('2202104231245', { accountNo: 'abc' })).toThrow(domainError('accountNo', 'digits'));
  });

  it('says the month is out of range in words', () => {
    expect(() => parseBillNumber('2213104231245')).toThrow(/month 13; months run from 01 to 12/);
  });
});

describe('formatBillNumber', () => {
  it('round-trips every valid bill number, as text and as parts', () => {
    fc.assert(
      fc.property(validBillNumber, (value) => {
        const parsed = expectRoundTrip(value, parseBillNumber, formatBillNumber);
        expect(parsed.billMonth).toBe(`${parsed.year}-${value.slice(2, 4)}`);
      }),
    );
  });

  it('refuses a year that two digits cannot carry, and a month that is not one', () => {
    const parsed = parseBillNumber('2202104231245');
    expect(() => formatBillNumber({ ...parsed, year: 2070 })).toThrow(domainError('billNo', 'year_range'));
    expect(() => formatBillNumber({ ...parsed, month: 13 })).toThrow(domainError('billNo', 'month_range'));
    expect(() => formatBillNumber({ ...parsed, month: 1.5 })).toThrow(domainError('billNo', 'month_range'));
    expect(() => formatBillNumber({ ...parsed, accountNo: '10423124' })).toThrow(domainError('billNo', 'format'));
  });
});
