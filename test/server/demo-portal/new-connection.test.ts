import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBanglaDigits } from '../../../domain/digits.js';
import {
  feesForMeter,
  NEW_CONNECTION_FEES,
  officeChoices,
  parseApplicationForm,
  type ApplicationForm,
} from '../../../server/demo-portal/new-connection.js';
import { testFixtures } from '../../helpers/server.js';

const offices = officeChoices(testFixtures().merchants);

function paisaOf(amount: string): bigint {
  const [taka = '0', paisa = '00'] = amount.split('.');
  return BigInt(taka) * 100n + BigInt(paisa.padEnd(2, '0'));
}

function formWith(overrides: ApplicationForm): ApplicationForm {
  return { office: 'wzpdco:104', applicantName: 'Rahima Begum', mobile: '01711223344', ...overrides };
}

describe('feesForMeter', () => {
  it('charges the demo schedule: application fee by phase, demand note = meter and service + 400.00 per kW', () => {
    expect(feesForMeter(1, '2')).toEqual({ applicationFee: '300.00', demandNote: '3300.00' });
    expect(feesForMeter(3, '7.5')).toEqual({ applicationFee: '600.00', demandNote: '9000.00' });
  });

  it('agrees with integer arithmetic for every load of up to 2 decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(1 as const, 3 as const), (loadHundredths, phases) => {
        const load = (loadHundredths / 100).toFixed(2); // a display string only; the oracle below is integer
        const fees = feesForMeter(phases, load);
        const deposit = paisaOf(NEW_CONNECTION_FEES.securityDepositPerKw) * BigInt(loadHundredths);
        const expected = paisaOf(NEW_CONNECTION_FEES.meterAndService[phases]) + (deposit + 50n) / 100n;
        expect(paisaOf(fees.demandNote)).toBe(expected);
        expect(fees.applicationFee).toBe(NEW_CONNECTION_FEES.applicationFee[phases]);
      }),
    );
  });
});

describe('officeChoices', () => {
  it("offers WZPDCO's circle offices by their 3-digit code and DESCO's S&D divisions", () => {
    const khulna4 = offices.find((o) => o.key === 'wzpdco:104');
    expect(khulna4).toMatchObject({ merchantId: 'wzpdco', officeCode: '104', name: 'Sales & Distribution Division-4, Khulna' });
    expect(offices.find((o) => o.key === 'desco:901')).toMatchObject({ merchantId: 'desco', name: 'S&D Division Gulshan' });
    expect(offices.every((o) => /^[0-9]{3}$/.test(o.officeCode))).toBe(true);
  });
});

describe('parseApplicationForm', () => {
  it('numbers the filled meter rows 1, 2, … in order, skipping empty rows', () => {
    const parsed = parseApplicationForm(formWith({ phases2: '1', load2: '2', phases4: '3', load4: '7.50' }), offices);
    expect(parsed).toEqual({
      ok: true,
      application: {
        merchantId: 'wzpdco',
        officeCode: '104',
        applicantName: 'Rahima Begum',
        mobile: '01711223344',
        meters: [
          { meterSerial: 1, phases: 1, loadKw: '2' },
          { meterSerial: 2, phases: 3, loadKw: '7.5' },
        ],
      },
    });
  });

  it('accepts Bangla digits in the mobile number and the loads', () => {
    const parsed = parseApplicationForm(formWith({ mobile: toBanglaDigits('01711223344'), phases1: '1', load1: toBanglaDigits('2.5') }), offices);
    expect(parsed.ok && parsed.application).toMatchObject({ mobile: '01711223344', meters: [{ loadKw: '2.5' }] });
  });

  it('collects every broken field, each with its rule', () => {
    const parsed = parseApplicationForm(
      { office: 'desco:999', applicantName: '  ', mobile: '0171', phases1: '2', load1: '1', phases2: '1', load2: '0', phases3: '3', load3: '1.234' },
      offices,
    );
    expect(parsed.ok).toBe(false);
    const rules = parsed.ok ? [] : parsed.errors.map((e) => `${e.field}:${e.rule}`);
    expect(rules).toEqual(['office:required', 'applicantName:required', 'mobile:format', 'phases1:required', 'load2:range', 'load3:format']);
  });

  it('needs at least one meter', () => {
    const parsed = parseApplicationForm(formWith({}), offices);
    expect(parsed.ok ? [] : parsed.errors.map((e) => `${e.field}:${e.rule}`)).toEqual(['meters:required']);
  });
});
