import { expect, it } from 'vitest';
import { sha256Hex } from '../../../../server/payments/merchants.js';
import { newPayment } from './payments.fixtures.js';
import { describeEachStore, seedTestMerchant } from './stores.js';

const SETTINGS = { api: { status: 503, probability: 0.5, seed: 7 }, webhooks: { failFirst: 2 } };

describeEachStore('faults', ({ store }) => {
  it('stores, replaces, lists and clears a merchant’s settings', async () => {
    const { id } = await store().transact((tx) => seedTestMerchant(tx));
    const at = new Date('2026-12-05T06:00:00.000Z');
    await store().transact(async (tx) => {
      expect(await tx.faults.get(id)).toBeNull();
      await tx.faults.put(id, SETTINGS, at);
      expect(await tx.faults.get(id)).toEqual(SETTINGS);
      await tx.faults.put(id, { api: { drop: true } }, at);
      expect(await tx.faults.get(id)).toEqual({ api: { drop: true } });
      expect(await tx.faults.all()).toContainEqual({ merchantId: id, settings: { api: { drop: true } } });
      expect(await tx.faults.clear(id)).toBe(true);
      expect(await tx.faults.clear(id)).toBe(false);
      expect(await tx.faults.get(id)).toBeNull();
    });
  });

  it('hands out each draw index once to units drawing at the same time, and starts again when the settings change', async () => {
    const { id } = await store().transact((tx) => seedTestMerchant(tx));
    const at = new Date('2026-12-05T06:00:00.000Z');
    expect(await store().transact((tx) => tx.faults.takeDraw(id))).toBeNull();
    await store().transact((tx) => tx.faults.put(id, SETTINGS, at));
    const draws = await Promise.all(Array.from({ length: 60 }, () => store().transact((tx) => tx.faults.takeDraw(id))));
    expect([...draws].sort((a, b) => (a as number) - (b as number))).toEqual(Array.from({ length: 60 }, (_unused, index) => index));
    await store().transact((tx) => tx.faults.put(id, SETTINGS, at));
    expect(await store().transact((tx) => tx.faults.takeDraw(id))).toBe(0);
  });
});

describeEachStore('request context', ({ store }) => {
  it('reads a merchant with its clock offset and faults, by key hash, by id and by one of its payments', async () => {
    const merchant = await store().transact((tx) => seedTestMerchant(tx));
    const { secretKey, ...fields } = merchant;
    const at = new Date('2026-12-05T06:00:00.000Z');
    const bare = await store().transact((tx) => tx.requestContext.byMerchantId(merchant.id));
    expect(bare).toEqual({ merchant: fields, clockOffsetMs: 0, faults: null });

    await store().transact(async (tx) => {
      await tx.clocks.setOffsetMs(merchant.id, 300_000);
      await tx.faults.put(merchant.id, SETTINGS, at);
    });
    const expected = { merchant: fields, clockOffsetMs: 300_000, faults: SETTINGS };
    expect(await store().transact((tx) => tx.requestContext.bySecretKeySha256(sha256Hex(secretKey)))).toEqual(expected);
    expect(await store().transact((tx) => tx.requestContext.byMerchantId(merchant.id))).toEqual(expected);
    const payment = newPayment(merchant.id);
    await store().transact((tx) => tx.payments.insert(payment));
    expect(await store().read((tx) => tx.requestContext.byPaymentId(payment.id))).toEqual(expected);
  });

  it('finds nothing by a payment once its merchant’s payments are deleted, or the payment’s unit rolled back', async () => {
    const merchant = await store().transact((tx) => seedTestMerchant(tx));
    const merchantOf = (paymentId: string) => store().read(async (tx) => (await tx.requestContext.byPaymentId(paymentId))?.merchant.id ?? null);
    const kept = newPayment(merchant.id);
    await store().transact((tx) => tx.payments.insert(kept));
    expect(await merchantOf(kept.id)).toBe(merchant.id);
    expect(await merchantOf(kept.id)).toBe(merchant.id);
    await store().transact((tx) => tx.payments.deleteOfMerchant(merchant.id));
    expect(await merchantOf(kept.id)).toBeNull();

    const undone = newPayment(merchant.id);
    await expect(
      store().transact(async (tx) => {
        await tx.payments.insert(undone);
        // The unit sees its own payment; once it rolls back, nobody does.
        expect((await tx.requestContext.byPaymentId(undone.id))?.merchant.id).toBe(merchant.id);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await merchantOf(undone.id)).toBeNull();
  });

  it('finds nothing for an unknown key or merchant', async () => {
    await store().transact(async (tx) => {
      expect(await tx.requestContext.bySecretKeySha256(sha256Hex('sk_test_nobody'))).toBeNull();
      expect(await tx.requestContext.byMerchantId('test_nobody')).toBeNull();
      expect(await tx.requestContext.byPaymentId('pay_0123456789abcdef')).toBeNull();
    });
  });
});
