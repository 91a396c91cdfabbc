import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultSettingsStore } from '../../../server/faults/settings-store.js';
import { applicationFee, checkoutClient } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { createTestMerchant, merchantClient } from '../test-api/client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function newMerchant() {
  const merchant = await createTestMerchant(server);
  return { merchant, api: merchantClient(server, merchant.secretKey) };
}

/** POST /api/v1/payments with raw fetch, so a dropped connection shows as a network error. */
function rawCreate(key: string, headers: Record<string, string> = {}, body = applicationFee()) {
  return fetch(`${server.baseUrl}/api/v1/payments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify(body),
  });
}

describe('Billpay-Simulate header', () => {
  it('latency: answers normally, that much later; the journal shows the fault before the request', async () => {
    const { merchant, api } = await newMerchant();
    const started = performance.now();
    const res = await rawCreate(merchant.secretKey, { 'Billpay-Simulate': 'latency=300ms' });
    expect(res.status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    const { id } = (await res.json()) as { id: string };
    const entries = await api.journal();
    expect(entries.map((entry) => entry.type)).toEqual(['fault', 'request']);
    expect(entries[0]?.data).toEqual({ target: 'api', source: 'header', method: 'POST', path: '/api/v1/payments', latencyMs: 300 });
    expect(entries[1]).toMatchObject({ paymentId: id, data: { status: 201 } });
    expect(entries[1]?.data.ms as number).toBeGreaterThanOrEqual(295);
  });

  it('status: a problem+json of type simulated-fault, and the request is not carried out', async () => {
    const { merchant, api } = await newMerchant();
    const body = applicationFee();
    const res = await rawCreate(merchant.secretKey, { 'Billpay-Simulate': 'status=503' }, body);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({
      type: 'https://billpay-sim.dev/problems/simulated-fault',
      title: 'Simulated fault',
      status: 503,
      detail: expect.stringContaining('Billpay-Simulate'),
      instance: '/api/v1/payments',
    });
    expect((await api.journal()).map(({ type, data }) => [type, data.status])).toEqual([
      ['fault', 503],
      ['request', 503],
    ]);
    expect((await api.get('/api/v1/payments').query({ reference: body.reference as string })).body.data).toEqual([]);
  });

  it('drop: the connection closes without an answer; the journal says so', async () => {
    const { merchant, api } = await newMerchant();
    const body = applicationFee();
    await expect(rawCreate(merchant.secretKey, { 'Billpay-Simulate': 'drop' }, body)).rejects.toThrow(TypeError);
    expect((await api.journal()).map(({ type, data }) => [type, data.drop ?? data.status])).toEqual([
      ['fault', true],
      ['request', null],
    ]);
    expect((await api.get('/api/v1/payments').query({ reference: body.reference as string })).body.data).toEqual([]);
  });

  it('works on the checkout API too, journaled for the payment’s merchant', async () => {
    const { api } = await newMerchant();
    const payment = await api.createPayment();
    const res = await checkoutClient(server, payment).get().set('Billpay-Simulate', 'status=502');
    expect(res.status).toBe(502);
    const faults = await api.journal({ type: 'fault' });
    expect(faults).toMatchObject([{ paymentId: payment.id, data: { status: 502, path: `/api/v1/checkout/${payment.id}` } }]);
  });

  it('a malformed header is a 422 naming it, before anything runs', async () => {
    const { merchant } = await newMerchant();
    const res = await rawCreate(merchant.secretKey, { 'Billpay-Simulate': 'status=OK' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: Array<{ field: string }> }).errors[0]?.field).toBe('Billpay-Simulate');
  });
});

describe('PUT /api/v1/test/faults: API faults', () => {
  it('applies to the merchant’s matching routes only, never to the test controls or another merchant', async () => {
    const { merchant, api } = await newMerchant();
    const other = await newMerchant();
    const payment = await api.createPayment();
    const put = await api.put('/api/v1/test/faults', { api: { status: 500, routes: ['createPayment'] } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      object: 'test_faults',
      merchantId: merchant.id,
      api: { status: 500, routes: ['createPayment'] },
      webhooks: null,
    });

    expect((await rawCreate(merchant.secretKey)).status).toBe(500);
    expect((await api.get(`/api/v1/payments/${payment.id}`)).status).toBe(200);
    expect((await api.get('/api/v1/test/faults')).body.api).toEqual({ status: 500, routes: ['createPayment'] });
    expect((await rawCreate(other.merchant.secretKey)).status).toBe(201);

    expect(await api.journal({ type: 'fault' })).toMatchObject([{ data: { source: 'settings', status: 500, path: '/api/v1/payments' } }]);

    expect((await api.delete('/api/v1/test/faults')).body).toMatchObject({ api: null, webhooks: null });
    expect((await rawCreate(merchant.secretKey)).status).toBe(201);
  });

  it('takes routes as "METHOD /path" and covers every request on them', async () => {
    const { api } = await newMerchant();
    const [first, second] = [await api.createPayment(), await api.createPayment()];
    await api.put('/api/v1/test/faults', { api: { drop: true, routes: ['GET /api/v1/payments/:id'] } }).expect(200);
    for (const payment of [first, second]) await expect(api.get(`/api/v1/payments/${payment.id}`)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await api.post(`/api/v1/payments/${first.id}/cancel`)).status).toBe(200);
  });

  it('with probability < 1 picks requests from its seed: the same seed, the same requests', async () => {
    const { merchant, api } = await newMerchant();
    const pattern = async () => {
      await api.put('/api/v1/test/faults', { api: { status: 503, probability: 0.5, seed: 42, routes: ['createPayment'] } }).expect(200);
      const statuses: number[] = [];
      for (let index = 0; index < 24; index += 1) statuses.push((await rawCreate(merchant.secretKey)).status);
      return statuses;
    };
    const first = await pattern();
    expect(await pattern()).toEqual(first);
    const faulted = first.filter((status) => status === 503).length;
    expect(faulted).toBeGreaterThan(3);
    expect(faulted).toBeLessThan(21);
    expect(first.filter((status) => status !== 503).every((status) => status === 201)).toBe(true);
  });

  it.each([
    [{ api: {} }, 'api'],
    [{ api: { status: 503, drop: true } }, 'api'],
    [{ api: { status: 200 } }, 'api.status'],
    [{ api: { latencyMs: 100, routes: ['chargeCard'] } }, 'api.routes.0'],
    [{ api: { latencyMs: 100, probability: 0 } }, 'api.probability'],
    [{ webhooks: { failFirst: 0 } }, 'webhooks.failFirst'],
    [{ webhooks: { replay: true } }, 'webhooks'],
  ])('refuses %j naming %s, keeping the settings it had', async (body, field) => {
    const { api } = await newMerchant();
    await api.put('/api/v1/test/faults', { api: { latencyMs: 1 } }).expect(200);
    const res = await api.put('/api/v1/test/faults', body);
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe(field);
    expect((await api.get('/api/v1/test/faults')).body.api).toEqual({ latencyMs: 1 });
  });

  it('are kept in the database (a restarted server still injects them) and cleared by reset', async () => {
    const { merchant, api } = await newMerchant();
    await api.put('/api/v1/test/faults', { api: { status: 429 }, webhooks: { duplicate: true } }).expect(200);
    const restarted = new FaultSettingsStore(server.deps.store, () => server.services.routes);
    expect(await restarted.get(merchant.id)).toEqual({ api: { status: 429 }, webhooks: { duplicate: true } });
    const stored = await restarted.get(merchant.id);
    expect(await restarted.faultOf(merchant.id, stored, 'GET', '/api/v1/payments/pay_1')).toEqual({ status: 429 });
    expect(await restarted.faultOf(merchant.id, stored, 'GET', '/api/v1/test/journal')).toBeNull();

    await api.post('/api/v1/test/reset').expect(200);
    expect((await api.get('/api/v1/test/faults')).body).toMatchObject({ api: null, webhooks: null });
    expect(await new FaultSettingsStore(server.deps.store, () => server.services.routes).get(merchant.id)).toBeNull();
  });
});
