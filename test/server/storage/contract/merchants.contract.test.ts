import { expect, it } from 'vitest';
import { sha256Hex } from '../../../../server/payments/merchants.js';
import { describeEachStore, seedTestMerchant } from './stores.js';

describeEachStore('merchants', ({ store }) => {
  it('finds a seeded merchant by id and by the hash of its secret key, and lists it', async () => {
    const seeded = await store().transact((tx) => seedTestMerchant(tx));
    const { id, secretKey, ...fields } = seeded;
    await store().transact(async (tx) => {
      expect(await tx.merchants.get(id)).toEqual({ id, ...fields });
      expect(await tx.merchants.findBySecretKeySha256(sha256Hex(secretKey))).toEqual({ id, ...fields });
      expect(await tx.merchants.findBySecretKeySha256(sha256Hex(`${secretKey}x`))).toBeNull();
      expect(await tx.merchants.listIds()).toContain(id);
      expect(await tx.merchants.isEphemeral(id)).toBe(false);
    });
  });

  it('seeding again updates the row, and secrets listed later sign first', async () => {
    const at = new Date('2026-12-05T06:00:00.000Z');
    const { id, secretKey, ...merchant } = await store().transact((tx) => seedTestMerchant(tx, at));
    await store().transact((tx) =>
      tx.merchants.seed([{ id, ...merchant, name: 'Renamed', secretKey, webhookSecrets: ['whsec_old', 'whsec_new'] }], new Date(at.getTime() + 60_000)),
    );
    await store().transact(async (tx) => {
      expect((await tx.merchants.get(id))?.name).toBe('Renamed');
      expect(await tx.merchants.webhookSecrets(id)).toEqual(['whsec_new', 'whsec_old', `whsec_${id}`]);
    });
  });

  it('marks test-API merchants ephemeral, keeps them so when seeded again, and deletes them', async () => {
    const at = new Date('2026-12-05T06:00:00.000Z');
    const seed = { id: 'test_ephemeral_one', name: 'E', shortName: 'E', utility: null, billLayout: 'standard' as const, officeCode: '000' };
    const keyed = { ...seed, secretKey: 'sk_test_ephemeral_one', webhookSecrets: [] };
    await store().transact((tx) => tx.merchants.seed([keyed], at, { ephemeral: true }));
    await store().transact((tx) => tx.merchants.seed([keyed], at));
    expect(await store().transact((tx) => tx.merchants.isEphemeral(seed.id))).toBe(true);
    await store().transact((tx) => tx.merchants.delete(seed.id));
    await store().transact(async (tx) => {
      expect(await tx.merchants.get(seed.id)).toBeNull();
      expect(await tx.merchants.isEphemeral(seed.id)).toBeNull();
      expect(await tx.merchants.listIds()).not.toContain(seed.id);
    });
  });
});

describeEachStore('clocks', ({ store }) => {
  it("is 0 for a clock never moved, then holds the last offset set", async () => {
    const { id } = await store().transact((tx) => seedTestMerchant(tx));
    expect(await store().transact((tx) => tx.clocks.offsetMs(id))).toBe(0);
    await store().transact((tx) => tx.clocks.setOffsetMs(id, 600_000));
    await store().transact((tx) => tx.clocks.setOffsetMs(id, 900_000));
    expect(await store().transact((tx) => tx.clocks.offsetMs(id))).toBe(900_000);
  });

  it('adds to the offset in one statement: 10 racing advances add up', async () => {
    const { id } = await store().transact((tx) => seedTestMerchant(tx));
    const offsets = await Promise.all(Array.from({ length: 10 }, () => store().transact((tx) => tx.clocks.addOffsetMs(id, 60_000))));
    expect([...offsets].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 60_000));
    expect(await store().transact((tx) => tx.clocks.offsetMs(id))).toBe(600_000);
  });
});
