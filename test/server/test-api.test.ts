import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_SANDBOX_CARDS, luhnValid } from '../../domain/card-number.js';
import { testInstrumentListSchema } from '../../server/test-api/schemas.js';
import { DESCO_KEY, WZPDCO_KEY } from '../helpers/api.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('GET /api/v1/test-instruments', () => {
  it('lists what to type and what happens, without auth', async () => {
    const res = await request(server.baseUrl).get('/api/v1/test-instruments');
    expect(res.status).toBe(200);
    const { data } = testInstrumentListSchema.parse(res.body);
    const find = (predicate: (row: (typeof data)[number]) => boolean) => data.filter(predicate);

    for (const brand of ['visa', 'mastercard', 'amex', 'nexus']) {
      const outcomes = find((row) => row.method === brand).map((row) => row.outcome);
      expect(outcomes, brand).toContain('success');
      expect(outcomes, brand).toContain('declined');
    }
    expect(find((row) => row.kind === 'card' && row.cardTypeDigit === 3 && row.outcome === 'success')).not.toHaveLength(0);
    expect(find((row) => row.kind === 'card' && row.cardTypeDigit === 2 && row.outcome === 'success')).not.toHaveLength(0);
    expect(find((row) => row.method === 'bkash' && row.outcome === 'success')[0]).toMatchObject({ otp: '123456', pin: '12121', cardTypeDigit: 7 });
    expect(find((row) => row.method === 'bkash' && row.outcome === 'insufficient_funds')).toHaveLength(1);
    expect(find((row) => row.method === 'rocket' && row.outcome === 'success')[0]).toMatchObject({ cardTypeDigit: 6 });
    expect(find((row) => row.kind === 'internet_banking' && row.outcome === 'success')[0]).toMatchObject({
      username: expect.any(String),
      password: expect.any(String),
      otp: expect.any(String),
    });
    // Luhn-valid, but for SSLCommerz's sandbox cards, listed as its docs print them.
    for (const card of find((row) => row.kind === 'card' && !GATEWAY_SANDBOX_CARDS.includes(row.number ?? ''))) {
      expect(luhnValid(card.number ?? ''), card.label).toBe(true);
    }
  });
});

describe('test clock', () => {
  const clockOf = (key: string) => request(server.baseUrl).get('/api/v1/test/clock').set('Authorization', `Bearer ${key}`);
  const advance = (key: string, body: unknown) =>
    request(server.baseUrl).post('/api/v1/test/clock/advance').set('Authorization', `Bearer ${key}`).send(body as object);

  it('moves one merchant’s time only', async () => {
    const before = (await clockOf(DESCO_KEY)).body;
    const moved = await advance(DESCO_KEY, { seconds: 3600 });
    expect(moved.body).toMatchObject({ merchantId: 'desco', offsetSeconds: before.offsetSeconds + 3600 });
    expect(Date.parse(moved.body.now) - Date.parse(before.now)).toBe(3_600_000);
    expect((await clockOf(WZPDCO_KEY)).body.offsetSeconds).toBe(0);
  });

  it.each([[{ seconds: -5 }], [{ seconds: 1.5 }], [{ seconds: '60' }], [{}]])('refuses %j with 422 on seconds', async (body) => {
    const res = await advance(WZPDCO_KEY, body);
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('seconds');
  });

  it('needs merchant auth', async () => {
    expect((await request(server.baseUrl).get('/api/v1/test/clock')).status).toBe(401);
  });
});
