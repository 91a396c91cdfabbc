import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WZPDCO_KEY } from '../../../helpers/api.js';
import { startTestServer, type TestServer } from '../../../helpers/server.js';
import { dhakaTimestamp } from './ekpay-client.js';
import {
  DESCO_EKPAY,
  ekpayClient,
  ephemeralMerchant,
  journalWhen,
  nativeApi,
  newTrnxId,
  paymentOf,
  REDIRECTS,
  WZPDCO_EKPAY,
} from './harness.js';

/**
 * POST /ekpaypg/v1/merchant-api and the hosted page it leads to, through a client written from
 * the integrations (ekpay-client.ts): sessions are payments of the native API, every failure is
 * ekPay's shape (HTTP 200, no secure_token, msg_code + msg_det naming what is wrong).
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const customer = { cust_id: '42', cust_name: 'Ayesha Rahman', cust_mobo_no: '01711111111', cust_email: 'ayesha@example.com', cust_mail_addr: 'Dhaka' };

function validBody(overrides: { trns?: Record<string, unknown>; top?: Record<string, unknown> } = {}): Record<string, unknown> {
  const base = ekpayClient(server).payload({ trnx_id: newTrnxId(), trnx_amt: '11.00', trnx_currency: 'BDT', ord_id: '1001', ord_det: 'DESCO bill' }, customer, REDIRECTS);
  return { ...base, trns_info: { ...(base.trns_info as object), ...overrides.trns }, ...overrides.top };
}

async function rawPost(path: string, body: string, contentType = 'application/json'): Promise<{ status: number; type: string; body: Record<string, unknown> }> {
  const response = await fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { 'Content-Type': contentType }, body });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as Record<string, unknown> };
}

describe('POST /ekpaypg/v1/merchant-api', () => {
  it('answers a JWT secure_token with msg_code 1000, and the redirect URL opens the hosted checkout page', async () => {
    const client = ekpayClient(server);
    const trnxId = newTrnxId();
    const session = await client.initiatePayment({ trnx_id: trnxId, trnx_amt: '11.00', trnx_currency: 'BDT' }, customer, REDIRECTS);

    const [header, payload, signature] = session.secureToken.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({ alg: 'HS512' });
    expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())).toMatchObject({ sub: 'ekpaycore', auth: 'ROLE_MERCHANT', exp: expect.any(Number) });
    expect(Buffer.from(signature ?? '', 'base64url')).toHaveLength(64);

    const page = await fetch(session.paymentUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const markup = await page.text();
    const payment = await paymentOf(server, trnxId);
    expect(markup).toContain(`<billpay-checkout payment-id="${payment.id}"`);
    expect(markup).toContain('Pay DESCO');
  });

  it('creates an order payment of the merchant seen by the native API: trnx_id is the reference, no return URLs or webhook of its own', async () => {
    const trnxId = newTrnxId();
    await ekpayClient(server).initiatePayment({ trnx_id: trnxId, trnx_amt: '250.5' }, customer, REDIRECTS);
    const payment = await paymentOf(server, trnxId);
    expect(payment).toMatchObject({
      purpose: 'order',
      status: 'awaiting_method',
      reference: trnxId,
      amount: '250.50',
      bill: { officeCode: '901' },
      customer: { name: 'Ayesha Rahman', mobile: '01711111111', email: 'ayesha@example.com' },
      returnUrls: { success: null, fail: null, cancel: null },
      webhookUrl: null,
    });
    // WZPDCO cannot see it: a session belongs to the merchant whose credentials made it.
    const other = await nativeApi<{ data: unknown[] }>(server, `/api/v1/payments?reference=${trnxId}`, { key: WZPDCO_KEY });
    expect(other.body.data).toEqual([]);
  });

  it('takes what PHP clients send: numbers for amounts and ids, no cust_info, extra fields', async () => {
    const trnxId = newTrnxId();
    const answer = await ekpayClient(server).merchantApi(
      validBody({ trns: { trnx_id: trnxId, trnx_amt: 11.5, ord_id: 4711 }, top: { cust_info: undefined, extra: { anything: true } } }),
    );
    expect(answer).toMatchObject({ msg_code: '1000', secure_token: expect.any(String) });
    expect((await paymentOf(server, trnxId)).amount).toBe('11.50');
  });

  it('authenticates WZPDCO with its own credentials and office code', async () => {
    const trnxId = newTrnxId();
    await ekpayClient(server, WZPDCO_EKPAY).initiatePayment({ trnx_id: trnxId, trnx_amt: '11.00' }, customer, REDIRECTS);
    expect((await paymentOf(server, trnxId, WZPDCO_KEY)).bill.officeCode).toBe('104');
  });

  it("works with an ephemeral merchant's generated credentials", async () => {
    const merchant = await ephemeralMerchant(server, { officeCode: '305' });
    const credentials = { merRegId: merchant.dialects.ekpay.login, merPassKey: merchant.dialects.ekpay.password };
    const trnxId = newTrnxId();
    await ekpayClient(server, credentials).initiatePayment({ trnx_id: trnxId, trnx_amt: '11.00' }, customer, REDIRECTS);
    const payment = await paymentOf(server, trnxId, merchant.secretKey);
    expect(payment.bill.officeCode).toBe('305');
  });

  it('refuses wrong credentials in the failure shape', async () => {
    const client = ekpayClient(server);
    const unknown = await client.merchantApi(validBody({ top: { mer_info: { mer_reg_id: 'nobody_test', mer_pas_key: 'x' } } }));
    expect(unknown).toEqual({ msg_code: '1003', msg_det: 'authentication failed: mer_info.mer_reg_id "nobody_test" is not a registered merchant' });
    const wrong = await client.merchantApi(validBody({ top: { mer_info: { mer_reg_id: 'desco_test', mer_pas_key: 'WzpdcoEkpay@1234' } } }));
    expect(wrong).toEqual({ msg_code: '1003', msg_det: 'authentication failed: mer_info.mer_pas_key is wrong for mer_reg_id "desco_test"' });
  });

  const badFields: Array<[string, Record<string, unknown>, string, string]> = [
    ['no mer_info', { top: { mer_info: undefined } }, '1002', 'mer_info required: mer_info is required'],
    ['no mer_pas_key', { top: { mer_info: { mer_reg_id: 'desco_test' } } }, '1002', 'mer_info.mer_pas_key required'],
    ['no feed_uri', { top: { feed_uri: undefined } }, '1002', 'feed_uri required'],
    ['s_uri not a URL', { top: { feed_uri: { ...{ s_uri: 'not a url', f_uri: REDIRECTS.fail, c_uri: REDIRECTS.cancel } } } }, '1002', 'feed_uri.s_uri invalid_format'],
    ['c_uri missing', { top: { feed_uri: { s_uri: REDIRECTS.success, f_uri: REDIRECTS.fail } } }, '1002', 'feed_uri.c_uri required'],
    ['no trns_info', { top: { trns_info: undefined } }, '1002', 'trns_info required'],
    ['no trnx_id', { trns: { trnx_id: undefined } }, '1002', 'trns_info.trnx_id required'],
    ['empty trnx_id', { trns: { trnx_id: '  ' } }, '1002', 'trns_info.trnx_id too_small'],
    ['trnx_id too long', { trns: { trnx_id: 'x'.repeat(101) } }, '1002', 'trns_info.trnx_id too_big'],
    ['a currency other than BDT', { trns: { trnx_currency: 'USD' } }, '1002', 'trns_info.trnx_currency custom: trns_info.trnx_currency must be BDT'],
    ['ipn_uri not a URL', { top: { ipn_info: { ipn_channel: '1', ipn_uri: 'ftp://merchant/ipn' } } }, '1002', 'ipn_info.ipn_uri invalid_format'],
    ['cust_name an object', { top: { cust_info: { cust_name: { first: 'A' } } } }, '1002', 'cust_info.cust_name invalid_union'],
    ['no trnx_amt', { trns: { trnx_amt: undefined } }, '1005', 'trns_info.trnx_amt required'],
    ['three decimals', { trns: { trnx_amt: '11.005' } }, '1005', 'trns_info.trnx_amt scale: trns_info.trnx_amt may have at most 2 decimals'],
    ['a negative amount', { trns: { trnx_amt: '-11.00' } }, '1005', 'trns_info.trnx_amt negative'],
    ['zero', { trns: { trnx_amt: '0.00' } }, '1005', 'trns_info.trnx_amt zero: trns_info.trnx_amt must be more than zero'],
    ['words', { trns: { trnx_amt: 'eleven' } }, '1005', 'trns_info.trnx_amt format'],
    ['an exponent', { trns: { trnx_amt: 1e21 } }, '1005', 'trns_info.trnx_amt format'],
    ['too much', { trns: { trnx_amt: '1000000.01' } }, '1005', 'trns_info.trnx_amt maximum'],
  ];
  it.each(badFields)('refuses %s, naming the field and rule', async (_case, overrides, code, detail) => {
    const answer = await ekpayClient(server).merchantApi(validBody(overrides));
    expect(answer.secure_token).toBeUndefined();
    expect(answer.msg_code).toBe(code);
    expect(answer.msg_det).toContain(detail);
    expect(Object.keys(answer).sort()).toEqual(['msg_code', 'msg_det']);
  });

  it('refuses a trnx_id the merchant has used before (1004), but another merchant may use it', async () => {
    const trnxId = newTrnxId();
    const client = ekpayClient(server);
    await client.initiatePayment({ trnx_id: trnxId, trnx_amt: '11.00' }, customer, REDIRECTS);
    const again = await client.merchantApi(validBody({ trns: { trnx_id: trnxId } }));
    expect(again).toEqual({ msg_code: '1004', msg_det: `trns_info.trnx_id "${trnxId}" is already used by another session of this merchant` });
    const wzpdco = await ekpayClient(server, WZPDCO_EKPAY).merchantApi({ ...validBody({ trns: { trnx_id: trnxId } }), mer_info: { mer_reg_id: 'wzpdco_test', mer_pas_key: 'WzpdcoEkpay@1234' } });
    expect(wzpdco.msg_code).toBe('1000');
  });

  it('answers a body that is not a JSON object with 1001, whatever the content type', async () => {
    for (const [body, type] of [
      ['{"mer_info":', 'application/json'],
      ['[1,2]', 'application/json'],
      ['mer_reg_id=desco_test', 'application/x-www-form-urlencoded'],
      ['"text"', 'text/plain'],
    ] as const) {
      const answer = await rawPost('/ekpaypg/v1/merchant-api', body, type);
      expect(answer.status, body).toBe(200);
      expect(answer.type).toMatch(/^application\/json/);
      expect(answer.body.msg_code, body).toBe('1001');
    }
    const empty = await fetch(`${server.baseUrl}/ekpaypg/v1/merchant-api`, { method: 'POST' });
    expect(await empty.json()).toMatchObject({ msg_code: '1001', msg_det: 'the request body must be a JSON object' });
  });

  it('reads a JSON body sent with another content type (PHP clients forget the header)', async () => {
    const answer = await rawPost('/ekpaypg/v1/merchant-api', JSON.stringify(validBody()), 'text/plain');
    expect(answer.body.msg_code).toBe('1000');
  });

  it('answers an unknown endpoint or method under /ekpaypg/v1 with 404 in the failure shape', async () => {
    for (const [method, path] of [
      ['POST', '/ekpaypg/v1/refund'],
      ['GET', '/ekpaypg/v1/merchant-api'],
      ['POST', '/ekpaypg/v1'],
      ['DELETE', '/ekpaypg/v1/get-status'],
    ] as const) {
      const response = await fetch(`${server.baseUrl}${path}`, { method });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await response.json()).toMatchObject({ msg_code: '1007', msg_det: expect.stringContaining(`${method} ${path}`) });
    }
  });
});

describe('GET /ekpaypg/v1?sToken=&trnsID=', () => {
  it('is a 404 page saying so for an unknown token, a token with another trnsID, or none', async () => {
    const trnxId = newTrnxId();
    const { secureToken } = await ekpayClient(server).initiatePayment({ trnx_id: trnxId, trnx_amt: '11.00' }, customer, REDIRECTS);
    for (const query of [`sToken=nope&trnsID=${trnxId}`, `sToken=${secureToken}&trnsID=other`, '', `sToken[]=${secureToken}&trnsID=${trnxId}`]) {
      const response = await fetch(`${server.baseUrl}/ekpaypg/v1?${query}`);
      expect(response.status, query).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('Payment session not found');
    }
    const bangla = await fetch(`${server.baseUrl}/ekpaypg/v1?sToken=nope&trnsID=x&lang=bn`);
    expect(await bangla.text()).toContain('পেমেন্ট সেশন পাওয়া যায়নি');
  });

  it('is in Bangla with ?lang=bn, and never cached', async () => {
    const trnxId = newTrnxId();
    const { paymentUrl } = await ekpayClient(server).initiatePayment({ trnx_id: trnxId, trnx_amt: '11.00' }, customer, REDIRECTS);
    const response = await fetch(`${paymentUrl}&lang=bn`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const markup = await response.text();
    expect(markup).toContain('<html lang="bn">');
    expect(markup).toContain('locale="bn"');
  });
});

describe('POST /ekpaypg/v1/get-status', () => {
  it('answers an unfinished payment in the IPN shape with msg_code 1023', async () => {
    const trnxId = newTrnxId();
    const { secureToken } = await ekpayClient(server).initiatePayment({ trnx_id: trnxId, trnx_amt: '11.00' }, customer, REDIRECTS);
    const status = await ekpayClient(server).checkStatus(trnxId, dhakaTimestamp().slice(0, 10));
    expect(status).toMatchObject({
      secure_token: secureToken,
      msg_code: '1023',
      msg_det: 'Transaction in progress (awaiting_method): not completed yet',
      basic_Info: { mer_reg_id: 'desco_test', redirect_to: null },
      cust_info: customer,
      trnx_info: { trnx_amt: '11.00', mer_trnx_id: trnxId, curr: 'BDT', pi_trnx_id: null, pi_charge: '0.00', total_pabl_amt: '11.00' },
      pi_det_info: { pi_name: null, pi_type: null, pay_timestamp: null },
    });
    expect(status.trnx_info?.trnx_id).toMatch(/^EKP\d{18}$/);
  });

  it('answers an unknown trnx_id or a bad body in the failure shape', async () => {
    const client = ekpayClient(server);
    expect(await client.checkStatus('never-made', '2026-11-22')).toEqual({ msg_code: '1006', msg_det: 'no transaction has trnx_id "never-made"' });
    const noId = await rawPost('/ekpaypg/v1/get-status', JSON.stringify({ trans_date: '2026-11-22' }));
    expect(noId.body).toEqual({ msg_code: '1002', msg_det: 'trnx_id required: trnx_id is required' });
    const badDate = await rawPost('/ekpaypg/v1/get-status', JSON.stringify({ trnx_id: 'x', trans_date: '22/11/2026' }));
    expect(badDate.body).toMatchObject({ msg_code: '1002', msg_det: expect.stringContaining('trans_date invalid_format') });
    expect((await rawPost('/ekpaypg/v1/get-status', '{')).body.msg_code).toBe('1001');
  });
});

describe('the rest of the simulator sees ekPay sessions', () => {
  it('journals the ekPay requests with their payment, and its state changes', async () => {
    const trnxId = newTrnxId();
    await ekpayClient(server).initiatePayment({ trnx_id: trnxId, trnx_amt: '11.00' }, customer, REDIRECTS);
    await ekpayClient(server).checkStatus(trnxId, '2026-11-22');
    const payment = await paymentOf(server, trnxId);
    await nativeApi(server, `/api/v1/payments/${payment.id}/cancel`, { body: {} });
    const entries = await journalWhen(server, payment.id, (found) => found.filter((entry) => entry.type === 'request').length >= 3);
    const requests = entries.filter((entry) => entry.type === 'request').map((entry) => `${String(entry.data.method)} ${String(entry.data.path)} ${String(entry.data.status)}`);
    expect(requests).toEqual(
      expect.arrayContaining(['POST /ekpaypg/v1/merchant-api 200', 'POST /ekpaypg/v1/get-status 200', `POST /api/v1/payments/${payment.id}/cancel 200`]),
    );
    expect(entries.filter((entry) => entry.type === 'state_change').map((entry) => entry.data.to)).toEqual(['cancelled']);
  });

  it("applies the merchant's API faults once its credentials are read", async () => {
    const merchant = await ephemeralMerchant(server);
    const credentials = { merRegId: merchant.dialects.ekpay.login, merPassKey: merchant.dialects.ekpay.password };
    const put = await nativeApi(server, '/api/v1/test/faults', { key: merchant.secretKey, method: 'PUT', body: { api: { status: 503 } } });
    expect(put.status).toBe(200);
    const response = await fetch(`${server.baseUrl}/ekpaypg/v1/merchant-api`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(ekpayClient(server, credentials).payload({ trnx_id: newTrnxId(), trnx_amt: '11.00' }, customer, REDIRECTS)),
    });
    expect(response.status).toBe(503);
    // DESCO has no faults: its calls go through.
    expect((await ekpayClient(server, DESCO_EKPAY).merchantApi(validBody())).msg_code).toBe('1000');
    const { body } = await nativeApi<{ data: Array<{ type: string; data: Record<string, unknown> }> }>(server, '/api/v1/test/journal?type=fault', {
      key: merchant.secretKey,
    });
    expect(body.data.map((entry) => entry.data)).toEqual([expect.objectContaining({ target: 'api', status: 503, path: '/ekpaypg/v1/merchant-api' })]);
  });

  it('takes the Billpay-Simulate header once the merchant is known, and tells a malformed one in ekPay\'s shape', async () => {
    const send = (simulate: string) =>
      fetch(`${server.baseUrl}/ekpaypg/v1/merchant-api`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Billpay-Simulate': simulate },
        body: JSON.stringify(validBody()),
      });
    expect((await send('status=502')).status).toBe(502);
    const malformed = await send('status=99');
    expect(malformed.status).toBe(200);
    expect(await malformed.json()).toEqual({
      msg_code: '1002',
      msg_det: 'Billpay-Simulate format: Billpay-Simulate: status must be an error status from 400 to 599, not "99"',
    });
  });

  it('documents the three endpoints in /openapi.json under their own tag', async () => {
    const document = (await (await fetch(`${server.baseUrl}/openapi.json`)).json()) as {
      tags: Array<{ name: string }>;
      paths: Record<string, Record<string, { tags: string[] }>>;
    };
    expect(document.tags.map((tag) => tag.name)).toContain('ekPay (drop-in)');
    for (const [path, method] of [['/ekpaypg/v1/merchant-api', 'post'], ['/ekpaypg/v1', 'get'], ['/ekpaypg/v1/get-status', 'post']] as const) {
      expect(document.paths[path]?.[method]?.tags, `${method} ${path}`).toEqual(['ekPay (drop-in)']);
    }
  });
});
