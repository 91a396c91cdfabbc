import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, MerchantClocks } from '../../server/clock.js';
import { openDatabase, type Database } from '../../server/storage/database.js';
import { sqliteMigrations } from '../../server/schema.js';
import { seedMerchants } from '../../server/payments/merchants.js';
import { tempDbFile } from '../helpers/temp-db.js';

describe('ManualClock', () => {
  it('moves only when told', () => {
    const clock = new ManualClock('2026-01-01T00:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    clock.advanceSeconds(300);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:05:00.000Z');
    clock.set('2027-02-03T04:05:06.000Z');
    expect(clock.now().toISOString()).toBe('2027-02-03T04:05:06.000Z');
  });
});

describe('MerchantClocks', () => {
  const opened: Array<{ db: Database; remove(): void }> = [];
  afterEach(() => {
    for (const { db, remove } of opened.splice(0)) {
      db.close();
      remove();
    }
  });

  function setup(file: string) {
    const db = openDatabase(file, sqliteMigrations);
    const base = new ManualClock('2026-01-01T00:00:00.000Z');
    seedMerchants(
      db,
      ['a', 'b'].map((id) => ({
        id,
        name: id,
        shortName: id,
        utility: null,
        billLayout: 'standard' as const,
        officeCode: '000',
        secretKey: `sk_${id}`,
        webhookSecrets: [],
      })),
      base.now(),
    );
    return { db, base, clocks: new MerchantClocks(db, base) };
  }

  it('moves one merchant without touching another, and keeps the offset across a reopen', () => {
    const temp = tempDbFile();
    const first = setup(temp.file);
    first.clocks.advance('a', 90_000);
    expect(first.clocks.merchantNow('a').toISOString()).toBe('2026-01-01T00:01:30.000Z');
    expect(first.clocks.merchantNow('b').toISOString()).toBe('2026-01-01T00:00:00.000Z');
    first.db.close();

    const second = setup(temp.file);
    opened.push({ db: second.db, remove: temp.remove });
    expect(second.clocks.offsetMs('a')).toBe(90_000);
    second.base.advance(1000);
    expect(second.clocks.merchantNow('a').toISOString()).toBe('2026-01-01T00:01:31.000Z');
  });

  it('never moves backwards', () => {
    const temp = tempDbFile();
    const { db, clocks } = setup(temp.file);
    opened.push({ db, remove: temp.remove });
    expect(() => clocks.advance('a', -1)).toThrow(RangeError);
    expect(clocks.offsetMs('a')).toBe(0);
  });
});
