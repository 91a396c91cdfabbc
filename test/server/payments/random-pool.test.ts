import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomPool } from '../../../server/payments/random-pool.js';

describe('RandomPool', () => {
  it('hands out the asked number of bytes as base64url, across refills', () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 256 }), fc.array(fc.integer({ min: 1, max: 16 }), { maxLength: 200 }), (size, lengths) => {
        const pool = new RandomPool(size);
        for (const length of lengths) {
          const text = pool.base64url(length);
          expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
          expect(Buffer.from(text, 'base64url')).toHaveLength(length);
        }
      }),
    );
  });

  it('never hands out the same bytes twice', () => {
    // A tiny pool refills every other draw; 20,000 draws of 18 bytes cross thousands of refills.
    const pool = new RandomPool(40);
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i += 1) seen.add(pool.base64url(18));
    expect(seen.size).toBe(20_000);
  });

  it('looks uniformly random: every byte value turns up, none far too often', () => {
    const pool = new RandomPool();
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 4_000; i += 1) for (const byte of Buffer.from(pool.base64url(64), 'base64url')) counts[byte] = (counts[byte] ?? 0) + 1;
    // 256,000 bytes: 1,000 expected per value; 1,200 is more than six standard deviations out.
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1_200);
  });

  it('refuses draws it cannot serve', () => {
    const pool = new RandomPool(32);
    expect(() => pool.base64url(0)).toThrow(RangeError);
    expect(() => pool.base64url(33)).toThrow(RangeError);
    expect(() => pool.base64url(1.5)).toThrow(RangeError);
  });
});
