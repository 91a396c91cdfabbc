import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDhakaDateTime, fromDhakaParts, toDhakaParts } from '../../domain/dhaka-time.js';
import { DomainError } from '../../domain/errors.js';
import {
  costHeadForPurpose,
  formatTrackingNumber,
  parseTrackingNumber,
  type CostHead,
  type TrackingNumber,
  type TrackingNumberParts,
} from '../../domain/tracking-number.js';
import { digitString, domainError, itRejects } from './helpers.js';


/** Instants whose Dhaka year is 1970-2069, the years two digits can carry. */
const trackableInstant = fc.date({
  min: new Date('1969-12-31T18:00:00.000Z'),
  max: new Date('2069-12-31T17:59:59.999Z'),
  noInvalidDate: true,
});

const trackingParts: fc.Arbitrary<TrackingNumberParts> = fc
  .record({
    cardType: fc.integer({ min: 1, max: 9 }),
    officeCode: digitString(3),
    at: trackableInstant,
    serial: fc.integer({ min: 0, max: 999 }),
    newConnection: fc.option(
      fc.record({ meterSerial: fc.integer({ min: 1, max: 5 }), costHead: fc.constantFrom<CostHead>(1, 2, 3) }),
      { nil: undefined },
    ),
  })
  .map(({ newConnection, ...parts }) => ({ ...parts, ...newConnection }));

/** A parsed tracking number, as formatTrackingNumber takes its parts. */
function partsOf(parsed: TrackingNumber): TrackingNumberParts {
  const { cardType, officeCode, issuedAt, serial, meterSerial, costHead } = parsed;
  return { cardType, officeCode, at: issuedAt, serial, ...(costHead && { meterSerial, costHead }) };
}

const truncatedToSecond = (at: Date) => new Date(Math.floor(at.getTime() / 1000) * 1000);

describe('parseTrackingNumber', () => {
  it("decodes seed 002's new-connection example 6305191204122348404|1|2", () => {
    expect(parseTrackingNumber('6305191204122348404|1|2')).toEqual({
      value: '6305191204122348404|1|2',
      cardType: 6,
      officeCode: '305',
      issuedAt: new Date('2019-12-04T06:23:48.000Z'),
      dhaka: { year: 2019, month: 12, day: 4, hour: 12, minute: 23, second: 48 },
      serial: 404,
      meterSerial: 1,
      costHead: 2,
      costHeadName: 'Demand note',
    });
  });

  it("decodes seed 002's second example 6305191022103212909", () => {
    expect(parseTrackingNumber('6305191022103212909')).toEqual({
      value: '6305191022103212909',
      cardType: 6,
      officeCode: '305',
      issuedAt: new Date('2019-10-22T04:32:12.000Z'),
      dhaka: { year: 2019, month: 10, day: 22, hour: 10, minute: 32, second: 12 },
      serial: 909,
    });
  });

  it.each([
    ['6 305 191204 122348 404 | 1 | 2', '6305191204122348404|1|2'],
    ['6 305 191022 103212 909', '6305191022103212909'],
    ['৬৩০৫১৯১২০৪১২২৩৪৮৪০৪|১|২', '6305191204122348404|1|2'],
    ['6-305-191204-122348-404|1|2', '6305191204122348404|1|2'],
  ])('accepts the seed layout with spaces, dashes and Bangla digits: %s', (input, value) => {
    expect(parseTrackingNumber(input).value).toBe(value);
  });

  it('accepts 29 February in a leap year only', () => {
    expect(parseTrackingNumber('6305200229000000001').dhaka).toMatchObject({ year: 2020, month: 2, day: 29 });
    expect(() => parseTrackingNumber('6305190229000000001')).toThrow(domainError('trackingNumber', 'day_range'));
  });

  itRejects(parseTrackingNumber, 'trackingNumber', [
    [6305191022103212909, 'type'],
    ['', 'required'],
    ['630519102210321290x', 'digits'],
    ['630519102210321290', 'length'],
    ['63051910221032129090', 'length'],
    ['0305191022103212909', 'card_type'],
    ['6305191322103212909', 'month_range'],
    ['6305190022103212909', 'month_range'],
    ['6305191000103212909', 'day_range'],
    ['6305191131103212909', 'day_range'],
    ['6305191022243212909', 'time_range'],
    ['6305191022106012909', 'time_range'],
    ['6305191022103260909', 'time_range'],
    ['6305191204122348404|1', 'format'],
    ['6305191204122348404|1|2|3', 'format'],
    ['6305191204122348404||2', 'required'],
    ['6305191204122348404|0|2', 'meter_serial_range'],
    ['6305191204122348404|6|2', 'meter_serial_range'],
    ['6305191204122348404|01|2', 'meter_serial_range'],
    ['6305191204122348404|1|0', 'cost_head'],
    ['6305191204122348404|1|4', 'cost_head'],
    ['6305191204122348404|1|22', 'cost_head'],
  ]);

  it('says what is wrong in words', () => {
    expect(() => parseTrackingNumber('6305191131103212909')).toThrow(/day 31; 2019-11 has days 01 to 30/);
    expect(() => parseTrackingNumber('6305191204122348404|6|2')).toThrow(/at most 5 meters/);
  });

  it('returns or throws DomainError for any input, never anything else', () => {
    const nearTrackingNumber = fc.string({ unit: fc.constantFrom(...'0123456789০১২৩৪৫৬৭৮৯', ' ', '|', '-', 'x'), maxLength: 26 });
    const anyInput = fc.oneof(fc.string({ unit: 'binary' }), nearTrackingNumber, fc.anything({ withBigInt: true, withDate: true, withMap: true }));
    fc.assert(
      fc.property(anyInput, (input) => {
        try {
          expect(parseTrackingNumber(input as string).value).toMatch(/^[0-9]{19}(\|[1-5]\|[1-3])?$/);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('formatTrackingNumber', () => {
  it('writes the seed example from its parts, in Dhaka time, without spaces', () => {
    const at = new Date('2019-12-04T06:23:48.731Z');
    expect(formatTrackingNumber({ cardType: 6, officeCode: '305', at, serial: 404, meterSerial: 1, costHead: 2 })).toBe(
      '6305191204122348404|1|2',
    );
    expect(formatTrackingNumber({ cardType: 6, officeCode: '305', at: new Date('2019-10-22T04:32:12Z'), serial: 909 })).toBe(
      '6305191022103212909',
    );
  });

  it('uses the Dhaka date when UTC is still on the previous day', () => {
    expect(formatTrackingNumber({ cardType: 7, officeCode: '104', at: new Date('2026-11-21T18:00:00Z'), serial: 1 })).toBe(
      '7104261122000000001',
    );
  });

  it('round-trips parts through parse, to the second', () => {
    fc.assert(
      fc.property(trackingParts, (parts) => {
        const value = formatTrackingNumber(parts);
        const parsed = parseTrackingNumber(value);
        expect(parsed.value).toBe(value);
        expect(parsed.issuedAt).toEqual(truncatedToSecond(parts.at));
        expect(parsed).toMatchObject({ cardType: parts.cardType, officeCode: parts.officeCode, serial: parts.serial });
        expect(parsed.meterSerial).toBe(parts.meterSerial);
        expect(parsed.costHead).toBe(parts.costHead);
        expect(formatTrackingNumber(partsOf(parsed))).toBe(value);
      }),
      { numRuns: 500 },
    );
  });

  const valid: TrackingNumberParts = { cardType: 6, officeCode: '305', at: new Date('2019-12-04T06:23:48Z'), serial: 404 };
  it.each([
    [{ cardType: 0 }, 'card_type'],
    [{ cardType: 10 }, 'card_type'],
    [{ cardType: 1.5 }, 'card_type'],
    [{ officeCode: '30' }, 'office_code'],
    [{ officeCode: 305 }, 'office_code'],
    [{ at: new Date(Number.NaN) }, 'date'],
    [{ at: '2019-12-04' }, 'date'],
    [{ at: new Date('2070-01-01T00:00:00+06:00') }, 'year_range'],
    [{ at: new Date('1969-12-31T23:59:59+06:00') }, 'year_range'],
    [{ serial: 1000 }, 'serial_range'],
    [{ serial: -1 }, 'serial_range'],
    [{ meterSerial: 1 }, 'format'],
    [{ costHead: 2 }, 'format'],
    [{ meterSerial: 6, costHead: 2 }, 'meter_serial_range'],
    [{ meterSerial: 0, costHead: 2 }, 'meter_serial_range'],
    [{ meterSerial: 1, costHead: 4 }, 'cost_head'],
  ])('rejects parts %j with field trackingNumber, rule %s', (change, rule) => {
    expect(() => formatTrackingNumber({ ...valid, ...change } as TrackingNumberParts)).toThrow(domainError('trackingNumber', rule));
  });
});

describe('formatTrackingNumber with untrusted parts', () => {
  it('returns a tracking number or throws DomainError, never anything else', () => {
    const loose = fc.record(
      {
        cardType: fc.oneof(fc.integer({ min: -2, max: 11 }), fc.anything()),
        officeCode: fc.oneof(digitString(3), fc.anything()),
        at: fc.oneof(fc.date(), fc.anything()),
        serial: fc.oneof(fc.integer({ min: -2, max: 1001 }), fc.anything()),
        meterSerial: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.anything()),
        costHead: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.anything()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(loose, (parts) => {
        try {
          expect(parseTrackingNumber(formatTrackingNumber(parts as TrackingNumberParts)).cardType).toBe(parts.cardType);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('costHeadForPurpose', () => {
  it('maps the new-connection purposes to cost heads 1-3 and nothing else', () => {
    expect(costHeadForPurpose('application_fee')).toBe(1);
    expect(costHeadForPurpose('demand_note')).toBe(2);
    expect(costHeadForPurpose('estimate')).toBe(3);
    expect(costHeadForPurpose('postpaid_bill')).toBeUndefined();
  });
});

describe('Dhaka time (UTC+6, no DST)', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    // Assigning undefined would set the string "undefined".
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('formats a slip time as the Dhaka wall clock', () => {
    expect(formatDhakaDateTime(new Date('2026-11-22T06:42:00.000Z'))).toBe('2026-11-22 12:42:00');
    expect(formatDhakaDateTime(new Date('2026-12-31T18:00:00.000Z'))).toBe('2027-01-01 00:00:00');
  });

  it('does not depend on the process time zone', () => {
    const at = new Date('2019-12-04T06:23:48Z');
    for (const tz of ['UTC', 'America/New_York', 'Pacific/Chatham', 'Asia/Kolkata']) {
      process.env.TZ = tz;
      expect(formatDhakaDateTime(at)).toBe('2019-12-04 12:23:48');
      expect(fromDhakaParts(toDhakaParts(at))).toEqual(at);
    }
  });

  it('toDhakaParts and fromDhakaParts are inverse to the second, years 0-99 included', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('-000100-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), (at) => {
        expect(fromDhakaParts(toDhakaParts(at))).toEqual(truncatedToSecond(at));
      }),
    );
  });

  it('refuses an invalid Date with a DomainError', () => {
    expect(() => formatDhakaDateTime(new Date(Number.NaN))).toThrow(domainError('at', 'date'));
  });
});
