import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../../server/payments/bounded-cache.js';

describe('BoundedCache', () => {
  it('computes each key once and answers the same value after', () => {
    const cache = new BoundedCache<{ key: string }>(10);
    let computed = 0;
    const compute = (key: string) => () => {
      computed += 1;
      return { key };
    };
    const first = cache.get('11.00|0.00', compute('11.00|0.00'));
    expect(cache.get('11.00|0.00', compute('11.00|0.00'))).toBe(first);
    expect(cache.get('12.00|0.00', compute('12.00|0.00'))).toEqual({ key: '12.00|0.00' });
    expect(computed).toBe(2);
  });

  it('never holds more than its bound, whatever the keys', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.string(), { maxLength: 300 }), (max, keys) => {
        const cache = new BoundedCache<string>(max);
        for (const key of keys) {
          expect(cache.get(key, () => key.toUpperCase())).toBe(key.toUpperCase());
          expect(cache.size).toBeLessThanOrEqual(max);
        }
      }),
    );
  });

  it('caches nothing when the computation throws', () => {
    const cache = new BoundedCache<number>(5);
    expect(() =>
      cache.get('bad', () => {
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(cache.size).toBe(0);
    expect(cache.get('bad', () => 7)).toBe(7);
  });

  it('keeps a cached undefined as a value', () => {
    const cache = new BoundedCache<undefined>(2);
    let computed = 0;
    cache.get('k', () => {
      computed += 1;
      return undefined;
    });
    cache.get('k', () => {
      computed += 1;
      return undefined;
    });
    expect(computed).toBe(1);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new BoundedCache(0)).toThrow(RangeError);
    expect(() => new BoundedCache(2.5)).toThrow(RangeError);
  });
});
