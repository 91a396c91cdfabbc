import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESCO_KEY } from '../../../helpers/api.js';
import { startTestServer, type TestServer } from '../../../helpers/server.js';
import { DESCO_STORE, initData, sslcommerzClient, uniqueTranId, WZPDCO_STORE } from './sslcommerz-helpers.js';

/** POST /gwprocess/v4/api.php: multipart from the official client, urlencoded from others, every refusal. */
let server: TestServer;
const urls = { success: 'http://127.0.0.1:9/success', fail: 'http://127.0.0.1:9/fail', cancel: 'http://127.0.0.1:9/cancel' };

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function postForm(fields: Record<string, string>, path = '/gwprocess/v4/api.php'): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, { method: 'POST', body: new URLSearchParams(fields) });
}

function urlencodedInit(overrides: Record<string, string> = {}): Record<string, string> {
  const fields = Object.fromEntries(Object.entries(initData(urls)).map(([key, value]) => [key, String(value)]));
  return { store_id: DESCO_STORE.id, store_passwd: DESCO_STORE.password, ...fields, ...overrides };
}

async function native(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { Authorization: `Bearer ${DESCO_KEY}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('SSLCommerz init', () => {
  it('answers SUCCESS to sslcommerz-lts (multipart, every key, empty strings, productcategory) with our hosted page', async () => {
    const data = initData(urls);
    const answer = await sslcommerzClient(server.baseUrl).init(data);
    expect(answer).toMatchObject({
      status: 'SUCCESS',
      failedreason: '',
      sessionkey: expect.stringMatching(/^[0-9A-F]{32}$/),
      store_name: 'DESCO',
      is_direct_pay_enable: '0',
      gw: { visa: expect.stringContaining('ebl_visa'), mobilebanking: expect.stringContaining('bkash_bkash') },
    });
    expect(answer.GatewayPageURL).toBe(`${server.baseUrl}/EasyCheckOut/${String(answer.sessionkey)}`);
    expect(answer.redirectGatewayURL).toContain(`SESSIONKEY=${String(answer.sessionkey)}`);
    expect(Array.isArray(answer.desc)).toBe(true);

    // The page is the hosted checkout of the payment.
    const page = await fetch(String(answer.GatewayPageURL));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<billpay-checkout payment-id="pay_');

    // The same payment through the native API: purpose order, the tran_id as reference, the merchant's office.
    const { body } = await native(`/api/v1/payments?reference=${data.tran_id}`);
    const [payment] = body.data as Array<Record<string, unknown>>;
    expect(payment).toMatchObject({
      reference: data.tran_id,
      purpose: 'order',
      amount: '100.00',
      status: 'awaiting_method',
      customer: { name: 'Customer Name', mobile: '01711111111', email: 'customer@example.com' },
      bill: { officeCode: expect.stringMatching(/^\d{3}$/) },
    });
  });

  it('takes urlencoded forms too, and the journal records the call against the payment', async () => {
    const fields = urlencodedInit({ total_amount: '10.00', an_unknown_key: 'ignored', cus_fax: '' });
    const response = await postForm(fields);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const answer = (await response.json()) as Record<string, unknown>;
    expect(answer.status).toBe('SUCCESS');

    const { body } = await native(`/api/v1/payments?reference=${fields.tran_id}`);
    const paymentId = (body.data as Array<{ id: string }>)[0]!.id;
    await expect
      .poll(async () => {
        const journal = await native(`/api/v1/test/journal?paymentId=${paymentId}`);
        return (journal.body.data as Array<{ type: string; data: { path?: string } }>).map((entry) => `${entry.type} ${entry.data.path ?? ''}`);
      })
      .toContain('request /gwprocess/v4/api.php');
  });

  it('lets each merchant use its own store and keeps tran_ids apart per store', async () => {
    const tranId = uniqueTranId();
    const desco = await sslcommerzClient(server.baseUrl, DESCO_STORE).init(initData(urls, { tran_id: tranId }));
    const wzpdco = await sslcommerzClient(server.baseUrl, WZPDCO_STORE).init(initData(urls, { tran_id: tranId }));
    expect([desco.status, wzpdco.status]).toEqual(['SUCCESS', 'SUCCESS']);
    expect(wzpdco.store_name).toBe('WZPDCO');
  });

  it.each([
    ['a missing mandatory field, named', { cus_email: '' }, 'Missing mandatory field: cus_email'],
    ['several missing fields, all named', { cus_phone: '', product_name: '' }, 'Missing mandatory fields: cus_phone, product_name'],
    ['a wrong store password', { store_passwd: 'nope' }, 'Store Credential Error Or Store is De-active'],
    ['an unknown store', { store_id: 'nostore' }, 'Store Credential Error Or Store is De-active'],
    ['no credentials', { store_id: '', store_passwd: '' }, 'Store Credential Error Or Store is De-active'],
    ['an amount below 10.00', { total_amount: '9.99' }, 'Invalid total_amount: must be between 10.00 and 500000.00 BDT'],
    ['an amount above 500000.00', { total_amount: '500000.01' }, 'Invalid total_amount: must be between 10.00 and 500000.00 BDT'],
    ['an amount that is not one', { total_amount: '1e3' }, 'Invalid total_amount'],
    ['a currency other than BDT', { currency: 'USD' }, 'Invalid currency: USD'],
    ['a success_url that is not http(s)', { success_url: 'javascript:alert(1)' }, 'Invalid success_url'],
    ['a tran_id over 30 characters', { tran_id: 'x'.repeat(31) }, 'Invalid tran_id'],
  ])('answers FAILED with failedreason (HTTP 200) for %s', async (_name, overrides, reason) => {
    const response = await postForm(urlencodedInit(overrides));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Record<string, unknown>;
    expect(answer.status).toBe('FAILED');
    expect(String(answer.failedreason)).toContain(reason);
    expect(answer.sessionkey).toBeUndefined();
  });

  it('answers FAILED for a duplicate tran_id of the same store', async () => {
    const fields = urlencodedInit();
    expect(((await (await postForm(fields)).json()) as { status: string }).status).toBe('SUCCESS');
    const again = (await (await postForm(fields)).json()) as Record<string, unknown>;
    expect(again).toEqual({ status: 'FAILED', failedreason: `Duplicate tran_id: ${fields.tran_id} is already used` });
  });

  it('answers in SSLCommerz shape (never HTML, never 5xx) to a GET, a broken multipart body and unknown paths', async () => {
    const get = await fetch(`${server.baseUrl}/gwprocess/v4/api.php`);
    expect(await get.json()).toMatchObject({ status: 'FAILED', failedreason: expect.stringContaining('use POST') });

    const broken = await fetch(`${server.baseUrl}/gwprocess/v4/api.php`, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data' },
      body: 'no boundary',
    });
    expect(broken.status).toBe(200);
    expect(await broken.json()).toMatchObject({ status: 'FAILED', failedreason: expect.stringContaining('Invalid form data') });

    const unknown = await fetch(`${server.baseUrl}/gwprocess/v3/api.php`);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await unknown.json()).toMatchObject({ status: 'FAILED' });
    const validator = await fetch(`${server.baseUrl}/validator/api/nothing.php`);
    expect(await validator.json()).toMatchObject({ APIConnect: 'INVALID_REQUEST' });
  });

  it('refuses a form past 256 kB in its shape, and answers the next request as usual', async () => {
    const huge = await postForm(urlencodedInit({ value_a: 'x'.repeat(300 * 1024) }));
    expect(huge.status).toBe(200);
    expect(await huge.json()).toEqual({ status: 'FAILED', failedreason: 'Invalid form data: the form is larger than 256 kB' });
    const next = (await (await postForm(urlencodedInit())).json()) as { status: string };
    expect(next.status).toBe('SUCCESS');
  });

  it("keeps a repeated key's last value, like PHP's $_POST", async () => {
    const fields = new URLSearchParams(urlencodedInit({ cus_name: 'First' }));
    fields.append('cus_name', 'Last');
    const tranId = fields.get('tran_id') as string;
    const answer = await fetch(`${server.baseUrl}/gwprocess/v4/api.php`, { method: 'POST', body: fields });
    expect(((await answer.json()) as { status: string }).status).toBe('SUCCESS');
    const listed = await native(`/api/v1/payments?reference=${encodeURIComponent(tranId)}`);
    expect((listed.body.data as Array<{ customer: { name: string } }>)[0]?.customer.name).toBe('Last');
  });

  it('takes a repeated key whose last value is empty as absent, like an empty one', async () => {
    const fields = new URLSearchParams(urlencodedInit({ cus_name: 'First' }));
    fields.append('cus_name', '');
    const answer = await fetch(`${server.baseUrl}/gwprocess/v4/api.php`, { method: 'POST', body: fields });
    expect(await answer.json()).toEqual({ status: 'FAILED', failedreason: 'Missing mandatory field: cus_name' });
  });

  it('gives an unknown session key the not-found page', async () => {
    const page = await fetch(`${server.baseUrl}/EasyCheckOut/0123456789ABCDEF0123456789ABCDEF`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Payment not found');
  });

  it('serves an ephemeral merchant its own generated store', async () => {
    const created = await fetch(`${server.baseUrl}/api/v1/test/merchants`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    const merchant = (await created.json()) as { dialects: { sslcommerz: { login: string; password: string } } };
    const store = { id: merchant.dialects.sslcommerz.login, password: merchant.dialects.sslcommerz.password };
    const answer = await sslcommerzClient(server.baseUrl, store).init(initData(urls));
    expect(answer.status).toBe('SUCCESS');
  });

  it('applies API faults once the store is known, and journals them against the merchant', async () => {
    const fields = urlencodedInit();
    const faulted = await fetch(`${server.baseUrl}/gwprocess/v4/api.php`, {
      method: 'POST',
      headers: { 'Billpay-Simulate': 'status=503' },
      body: new URLSearchParams(fields),
    });
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // Before the store is known there is no merchant to fault: the answer is the credential error.
    const anonymous = await fetch(`${server.baseUrl}/gwprocess/v4/api.php`, {
      method: 'POST',
      headers: { 'Billpay-Simulate': 'status=503' },
      body: new URLSearchParams({ ...fields, store_passwd: 'wrong' }),
    });
    expect(await anonymous.json()).toMatchObject({ status: 'FAILED', failedreason: 'Store Credential Error Or Store is De-active' });
    const malformed = await fetch(`${server.baseUrl}/gwprocess/v4/api.php`, {
      method: 'POST',
      headers: { 'Billpay-Simulate': 'status=42' },
      body: new URLSearchParams(fields),
    });
    expect(await malformed.json()).toMatchObject({ status: 'FAILED', failedreason: expect.stringContaining('Billpay-Simulate') });
    await expect
      .poll(async () => {
        const journal = await native('/api/v1/test/journal?type=fault');
        return (journal.body.data as Array<{ data: { path: string; status?: number } }>).map((entry) => `${entry.data.path} ${entry.data.status}`);
      })
      .toContain('/gwprocess/v4/api.php 503');
  });

  it('documents its endpoints in /openapi.json under the tag "SSLCommerz (drop-in)"', async () => {
    const openapi = (await (await fetch(`${server.baseUrl}/openapi.json`)).json()) as {
      tags: Array<{ name: string }>;
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    expect(openapi.tags.map((tag) => tag.name)).toContain('SSLCommerz (drop-in)');
    for (const path of ['/gwprocess/v4/api.php', '/validator/api/validationserverAPI.php', '/validator/api/merchantTransIDvalidationAPI.php']) {
      expect(Object.values(openapi.paths[path] ?? {}).every((operation) => operation.tags?.includes('SSLCommerz (drop-in)')), path).toBe(true);
    }
  });
});
