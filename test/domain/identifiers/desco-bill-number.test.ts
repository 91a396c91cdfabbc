import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDescoBillNumber, parseDescoBillNumber } from '../../../domain/identifiers/index.js';
import { digitString, domainError, expectRoundTrip, itAcceptsTypedForms, itRejects, twoDigits } from '../helpers.js';

/** MM (01-12) + YY (00-99) + any 8-digit DESCO account. */
const validDescoBillNumber = fc.tuple(twoDigits(1, 12), twoDigits(0, 99), digitString(8)).map((parts) => parts.join(''));

describe('parseDescoBillNumber', () => {
  // The bill list of seed 000: Bill Month and Bill No. side by side.
  it.each([
    ['062212345678', 2022, 6, '2022-06'],
    ['052212345678', 2022, 5, '2022-05'],
    ['012212345678', 2022, 1, '2022-01'],
    ['102112345678', 2021, 10, '2021-10'],
    ['092112345678', 2021, 9, '2021-09'],
  ])("decodes seed 000's %s as %d-%d for account 12345678", (input, year, month, billMonth) => {
    expect(parseDescoBillNumber(input, { accountNo: '12345678' })).toEqual({
      value: input,
      year,
      month,
      billMonth,
      accountNo: '12345678',
    });
  });

  itAcceptsTypedForms(parseDescoBillNumber, '062212345678', ['০৬২২১২৩৪৫৬৭৮', '0622-1234-5678', '0622 12345678']);

  itRejects(parseDescoBillNumber, 'billNo', [
    [62212345678, 'type'],
    ['', 'required'],
    ['06221234567o', 'digits'],
    ['06221234567', 'length'],
    ['2202104231245', 'length'],
    ['002212345678', 'month_range'],
    ['132212345678', 'month_range'],
  ]);

  it('rejects a bill of another account (billNo, account_mismatch)', () => {
    expect(() => parseDescoBillNumber('062212345678', { accountNo: '12345679' })).toThrow(domainError('billNo', 'account_mismatch'));
  });

  it('checks the given account as an 8-digit DESCO account', () => {
    expect(() => parseDescoBillNumber('062212345678', { accountNo: '104231245' })).toThrow(domainError('accountNo', 'length'));
  });
});

describe('formatDescoBillNumber', () => {
  it('round-trips every valid DESCO bill number, as text and as parts', () => {
    fc.assert(
      fc.property(validDescoBillNumber, (value) => {
        expectRoundTrip(value, parseDescoBillNumber, formatDescoBillNumber);
      }),
    );
  });

  it('writes the month first, then the year', () => {
    expect(formatDescoBillNumber({ value: '', year: 2022, month: 6, billMonth: '2022-06', accountNo: '12345678' })).toBe('062212345678');
  });

  it('refuses a year outside 1970-2069', () => {
    const parsed = parseDescoBillNumber('062212345678');
    expect(() => formatDescoBillNumber({ ...parsed, year: 1969 })).toThrow(domainError('billNo', 'year_range'));
  });
});
