import { expect, it } from 'vitest';
import { passwordMatches } from '../../../../server/dialects/credentials.js';
import { describeEachStore, seedTestMerchant } from './stores.js';

describeEachStore('dialect credentials', ({ store }) => {
  it('finds whose a login is and checks its password by hash; the account carries the signing key', async () => {
    const { id } = await store().transact((tx) => seedTestMerchant(tx));
    const credentials = { ekpay: { login: `${id}_ekpay`, password: 'Ekpay@1234' }, sslcommerz: { login: `${id}ssl`, password: 'ssl@pass' } };
    await store().transact((tx) => tx.dialects.storeCredentials(id, credentials));
    await store().transact(async (tx) => {
      const login = await tx.dialects.login('ekpay', `${id}_ekpay`);
      expect(login?.merchantId).toBe(id);
      expect(passwordMatches('Ekpay@1234', login?.secretSha256 ?? '')).toBe(true);
      expect(passwordMatches('Ekpay@12345', login?.secretSha256 ?? '')).toBe(false);
      expect(await tx.dialects.login('sslcommerz', `${id}_ekpay`)).toBeNull();
      // SSLCommerz signs with md5 of the store password (verify_sign); ekPay signs nothing.
      expect(await tx.dialects.account('sslcommerz', id)).toEqual({ login: `${id}ssl`, signingKey: 'f32476d78f948a8ce60917073e36ceb6' });
      expect(await tx.dialects.account('ekpay', id)).toEqual({ login: `${id}_ekpay`, signingKey: null });
    });
  });

  it('replaces every credential of the merchant when stored again', async () => {
    const { id } = await store().transact((tx) => seedTestMerchant(tx));
    await store().transact((tx) => tx.dialects.storeCredentials(id, { ekpay: { login: `${id}_one`, password: 'a' } }));
    await store().transact((tx) => tx.dialects.storeCredentials(id, { sslcommerz: { login: `${id}_two`, password: 'b' } }));
    await store().transact(async (tx) => {
      expect(await tx.dialects.login('ekpay', `${id}_one`)).toBeNull();
      expect(await tx.dialects.account('ekpay', id)).toBeNull();
      expect((await tx.dialects.login('sslcommerz', `${id}_two`))?.merchantId).toBe(id);
    });
  });
});
