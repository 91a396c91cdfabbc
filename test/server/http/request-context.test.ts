/** A request's merchant with its clock offset and faults, read through the store on both engines, once per request. */
import type { Request } from 'express';
import { expect, it } from 'vitest';
import { attributeRequest, requestContexts } from '../../../server/http/request-context.js';
import type { Store } from '../../../server/storage/port.js';
import { newPayment } from '../storage/contract/payments.fixtures.js';
import { describeEachStore, seedTestMerchant } from '../storage/contract/stores.js';

/** Just what the resolver reads of a request. */
function fakeRequest(originalUrl: string, authorization?: string): Request {
  return { originalUrl, get: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined) } as unknown as Request;
}

/** Counts the store's read units, to prove a request is read once. */
function countingReads(store: Store): { store: Store; reads(): number } {
  let reads = 0;
  const counted: Store = Object.create(store) as Store;
  counted.read = (work) => {
    reads += 1;
    return store.read(work);
  };
  return { store: counted, reads: () => reads };
}

const AT = new Date('2026-12-05T06:00:00.000Z');

describeEachStore('requestContexts', ({ store }) => {
  it('reads the merchant of the secret key with its clock offset and faults, in one unit per request', async () => {
    const merchant = await store().transact(async (tx) => {
      const seeded = await seedTestMerchant(tx);
      await tx.clocks.addOffsetMs(seeded.id, 90_000);
      await tx.faults.put(seeded.id, { api: { status: 503 } }, AT);
      return seeded;
    });
    const counted = countingReads(store());
    const contexts = requestContexts(counted.store);
    const req = fakeRequest('/api/v1/payments', `Bearer ${merchant.secretKey}`);
    const context = await contexts.of(req);
    expect(context).toMatchObject({ merchant: { id: merchant.id }, clockOffsetMs: 90_000, faults: { api: { status: 503 } } });
    expect(await contexts.of(req)).toBe(context);
    expect(await contexts.merchantOf(req)).toBe(merchant.id);
    expect(counted.reads()).toBe(1);
    expect(await contexts.of(fakeRequest('/api/v1/payments', 'Bearer sk_test_unknown'))).toBeNull();
    expect(await contexts.merchantOf(fakeRequest('/api/v1/payments'))).toBeNull();
  });

  it('finds a checkout request’s merchant through the payment in its path', async () => {
    const { id: merchantId } = await store().transact((tx) => seedTestMerchant(tx));
    const payment = newPayment(merchantId);
    await store().transact((tx) => tx.payments.insert(payment));
    const contexts = requestContexts(store());
    expect(await contexts.of(fakeRequest(`/api/v1/checkout/${payment.id}/confirm`))).toMatchObject({ merchant: { id: merchantId }, faults: null });
    expect(await contexts.merchantOf(fakeRequest('/api/v1/checkout/pay_0123456789abcdef/confirm'))).toBeNull();
  });

  it('answers the merchant a route attributed without reading, and reads that merchant’s context when asked', async () => {
    const merchant = await store().transact((tx) => seedTestMerchant(tx));
    const counted = countingReads(store());
    const contexts = requestContexts(counted.store);
    const req = fakeRequest('/ekpaypg/v1/merchant-api', 'Bearer sk_test_whatever');
    attributeRequest(req, merchant.id);
    expect(await contexts.merchantOf(req)).toBe(merchant.id);
    expect(counted.reads()).toBe(0);
    expect(await contexts.of(req)).toMatchObject({ merchant: { id: merchant.id }, clockOffsetMs: 0 });
    expect(counted.reads()).toBe(1);
  });
});
