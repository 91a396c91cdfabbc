/** Which merchant a request belongs to, read through the store on both engines, once per request. */
import type { Request } from 'express';
import { expect, it } from 'vitest';
import { attributeRequest, requestMerchantResolver } from '../../../server/journal/request-merchant.js';
import type { Store } from '../../../server/storage/port.js';
import { newPayment } from '../storage/contract/payments.fixtures.js';
import { describeEachStore, seedTestMerchant } from '../storage/contract/stores.js';

/** Just what the resolver reads of a request. */
function fakeRequest(originalUrl: string, authorization?: string): Request {
  return { originalUrl, get: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined) } as unknown as Request;
}

/** Counts the store's read units, to prove a request is resolved once. */
function countingReads(store: Store): { store: Store; reads(): number } {
  let reads = 0;
  const counted: Store = Object.create(store) as Store;
  counted.read = (work) => {
    reads += 1;
    return store.read(work);
  };
  return { store: counted, reads: () => reads };
}

describeEachStore('requestMerchantResolver', ({ store }) => {
  it('finds the merchant by its secret key, once per request', async () => {
    const merchant = await store().transact((tx) => seedTestMerchant(tx));
    const counted = countingReads(store());
    const merchantOf = requestMerchantResolver(counted.store);
    const req = fakeRequest('/api/v1/payments', `Bearer ${merchant.secretKey}`);
    expect(await merchantOf(req)).toBe(merchant.id);
    expect(await merchantOf(req)).toBe(merchant.id);
    expect(counted.reads()).toBe(1);
    expect(await merchantOf(fakeRequest('/api/v1/payments', 'Bearer sk_test_unknown'))).toBeNull();
    expect(await merchantOf(fakeRequest('/api/v1/payments'))).toBeNull();
  });

  it('finds a checkout request’s merchant through the payment in its path', async () => {
    const { id: merchantId } = await store().transact((tx) => seedTestMerchant(tx));
    const payment = newPayment(merchantId);
    await store().transact((tx) => tx.payments.insert(payment));
    const merchantOf = requestMerchantResolver(store());
    expect(await merchantOf(fakeRequest(`/api/v1/checkout/${payment.id}/confirm`))).toBe(merchantId);
    expect(await merchantOf(fakeRequest('/api/v1/checkout/pay_0123456789abcdef/confirm'))).toBeNull();
  });

  it('answers what the route’s authentication attributed, without reading', async () => {
    const counted = countingReads(store());
    const merchantOf = requestMerchantResolver(counted.store);
    const req = fakeRequest('/api/v1/payments', 'Bearer sk_test_whatever');
    attributeRequest(req, 'attributed_merchant');
    expect(await merchantOf(req)).toBe('attributed_merchant');
    expect(counted.reads()).toBe(0);
  });
});
