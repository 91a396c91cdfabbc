import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalListSchema } from '../../../server/test-api/journal-routes.js';
import { checkoutClient, createPayment, DESCO_KEY, TEST_CARDS, WZPDCO_KEY } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function journal(query: Record<string, string | number> = {}, key = WZPDCO_KEY) {
  const res = await request(server.baseUrl).get('/api/v1/test/journal').query(query).set('Authorization', `Bearer ${key}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return journalListSchema.parse(res.body);
}

async function paidByCard() {
  const payment = await createPayment(server);
  const checkout = checkoutClient(server, payment);
  await checkout.select('visa', 'EBL').expect(200);
  await checkout.confirm().expect(200);
  await checkout.authorize({ card: TEST_CARDS.visaSuccess }).expect(200);
  return payment;
}

describe('GET /api/v1/test/journal', () => {
  it('shows a payment’s requests and state changes in the order they happened', async () => {
    const payment = await paidByCard();
    const { data } = await journal({ paymentId: payment.id });
    const summary = data.map((entry) =>
      entry.type === 'request' ? `${entry.data.method} ${entry.data.path} ${entry.data.status}` : `${entry.data.from}->${entry.data.to}`,
    );
    const base = `/api/v1/checkout/${payment.id}`;
    expect(summary).toEqual([
      'POST /api/v1/payments 201',
      'awaiting_method->awaiting_confirmation',
      `POST ${base}/select 200`,
      'awaiting_confirmation->authorizing',
      `POST ${base}/confirm 200`,
      'authorizing->succeeded',
      `POST ${base}/authorize 200`,
    ]);
    expect(data.every((entry) => entry.paymentId === payment.id)).toBe(true);
    expect(data.map((entry) => entry.id)).toEqual([...data.map((entry) => entry.id)].sort((a, b) => a - b));
    const request = data[0]?.data as { ms: number };
    expect(request.ms).toBeGreaterThanOrEqual(0);
  });

  it('records no secret: no card number, CVC, client secret or key', async () => {
    const payment = await paidByCard();
    const text = JSON.stringify(await journal({ paymentId: payment.id }));
    for (const secret of [TEST_CARDS.visaSuccess.number, payment.clientSecret, WZPDCO_KEY, '"cvc"', '"otp"', '"pin"']) {
      expect(text).not.toContain(secret);
    }
  });

  it('records a declined attempt with its reason, and filters by type', async () => {
    const payment = await createPayment(server);
    const checkout = checkoutClient(server, payment);
    await checkout.select('visa', 'CITY').expect(200);
    await checkout.confirm().expect(200);
    await checkout.authorize({ card: TEST_CARDS.visaDeclined }).expect(200);
    const { data } = await journal({ paymentId: payment.id, type: 'state_change' });
    expect(data.map((entry) => entry.data)).toEqual([
      { from: 'awaiting_method', to: 'awaiting_confirmation', event: 'select' },
      { from: 'awaiting_confirmation', to: 'authorizing', event: 'confirm' },
      { from: 'authorizing', to: 'awaiting_method', event: 'attempt_declined', reason: 'card_declined' },
    ]);
  });

  it('pages: newest entries by default, forward from `since` with hasMore', async () => {
    await paidByCard();
    const newest = await journal({ limit: 3 });
    expect(newest.data).toHaveLength(3);
    expect(newest.hasMore).toBe(true);
    const all = await journal({ limit: 1000 });
    expect(newest.data).toEqual(all.data.slice(-3));

    const start = all.data.at(-6)?.id as number;
    const forward = await journal({ since: start, limit: 2 });
    expect(forward.data).toEqual(all.data.slice(-5, -3));
    expect(forward.hasMore).toBe(true);
    const rest = await journal({ since: forward.data.at(-1)?.id as number, limit: 10 });
    expect(rest.data).toEqual(all.data.slice(-3));
    expect(rest.hasMore).toBe(false);
  });

  it('does not record its own reads, nor requests without a merchant', async () => {
    const before = (await journal({ limit: 1000 })).data;
    await request(server.baseUrl).get('/api/v1/test/journal').set('Authorization', 'Bearer sk_test_nobody').expect(401);
    await request(server.baseUrl).get('/api/v1/test-instruments').expect(200);
    // A request that is recorded, after them: had they been recorded, they would come before it.
    await request(server.baseUrl).get('/api/v1/test/clock').set('Authorization', `Bearer ${WZPDCO_KEY}`).expect(200);
    const after = (await journal({ limit: 1000 })).data;
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((entry) => [entry.type, entry.data.path])).toEqual([['request', '/api/v1/test/clock']]);
  });

  it('is per merchant', async () => {
    const payment = await paidByCard();
    const { data } = await journal({ limit: 1000 }, DESCO_KEY);
    expect(data.some((entry) => entry.paymentId === payment.id)).toBe(false);
  });

  it.each([[{ type: 'bogus' }, 'type.0'], [{ since: -1 }, 'since'], [{ limit: 0 }, 'limit']])('refuses %j naming the field', async (query, field) => {
    const res = await request(server.baseUrl).get('/api/v1/test/journal').query(query).set('Authorization', `Bearer ${WZPDCO_KEY}`);
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe(field);
  });

  it('needs merchant auth', async () => {
    expect((await request(server.baseUrl).get('/api/v1/test/journal')).status).toBe(401);
  });
});
