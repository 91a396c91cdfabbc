import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationFee, DESCO_KEY, WZPDCO_KEY } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const create = (body: object, key: string | undefined, merchantKey = WZPDCO_KEY) => {
  const req = request(server.baseUrl).post('/api/v1/payments').set('Authorization', `Bearer ${merchantKey}`);
  return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
};

describe('Idempotency-Key on POST /api/v1/payments', () => {
  it('replays the first response, status and body, with Idempotent-Replayed', async () => {
    const body = applicationFee();
    const first = await create(body, 'key-replay-1');
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const second = await create({ ...body }, 'key-replay-1');
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
  });

  it('treats the same body with keys in another order as the same request', async () => {
    const body = applicationFee();
    const first = await create(body, 'key-order');
    const reversed = Object.fromEntries(Object.entries(body).reverse());
    const second = await create(reversed, 'key-order');
    expect(second.body.id).toBe(first.body.id);
  });

  it('refuses the same key with another body (422 idempotency_key_reused) and creates nothing', async () => {
    const body = applicationFee();
    await create(body, 'key-reuse');
    const other = applicationFee();
    const res = await create(other, 'key-reuse');
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key', rule: 'idempotency_key_reused' })]);
    const lookup = await request(server.baseUrl)
      .get(`/api/v1/payments?reference=${String(other.reference)}`)
      .set('Authorization', `Bearer ${WZPDCO_KEY}`);
    expect(lookup.body.data).toEqual([]);
  });

  it('keeps keys per merchant: the same key at another merchant is a new request', async () => {
    const wzpdco = await create(applicationFee(), 'key-per-merchant');
    const desco = await create(applicationFee({ officeCode: '123' }), 'key-per-merchant', DESCO_KEY);
    expect(desco.status).toBe(201);
    expect(desco.body.id).not.toBe(wzpdco.body.id);
  });

  it('does not store a failed request: the corrected body may use the same key', async () => {
    const bad = await create(applicationFee({ amount: 'eleven' }), 'key-after-error');
    expect(bad.status).toBe(422);
    const good = await create(applicationFee(), 'key-after-error');
    expect(good.status).toBe(201);
  });

  it('gives concurrent requests with one key exactly one payment', async () => {
    const body = applicationFee();
    const responses = await Promise.all(Array.from({ length: 20 }, () => create(body, 'key-concurrent')));
    expect(responses.map((res) => res.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((res) => res.body.id)).size).toBe(1);
    expect(responses.filter((res) => res.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
  });

  it('refuses a malformed key', async () => {
    const res = await create(applicationFee(), 'has space');
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: 'Idempotency-Key', rule: 'format' });
  });
});
