import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkVerifySign, signedString, signFields, VERIFY_KEYS } from '../../../../server/dialects/sslcommerz/verify-sign.js';
import { phpHashVerify } from './sslcommerz-helpers.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('SSLCommerz verify_sign', () => {
  it('is md5 of the ksorted listed fields plus store_passwd = md5(password), values raw', () => {
    const storeMd5 = md5('qwerty');
    const text = signedString({ tran_id: 'T1', amount: '100.00', val_id: 'V&1 x' }, 'tran_id,val_id,amount', storeMd5);
    expect(text).toBe(`amount=100.00&store_passwd=${storeMd5}&tran_id=T1&val_id=V&1 x`);
    const signed = signFields({ tran_id: 'T1', amount: '100.00' }, storeMd5);
    expect(signed.verify_key).toBe(VERIFY_KEYS.join(','));
    // A listed field that is absent is signed as empty, like the official Laravel library.
    expect(signed.verify_sign).toBe(md5(signedString({ tran_id: 'T1', amount: '100.00' }, signed.verify_key!, storeMd5)));
    expect(signed.verify_sign_sha2).toBe(
      createHash('sha256').update(signedString({ tran_id: 'T1', amount: '100.00' }, signed.verify_key!, storeMd5)).digest('hex'),
    );
  });

  it("is accepted by SSLCommerz's PHP helper for any values, and refused after any change", () => {
    const value = fc.string({ maxLength: 20 });
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...VERIFY_KEYS), value), fc.string({ minLength: 1, maxLength: 20 }), (fields, password) => {
        const signed = signFields(fields, md5(password));
        // Through the wire and back, as the merchant's server reads it.
        const posted = Object.fromEntries(new URLSearchParams(new URLSearchParams(signed).toString()));
        expect(phpHashVerify(posted, password)).toBe(true);
        expect(checkVerifySign(posted, password)).toBe(true);
        expect(checkVerifySign({ ...posted, amount: `${posted.amount ?? ''}1` }, password)).toBe(false);
        expect(checkVerifySign(posted, `${password}x`)).toBe(false);
      }),
    );
  });

  it('refuses a post without verify_sign or verify_key', () => {
    expect(checkVerifySign({ amount: '1' }, 'p')).toBe(false);
  });
});
