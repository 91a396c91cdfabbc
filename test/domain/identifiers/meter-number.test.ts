import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../../../domain/catalog.js';
import { formatMeterNumber, parseMeterNumber } from '../../../domain/identifiers/index.js';
import { digitString, domainError, expectRoundTrip, itAcceptsTypedForms, itRejects } from '../helpers.js';

/** Any meter number the default catalog accepts, built from its own codes. */
const validMeterNumber = fc
  .tuple(
    fc.constantFrom(...defaultCatalog.utilities.flatMap((u) => u.meterCodes)),
    fc.constantFrom(...defaultCatalog.meterManufacturers.map((m) => m.code)),
    fc.constantFrom(...defaultCatalog.meterTypes.map((t) => t.code)),
    digitString(7),
  )
  .map((parts) => parts.join(''));

describe('parseMeterNumber', () => {
  it("decodes seed 002's worked example 050350143117", () => {
    expect(parseMeterNumber('050350143117')).toEqual({
      value: '050350143117',
      utility: {
        code: '05',
        id: 'WZPDCO',
        name: 'West Zone Power Distribution Company Ltd.',
        bnName: 'ওয়েস্ট জোন পাওয়ার ডিস্ট্রিবিউশন কোম্পানি লিমিটেড',
      },
      manufacturer: {
        code: '03',
        name: 'Bangladesh Smart Electrical Co. (BSECO)',
        bnName: 'বাংলাদেশ স্মার্ট ইলেকট্রিক্যাল কোম্পানি (বিসেকো)',
      },
      meterType: {
        code: '5',
        name: 'Single-phase smart (online) keypad meter',
        bnName: 'সিঙ্গেল ফেজ স্মার্ট (অনলাইন) কিপ্যাড মিটার',
        phases: 1,
        mode: 'smart',
        entry: 'keypad',
      },
      serial: '0143117',
    });
  });

  it.each([
    ['01', 'BPDB'],
    ['02', 'DPDC'],
    ['03', 'DESCO'],
    ['06', 'DESCO'],
    ['04', 'BREB'],
    ['05', 'WZPDCO'],
    ['11', 'NESCO'],
  ])('maps utility code %s to %s, as seed 002 lists', (code, id) => {
    expect(parseMeterNumber(`${code}0110000001`).utility.id).toBe(id);
  });

  it.each([
    ['01', 'Hexing Electrical Co.'],
    ['02', 'Shenzhen Inhemeter Co. (Ideal)'],
    ['03', 'Bangladesh Smart Electrical Co. (BSECO)'],
  ])('maps manufacturer code %s to %s', (code, name) => {
    expect(parseMeterNumber(`05${code}10000001`).manufacturer.name).toBe(name);
  });

  it.each([
    ['1', 1, 'offline', 'keypad'],
    ['2', 1, 'offline', 'card'],
    ['3', 3, 'offline', 'keypad'],
    ['4', 3, 'offline', 'card'],
    ['5', 1, 'smart', 'keypad'],
    ['6', 3, 'smart', 'keypad'],
  ])('meter type %s is %d-phase %s %s', (code, phases, mode, entry) => {
    expect(parseMeterNumber(`0501${code}0000001`).meterType).toMatchObject({ code, phases, mode, entry });
  });

  itAcceptsTypedForms(parseMeterNumber, '050350143117', ['০৫০৩৫০১৪৩১১৭', '0503-5-0143117', '05 03 5 0143117']);

  itRejects(parseMeterNumber, 'meterNo', [
    [50350143117, 'type'],
    ['', 'required'],
    ['05035014311x', 'digits'],
    ['05035014311', 'length'],
    ['0503501431170', 'length'],
    ['070350143117', 'unknown_utility'],
    ['000350143117', 'unknown_utility'],
    ['050450143117', 'unknown_manufacturer'],
    ['050300143117', 'unknown_meter_type'],
    ['050370143117', 'unknown_meter_type'],
  ]);

  it('says which code is unknown and which ones exist', () => {
    expect(() => parseMeterNumber('070350143117')).toThrow(/utility code 07.*05 WZPDCO/);
  });
});

describe('formatMeterNumber', () => {
  it('round-trips every valid meter number, also from Bangla digits', () => {
    fc.assert(
      fc.property(validMeterNumber, (value) => {
        expectRoundTrip(value, parseMeterNumber, formatMeterNumber);
      }),
    );
  });

  it('refuses parts that are not their own length', () => {
    const parsed = parseMeterNumber('050350143117');
    expect(() => formatMeterNumber({ ...parsed, serial: '143117' })).toThrow(domainError('meterNo', 'format'));
  });

  it('still checks the codes of parts it is given', () => {
    const parsed = parseMeterNumber('050350143117');
    expect(() => formatMeterNumber({ ...parsed, utility: { ...parsed.utility, code: '99' } })).toThrow(
      domainError('meterNo', 'unknown_utility'),
    );
  });
});
