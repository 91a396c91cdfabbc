import { expect, it } from 'vitest';
import { passwordMatches } from '../../../../server/dialects/credentials.js';
import { paymentKeyOf } from '../../../../server/dialects/sessions.js';
import { CREATED_AT, newPayment, unique } from './payments.fixtures.js';
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

describeEachStore('dialect sessions', ({ store }) => {
  /** A payment of a merchant of its own with an SSLCommerz session, found also by `keys`. */
  async function sessionOf(keys: string[], data: Record<string, unknown> = { currency: 'BDT' }) {
    return store().transact(async (tx) => {
      const { id: merchantId } = await seedTestMerchant(tx);
      await tx.dialects.storeCredentials(merchantId, { sslcommerz: { login: `${merchantId}ssl`, password: 'p' } });
      // A payment id as the server makes them (32 hex digits), which paymentKeyOf turns into a key.
      const payment = newPayment(merchantId, { id: `pay_${unique()}${unique()}` });
      await tx.payments.insert(payment);
      const session = { paymentId: payment.id, merchantId, dialect: 'sslcommerz' as const, reference: payment.reference, data, createdAt: CREATED_AT };
      await tx.dialects.insertSession(session, keys);
      return session;
    });
  }

  it('finds a session by its payment, by each key, by its payment key and by reference', async () => {
    const key = `VAL${unique()}`;
    const session = await sessionOf([key]);
    await store().transact(async (tx) => {
      expect(await tx.dialects.session(session.paymentId)).toEqual(session);
      expect(await tx.dialects.sessionByKey('sslcommerz', key)).toEqual(session);
      expect(await tx.dialects.sessionByKey('ekpay', key)).toBeNull();
      expect(await tx.dialects.sessionByKey('sslcommerz', paymentKeyOf(session.paymentId))).toEqual(session);
      expect(await tx.dialects.sessionByReference('sslcommerz', session.reference, session.merchantId)).toEqual(session);
      // Without credentials in the request (ekPay's get-status): any merchant with the dialect.
      expect(await tx.dialects.sessionByReference('sslcommerz', session.reference, null)).toEqual(session);
      expect(await tx.dialects.sessionByReference('ekpay', session.reference, null)).toBeNull();
    });
  });

  it('adds keys later and replaces the session data', async () => {
    const session = await sessionOf([]);
    const key = `VAL${unique()}`;
    await store().transact(async (tx) => {
      await tx.dialects.addKey('sslcommerz', key, session.paymentId);
      await tx.dialects.updateSessionData(session.paymentId, { currency: 'BDT', validated: true });
    });
    expect(await store().transact((tx) => tx.dialects.sessionByKey('sslcommerz', key))).toEqual({
      ...session,
      data: { currency: 'BDT', validated: true },
    });
  });
});
