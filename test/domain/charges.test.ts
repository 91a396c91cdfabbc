import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { quoteCharges, type ChargeRule, type DiscountRule, type QuoteInput } from '../../domain/charges.js';
import { domainErrorOf } from './helpers.js';

const free: ChargeRule = { percent: '0', flat: '0.00' };

function percentRule(percent: string, extra: Partial<ChargeRule> = {}): ChargeRule {
  return { percent, flat: '0.00', ...extra };
}

describe('quoteCharges: the gateway table row', () => {
  it('rounds 11.00 at 1.5 % half-up to 0.17 (binary floats give 0.16)', () => {
    expect(Math.round(11 * 0.015 * 100) / 100).toBe(0.16);
    const quote = quoteCharges({ billAmount: '11.00', serviceCharge: percentRule('1.5') });
    expect(quote).toEqual({
      billAmount: '11.00',
      lateFee: '0.00',
      serviceCharge: '0.17',
      convenienceFee: '0.00',
      instrumentDiscount: '0.00',
      gatewayDiscount: '0.00',
      discount: '0.00',
      total: '11.17',
    });
  });

  it('takes percentages of bill amount + late fee', () => {
    const quote = quoteCharges({
      billAmount: '100.00',
      lateFee: '5.00',
      serviceCharge: percentRule('1'),
      convenienceFee: percentRule('2'),
    });
    expect(quote.serviceCharge).toBe('1.05');
    expect(quote.convenienceFee).toBe('2.10');
    expect(quote.total).toBe('108.15');
  });

  it('adds the flat part and clamps to min and max', () => {
    expect(quoteCharges({ billAmount: '11.00', serviceCharge: percentRule('0', { flat: '5' }) }).serviceCharge).toBe('5.00');
    const withMin = quoteCharges({ billAmount: '11.00', serviceCharge: percentRule('1.5', { min: '1.00' }) });
    expect(withMin.serviceCharge).toBe('1.00');
    const withMax = quoteCharges({ billAmount: '100000.00', serviceCharge: percentRule('1.5', { max: '100.00' }) });
    expect(withMax.serviceCharge).toBe('100.00');
    const inside = quoteCharges({ billAmount: '1000.00', serviceCharge: percentRule('1.5', { min: '1.00', max: '100.00' }) });
    expect(inside.serviceCharge).toBe('15.00');
  });

  it('rounds each component where it is computed, then sums the rounded components', () => {
    // 10.00 × 1.65 % = 0.165 → 0.17 and 10.00 × 1.25 % = 0.125 → 0.13: 10.30, where rounding
    // only the unrounded sum (10.29) would give 10.29.
    const quote = quoteCharges({
      billAmount: '10.00',
      serviceCharge: percentRule('1.65'),
      convenienceFee: percentRule('1.25'),
    });
    expect([quote.serviceCharge, quote.convenienceFee, quote.total]).toEqual(['0.17', '0.13', '10.30']);
  });

  it('applies the instrument discount to the service charge only', () => {
    const quote = quoteCharges({
      billAmount: '100.00',
      serviceCharge: percentRule('2'),
      convenienceFee: percentRule('0', { flat: '3.00' }),
      instrumentDiscount: { percent: '50', flat: '0.00' },
    });
    expect(quote.instrumentDiscount).toBe('1.00');
    expect(quote.gatewayDiscount).toBe('0.00');
    expect(quote.discount).toBe('1.00');
    expect(quote.total).toBe('104.00');
  });

  it('applies the gateway discount to the convenience fee only', () => {
    const quote = quoteCharges({
      billAmount: '100.00',
      serviceCharge: percentRule('2'),
      convenienceFee: percentRule('0', { flat: '3.00' }),
      gatewayDiscount: { percent: '100', flat: '0.00' },
    });
    expect(quote.gatewayDiscount).toBe('3.00');
    expect(quote.serviceCharge).toBe('2.00');
    expect(quote.total).toBe('102.00');
  });

  it('gives no gateway discount when there is no convenience fee to discount', () => {
    const quote = quoteCharges({
      billAmount: '11.00',
      serviceCharge: percentRule('1.5'),
      gatewayDiscount: { percent: '100', flat: '5.00' },
    });
    expect(quote.gatewayDiscount).toBe('0.00');
    expect(quote.total).toBe('11.17');
  });

  it('caps a discount at its max and at the charge it discounts', () => {
    const base: QuoteInput = { billAmount: '100.00', serviceCharge: percentRule('2') };
    const capped = quoteCharges({ ...base, instrumentDiscount: { percent: '50', flat: '0.00', max: '0.40' } });
    expect(capped.instrumentDiscount).toBe('0.40');
    const wholeCharge = quoteCharges({ ...base, instrumentDiscount: { percent: '0', flat: '10.00' } });
    expect(wholeCharge.instrumentDiscount).toBe('2.00');
    expect(wholeCharge.total).toBe('100.00');
  });

  it('rounds a discount half-up where it is computed', () => {
    const quote = quoteCharges({
      billAmount: '11.00',
      serviceCharge: percentRule('1.5'),
      instrumentDiscount: { percent: '50', flat: '0.00' },
    });
    expect(quote.instrumentDiscount).toBe('0.09'); // 0.17 × 50 % = 0.085
    expect(quote.total).toBe('11.08');
  });

  it('sums both discounts into discount', () => {
    const quote = quoteCharges({
      billAmount: '200.00',
      serviceCharge: percentRule('1'),
      convenienceFee: percentRule('0', { flat: '2.00' }),
      instrumentDiscount: { percent: '25', flat: '0.00' },
      gatewayDiscount: { percent: '0', flat: '1.50' },
    });
    expect([quote.instrumentDiscount, quote.gatewayDiscount, quote.discount]).toEqual(['0.50', '1.50', '2.00']);
    expect(quote.total).toBe('202.00');
  });
});

describe('quoteCharges: invalid input', () => {
  it.each<[string, QuoteInput, string, string]>([
    ['a zero bill', { billAmount: '0.00', serviceCharge: free }, 'billAmount', 'zero'],
    ['a number bill', { billAmount: 11 as unknown as string, serviceCharge: free }, 'billAmount', 'type'],
    ['a negative late fee', { billAmount: '11.00', lateFee: '-1', serviceCharge: free }, 'lateFee', 'negative'],
    ['a bad percent', { billAmount: '11.00', serviceCharge: percentRule('abc') }, 'serviceCharge.percent', 'format'],
    ['a percent above 100', { billAmount: '11.00', serviceCharge: percentRule('101') }, 'serviceCharge.percent', 'maximum'],
    ['min above max', { billAmount: '11.00', serviceCharge: percentRule('1', { min: '5', max: '1' }) }, 'serviceCharge.min', 'range'],
    ['a missing rule', { billAmount: '11.00' } as QuoteInput, 'serviceCharge', 'type'],
    ['a bad fee flat', { billAmount: '11.00', serviceCharge: free, convenienceFee: percentRule('0', { flat: '1.001' }) }, 'convenienceFee.flat', 'scale'],
    ['a negative discount max', { billAmount: '11.00', serviceCharge: free, gatewayDiscount: { percent: '0', flat: '0', max: '-1' } }, 'gatewayDiscount.max', 'negative'],
  ])('refuses %s', (_name, input, field, rule) => {
    const error = domainErrorOf(() => quoteCharges(input));
    expect([error.field, error.rule]).toEqual([field, rule]);
  });
});

// ---- properties, checked against an independent integer-paisa oracle ----

/** "12.34" ⇄ 1234n with integer arithmetic only. */
const toPaisa = (amount: string): bigint => BigInt(amount.replace('.', ''));
const fromPaisa = (paisa: number): string =>
  `${Math.floor(paisa / 100)}.${String(paisa % 100).padStart(2, '0')}`;

const amount = (min: number, max: number) => fc.integer({ min, max }).map(fromPaisa);
/** Percent with 4 decimals, as a string, from ten-thousandths of a percent. */
const percent = fc
  .integer({ min: 0, max: 1_000_000 })
  .map((units) => `${Math.floor(units / 10_000)}.${String(units % 10_000).padStart(4, '0')}`);

const chargeRule: fc.Arbitrary<ChargeRule> = fc
  .record({
    percent,
    flat: amount(0, 2_000),
    bounds: fc.option(fc.tuple(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 50_000 }))),
  })
  .map(({ percent: p, flat, bounds }) => {
    if (!bounds) return { percent: p, flat };
    const [low, high] = bounds[0] <= bounds[1] ? bounds : [bounds[1], bounds[0]];
    return { percent: p, flat, min: fromPaisa(low), max: fromPaisa(high) };
  });

const discountRule: fc.Arbitrary<DiscountRule> = fc.record(
  { percent, flat: amount(0, 1_000), max: amount(0, 1_000) },
  { requiredKeys: ['percent', 'flat'] },
);

const quoteInput: fc.Arbitrary<QuoteInput> = fc.record(
  {
    billAmount: amount(1, 100_000_000),
    lateFee: amount(0, 5_000_000),
    serviceCharge: chargeRule,
    convenienceFee: chargeRule,
    instrumentDiscount: discountRule,
    gatewayDiscount: discountRule,
  },
  { requiredKeys: ['billAmount', 'serviceCharge'] },
);

/** Half-up integer division for non-negative operands. */
const divideHalfUp = (numerator: bigint, denominator: bigint): bigint =>
  (numerator * 2n + denominator) / (denominator * 2n);

/** percent "1.5000" → 15000n ten-thousandths of a percent. */
const percentUnits = (text: string): bigint => {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole + fraction.padEnd(4, '0'));
};

function oracleCharge(basePaisa: bigint, rule: ChargeRule): bigint {
  // paisa × (units / 10^4) / 100 = paisa × units / 10^6
  let charge = divideHalfUp(basePaisa * percentUnits(rule.percent), 1_000_000n) + toPaisa(rule.flat);
  if (rule.min !== undefined && charge < toPaisa(rule.min)) charge = toPaisa(rule.min);
  if (rule.max !== undefined && charge > toPaisa(rule.max)) charge = toPaisa(rule.max);
  return charge;
}

function oracleDiscount(chargePaisa: bigint, rule: DiscountRule | undefined): bigint {
  if (!rule) return 0n;
  let discount = divideHalfUp(chargePaisa * percentUnits(rule.percent), 1_000_000n) + toPaisa(rule.flat);
  if (rule.max !== undefined && discount > toPaisa(rule.max)) discount = toPaisa(rule.max);
  return discount > chargePaisa ? chargePaisa : discount;
}

describe('quoteCharges: properties', () => {
  it('matches an integer-paisa computation of every component', () => {
    fc.assert(
      fc.property(quoteInput, (input) => {
        const quote = quoteCharges(input);
        const base = toPaisa(input.billAmount) + toPaisa(input.lateFee ?? '0.00');
        const serviceCharge = oracleCharge(base, input.serviceCharge);
        const convenienceFee = input.convenienceFee ? oracleCharge(base, input.convenienceFee) : 0n;
        expect(toPaisa(quote.serviceCharge)).toBe(serviceCharge);
        expect(toPaisa(quote.convenienceFee)).toBe(convenienceFee);
        expect(toPaisa(quote.instrumentDiscount)).toBe(oracleDiscount(serviceCharge, input.instrumentDiscount));
        expect(toPaisa(quote.gatewayDiscount)).toBe(oracleDiscount(convenienceFee, input.gatewayDiscount));
      }),
    );
  });

  it('has a total exactly equal to the sum of its parts, and discount to both discounts', () => {
    fc.assert(
      fc.property(quoteInput, (input) => {
        const q = quoteCharges(input);
        const parts =
          toPaisa(q.billAmount) + toPaisa(q.lateFee) + toPaisa(q.serviceCharge) -
          toPaisa(q.instrumentDiscount) + toPaisa(q.convenienceFee) - toPaisa(q.gatewayDiscount);
        expect(toPaisa(q.total)).toBe(parts);
        expect(toPaisa(q.discount)).toBe(toPaisa(q.instrumentDiscount) + toPaisa(q.gatewayDiscount));
      }),
    );
  });

  it('never gives a negative charge or a discount larger than what it discounts', () => {
    fc.assert(
      fc.property(quoteInput, (input) => {
        const q = quoteCharges(input);
        for (const value of [q.serviceCharge, q.convenienceFee, q.instrumentDiscount, q.gatewayDiscount]) {
          expect(value).toMatch(/^\d+\.\d{2}$/);
        }
        expect(toPaisa(q.instrumentDiscount)).toBeLessThanOrEqual(toPaisa(q.serviceCharge));
        expect(toPaisa(q.gatewayDiscount)).toBeLessThanOrEqual(toPaisa(q.convenienceFee));
        expect(toPaisa(q.total)).toBeGreaterThanOrEqual(toPaisa(q.billAmount) + toPaisa(q.lateFee));
      }),
    );
  });
});
