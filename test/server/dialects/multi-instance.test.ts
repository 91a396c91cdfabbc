/**
 * The drop-in gateway APIs on two billpay-sim processes sharing one PostgreSQL database (issue
 * #14): credentials stored at one instance log in at the other at once (no login cache there), a
 * session made at one is found by every gateway key at the other, and racing validations of one
 * val_id over both instances answer VALID exactly once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createMerchant, expectStatus, type Instance, useInstances } from '../../helpers/instances.js';
import { dhakaTimestamp, EkpayClient } from './ekpay/ekpay-client.js';
import { REDIRECTS } from './ekpay/harness.js';
import { initData, sslcommerzClient } from './sslcommerz/sslcommerz-helpers.js';

interface DialectMerchant {
  id: string;
  secretKey: string;
  dialects: { ekpay: { login: string; password: string }; sslcommerz: { login: string; password: string } };
}

const URLS = { success: 'http://127.0.0.1:9/ok', fail: 'http://127.0.0.1:9/fail', cancel: 'http://127.0.0.1:9/cancel' };

const cluster = useInstances({ count: 2 });
let A: Instance;
let B: Instance;

beforeAll(() => {
  [A, B] = cluster().instances as [Instance, Instance];
});

const ekpayAt = (instance: Instance, merchant: DialectMerchant) =>
  new EkpayClient({
    apiUrl: `${instance.url}/ekpaypg/v1`,
    merRegId: merchant.dialects.ekpay.login,
    merPassKey: merchant.dialects.ekpay.password,
    ipnUrl: 'http://127.0.0.1:9/ipn',
  });

const sslcommerzAt = (instance: Instance, merchant: DialectMerchant) =>
  sslcommerzClient(instance.url, { id: merchant.dialects.sslcommerz.login, password: merchant.dialects.sslcommerz.password });

describe('the drop-in gateway APIs on two instances of one PostgreSQL database', () => {
  it('logs in at B with credentials made at A, and finds at A the sessions made at B', async () => {
    const merchant = (await createMerchant(A)) as unknown as DialectMerchant;

    const trnxId = `MI${Date.now()}${Math.random().toString(36).slice(2, 8)}`;
    const ekpay = await ekpayAt(B, merchant).initiatePayment(
      { ord_det: 'multi-instance', ord_id: trnxId, trnx_amt: '110.00', trnx_currency: 'BDT', trnx_id: trnxId },
      { cust_id: 'c-1', cust_name: 'Customer', cust_mobo_no: '01711111111', cust_email: 'c@example.com', cust_mail_addr: 'Dhaka' },
      REDIRECTS,
    );
    const status = await ekpayAt(A, merchant).checkStatus(trnxId, dhakaTimestamp().slice(0, 10));
    expect(status).toMatchObject({ msg_code: '1023', secure_token: ekpay.secureToken });
    const page = await fetch(`${A.url}/ekpaypg/v1?sToken=${ekpay.secureToken}&trnsID=${trnxId}`);
    expect(page.status).toBe(200);

    const data = initData(URLS);
    const init = await sslcommerzAt(B, merchant).init(data);
    expect(init.status).toBe('SUCCESS');
    const sessionkey = String(init.sessionkey);
    expect(await sslcommerzAt(A, merchant).transactionQueryBySessionId({ sessionkey })).toMatchObject({
      APIConnect: 'DONE',
      status: 'PENDING',
      sessionkey,
      tran_id: data.tran_id,
    });
    expect((await fetch(`${A.url}/EasyCheckOut/${sessionkey}`)).status).toBe(200);
  });

  it('answers VALID once to validations of one val_id racing over both instances, VALIDATED to the rest', async () => {
    const merchant = (await createMerchant(B)) as unknown as DialectMerchant;
    const data = initData(URLS);
    const init = await sslcommerzAt(A, merchant).init(data);
    expect(init.status).toBe('SUCCESS');
    const found = await expectStatus(200, call(B, 'GET', `/api/v1/payments?reference=${data.tran_id}`, { key: merchant.secretKey }), 'find');
    const paymentId = String(found.body.data[0].id);
    await expectStatus(
      200,
      call(A, 'POST', `/api/v1/test/payments/${paymentId}/complete`, {
        key: merchant.secretKey,
        body: { instrument: { cardNumber: '5555555555554444' }, method: 'mastercard', gateway: 'CITY' },
      }),
      'complete',
    );
    // The success issued val_id in its unit, at A: B's query carries it.
    const paid = await sslcommerzAt(B, merchant).transactionQueryBySessionId({ sessionkey: String(init.sessionkey) });
    expect(paid).toMatchObject({ APIConnect: 'DONE', status: 'VALID' });
    const valId = String(paid.val_id);
    expect(valId).not.toBe('');

    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) => sslcommerzAt(index % 2 === 0 ? A : B, merchant).validate({ val_id: valId })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 'VALID'), JSON.stringify(statuses)).toHaveLength(1);
    expect(statuses.filter((status) => status === 'VALIDATED')).toHaveLength(11);
    // Every answer names the same first validation.
    expect(new Set(answers.map((answer) => answer.validated_on)).size).toBe(1);
  });
});
