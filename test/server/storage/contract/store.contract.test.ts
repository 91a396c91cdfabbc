/**
 * What every engine's Store promises about a write unit: its result once committed, all or nothing,
 * effects only after the commit, and no unit seeing what another unit wrote and then rolled back.
 */
import { expect, it } from 'vitest';
import { describeEachStore, seedTestMerchant } from './stores.js';

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describeEachStore('Store.transact', ({ store }) => {
  it('resolves with what the unit returns, and a later unit reads what it wrote', async () => {
    const seeded = await store().transact((tx) => seedTestMerchant(tx));
    const found = await store().transact((tx) => tx.merchants.get(seeded.id));
    expect(found).toMatchObject({ id: seeded.id, name: seeded.name, officeCode: '305' });
  });

  it('rolls the whole unit back when it throws, and rejects with what it threw', async () => {
    const failure = new Error('the unit gives up');
    let seededId = '';
    await expect(
      store().transact(async (tx) => {
        seededId = (await seedTestMerchant(tx)).id;
        await tx.clocks.setOffsetMs(seededId, 60_000);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(seededId).not.toBe('');
    expect(await store().transact((tx) => tx.merchants.get(seededId))).toBeNull();
    expect(await store().transact((tx) => tx.clocks.offsetMs(seededId))).toBe(0);
  });

  it('runs afterCommit effects once committed, in order, and never for a unit that rolled back', async () => {
    const ran: string[] = [];
    const result = await store().transact(async (tx) => {
      tx.afterCommit(() => ran.push('first'));
      await seedTestMerchant(tx);
      tx.afterCommit(() => ran.push('second'));
      expect(ran).toEqual([]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(ran).toEqual(['first', 'second']);

    await expect(
      store().transact(async (tx) => {
        tx.afterCommit(() => ran.push('rolled back'));
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(ran).toEqual(['first', 'second']);
  });

  it("never lets a unit read another unit's writes that are then rolled back", async () => {
    const seeded = gate();
    const hold = gate();
    let merchantId = '';
    const writer = store().transact(async (tx) => {
      merchantId = (await seedTestMerchant(tx)).id;
      seeded.open();
      await hold.opened;
      throw new Error('the writer gives up');
    });
    await seeded.opened;
    // Asked for while the writer holds its unit open: it runs beside it (PostgreSQL) or after it (SQLite).
    const reader = store().transact((tx) => tx.merchants.get(merchantId));
    hold.open();
    await expect(writer).rejects.toThrow('the writer gives up');
    expect(await reader).toBeNull();
  });

  it('keeps every unit of many started at once, each on its own merchant', async () => {
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_unused, index) =>
        store().transact(async (tx) => {
          const merchant = await seedTestMerchant(tx);
          await tx.clocks.setOffsetMs(merchant.id, index * 1000);
          return merchant.id;
        }),
      ),
    );
    // One statement at a time in a unit, as the services do (a pg client runs one query at a time).
    const offsets = await store().transact(async (tx) => {
      const read: number[] = [];
      for (const id of ids) read.push(await tx.clocks.offsetMs(id));
      return read;
    });
    expect(offsets).toEqual(ids.map((_id, index) => index * 1000));
  });
});
