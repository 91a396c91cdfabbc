import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { officeCodeOfAccount } from '../../domain/catalog.js';
import { groupLakh } from '../../domain/money.js';
import { energyForRecharge } from '../../domain/prepaid-tariff.js';
import { domainError } from './helpers.js';

describe('groupLakh', () => {
  it('groups as Bangladesh writes amounts', () => {
    expect(['11.00', '999.99', '1000.00', '100000.00', '1234567.50', '10000000.00'].map(groupLakh)).toEqual([
      '11.00',
      '999.99',
      '1,000.00',
      '1,00,000.00',
      '12,34,567.50',
      '1,00,00,000.00',
    ]);
  });

  it('only adds commas: three digits last, then pairs', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 99 }), (whole, paisa) => {
        const amount = `${whole}.${String(paisa).padStart(2, '0')}`;
        const grouped = groupLakh(amount);
        expect(grouped.replaceAll(',', '')).toBe(amount);
        const groups = grouped.split('.')[0]?.split(',') ?? [];
        expect(groups.at(-1)?.length).toBe(Math.min(3, String(whole).length));
        for (const group of groups.slice(1, -1)) expect(group).toHaveLength(2);
        expect(groups[0]?.length).toBeLessThanOrEqual(groups.length > 1 ? 2 : 3);
      }),
    );
  });

  it('refuses what is not a plain amount', () => {
    expect(() => groupLakh('1e5')).toThrow(RangeError);
  });
});

describe('energyForRecharge', () => {
  const tariff = { ratePerKwh: '7.50', vatPercent: '5' };

  it('takes the VAT out, then buys energy at the rate, rounded down to 0.01 kWh', () => {
    // 500 / 1.05 = 476.190476…; / 7.50 = 63.4920…
    expect(energyForRecharge('500.00', tariff)).toBe('63.49');
    expect(energyForRecharge('7.88', tariff)).toBe('1.00');
  });

  it('never credits more than was paid, nor a whole 0.01 kWh less', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000 }), (paisa) => {
        const amount = new Decimal(paisa).dividedBy(100).toFixed(2);
        const kwh = new Decimal(energyForRecharge(amount, tariff));
        const cost = (energy: Decimal) => energy.times('7.50').times('1.05');
        expect(cost(kwh).lessThanOrEqualTo(amount)).toBe(true);
        expect(cost(kwh.plus('0.01')).greaterThan(amount)).toBe(true);
      }),
    );
  });
});

describe('officeCodeOfAccount', () => {
  it("takes a DESCO account's office from descoOffices, the table the portal names its division from", () => {
    expect(['12345678', '21000001', '34009876'].map((a) => officeCodeOfAccount(a, 'desco'))).toEqual(['901', '902', '903']);
  });

  it('takes a 9-digit account’s office from its first three digits (seed 002)', () => {
    expect(officeCodeOfAccount('104231245', 'standard')).toBe('104');
  });

  it('refuses a DESCO account whose prefix names no division', () => {
    expect(() => officeCodeOfAccount('87654321', 'desco')).toThrow(domainError('accountNo', 'unknown_office'));
  });
});
