import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, MerchantClocks } from '../../server/clock.js';
import { openDatabase } from '../../server/storage/database.js';
import { SqliteStore } from '../../server/storage/sqlite/store.js';
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
  const opened: Array<{ store: SqliteStore; remove(): void }> = [];
  afterEach(async () => {
    for (const { store, remove } of opened.splice(0)) {
      await store.close();
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
    return { store: new SqliteStore(db), base, clocks: new MerchantClocks(base) };
  }

  it('moves one merchant without touching another, and keeps the offset across a reopen', async () => {
    const temp = tempDbFile();
    const first = setup(temp.file);
    const moved = await first.store.transact((tx) => first.clocks.advance(tx, 'a', 90_000));
    expect(moved.toISOString()).toBe('2026-01-01T00:01:30.000Z');
    expect((await first.store.read((tx) => first.clocks.now(tx, 'a'))).toISOString()).toBe('2026-01-01T00:01:30.000Z');
    expect((await first.store.read((tx) => first.clocks.now(tx, 'b'))).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    await first.store.close();

    const second = setup(temp.file);
    opened.push({ store: second.store, remove: temp.remove });
    second.base.advance(1000);
    expect((await second.store.read((tx) => second.clocks.now(tx, 'a'))).toISOString()).toBe('2026-01-01T00:01:31.000Z');
    await second.store.transact((tx) => second.clocks.reset(tx, 'a'));
    expect((await second.store.read((tx) => second.clocks.now(tx, 'a'))).toISOString()).toBe('2026-01-01T00:00:01.000Z');
  });

  it('never moves backwards', async () => {
    const temp = tempDbFile();
    const { store, clocks } = setup(temp.file);
    opened.push({ store, remove: temp.remove });
    await expect(store.transact((tx) => clocks.advance(tx, 'a', -1))).rejects.toThrow(RangeError);
    expect(await store.read((tx) => tx.clocks.offsetMs('a'))).toBe(0);
  });
});
