import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationFee, descoBill } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { PostgresStore } from '../../../server/storage/postgres/store.js';
import { openEventStream } from '../journal/event-stream.js';
import { createTestMerchant, merchantClient, type TestMerchant } from './client.js';

let server: TestServer;

/** Rows read straight from the server's database, whichever engine it runs on (`$1`… placeholders). */
async function rowsOf(sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>> {
  const { store } = server.deps;
  if (store instanceof PostgresStore) return (await store.pool.query(sql, params)).rows as Array<Record<string, unknown>>;
  return server.deps.db.prepare(sql.replace(/\$\d+/g, '?')).all(...params) as Array<Record<string, unknown>>;
}

let receiver: WebhookReceiver;
beforeAll(async () => {
  server = await startTestServer({ webhooks: true, config: { fastWebhooks: true } });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
  await server.close();
});

describe('POST /api/v1/test/merchants', () => {
  it('creates a merchant with its own credentials, without auth', async () => {
    const res = await request(server.baseUrl).post('/api/v1/test/merchants').send({ name: 'CI portal', utility: 'DESCO' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: 'test_merchant',
      id: expect.stringMatching(/^test_[0-9a-f]{18}$/),
      name: 'CI portal',
      utility: 'DESCO',
      billLayout: 'desco',
      secretKey: expect.stringMatching(/^sk_test_[A-Za-z0-9_-]{32}$/),
      webhookSecret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{32}$/),
    });
    const clock = await merchantClient(server, res.body.secretKey).get('/api/v1/test/clock');
    expect(clock.body).toMatchObject({ merchantId: res.body.id, offsetSeconds: 0 });
    // Its key is kept as a hash only.
    const [stored] = await rowsOf('SELECT * FROM merchants WHERE id = $1', [res.body.id]);
    expect(JSON.stringify(stored)).not.toContain(res.body.secretKey);
    expect(Number(stored?.ephemeral)).toBe(1);
  });

  it('takes the utility’s bill layout and refuses an unknown utility naming the field', async () => {
    expect((await createTestMerchant(server, { utility: 'WZPDCO' })).billLayout).toBe('standard');
    expect((await createTestMerchant(server)).utility).toBeNull();
    const res = await request(server.baseUrl).post('/api/v1/test/merchants').send({ utility: 'ACME' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: 'utility', message: expect.stringContaining('DESCO') });
  });

  it('gives every merchant different credentials', async () => {
    const merchants = await Promise.all(Array.from({ length: 10 }, () => createTestMerchant(server)));
    expect(new Set(merchants.map((m) => m.id)).size).toBe(10);
    expect(new Set(merchants.map((m) => m.secretKey)).size).toBe(10);
    expect(new Set(merchants.map((m) => m.webhookSecret)).size).toBe(10);
  });
});

describe('DELETE /api/v1/test/merchants/:id', () => {
  const countOf = async (table: string, column: string, merchantId: string) =>
    (await rowsOf(`SELECT CAST(COUNT(*) AS INTEGER) AS n FROM ${table} WHERE ${column} = $1`, [merchantId]))[0]?.n;

  it('deletes the calling ephemeral merchant with all it did; its key stops working; others keep theirs', async () => {
    const [doomed, other] = await Promise.all([createTestMerchant(server), createTestMerchant(server)]);
    const api = merchantClient(server, doomed.secretKey);
    const payment = await api.createPayment();
    await api.complete(payment.id, { outcome: 'success' });
    await api.post('/api/v1/test/clock/advance', { seconds: 60 });
    const kept = await merchantClient(server, other.secretKey).createPayment();

    const res = await api.delete(`/api/v1/test/merchants/${doomed.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'test_merchant_deleted', id: doomed.id, deleted: { payments: 1 } });
    expect(res.body.deleted.journalEntries).toBeGreaterThan(0);
    expect((await api.get('/api/v1/test/clock')).status).toBe(401);
    // The DELETE's own request entry, gathered when its answer left, is written (or dropped) now.
    await server.services.journal.flush();
    for (const table of ['payments', 'webhook_events', 'journal_entries', 'journal_floors', 'merchant_clocks', 'merchant_webhook_secrets']) {
      expect(await countOf(table, 'merchant_id', doomed.id)).toBe(0);
    }
    expect(await countOf('merchants', 'id', doomed.id)).toBe(0);
    expect((await merchantClient(server, other.secretKey).get(`/api/v1/payments/${kept.id}`)).status).toBe(200);
  });

  it("refuses another merchant's id (404) and the fixtures' merchants (409)", async () => {
    const [first, second] = await Promise.all([createTestMerchant(server), createTestMerchant(server)]);
    expect((await merchantClient(server, first.secretKey).delete(`/api/v1/test/merchants/${second.id}`)).status).toBe(404);
    expect((await merchantClient(server, second.secretKey).get('/api/v1/test/clock')).status).toBe(200);
    const fixtures = await merchantClient(server, 'sk_test_wzpdco_demo').delete('/api/v1/test/merchants/wzpdco');
    expect(fixtures.status).toBe(409);
    expect(fixtures.body.detail).toContain('/api/v1/test/reset');
  });
});

/** What one CI run does with its own merchant: the same references and keys as the other run. */
async function ciRun(merchant: TestMerchant) {
  const api = merchantClient(server, merchant.secretKey);
  const stream = await openEventStream(`${server.baseUrl}/api/v1/test/events`, { Authorization: `Bearer ${merchant.secretKey}` });
  const paid = await api.createPayment(applicationFee({ reference: 'order-1', webhookUrl: `${receiver.url}?m=${merchant.id}` }));
  const open = await api
    .post('/api/v1/payments', { ...applicationFee({ reference: 'order-2' }) })
    .set('Idempotency-Key', 'same-key-in-both-runs');
  expect(open.status).toBe(201);
  const bill = await api.createPayment(descoBill({ reference: 'order-3' }));
  expect((await api.complete(paid.id, { outcome: 'success' })).status).toBe(200);
  return { api, stream, paid, open: open.body as { id: string }, bill };
}

describe('two ephemeral merchants in parallel', () => {
  it('never see each other’s payments, clocks, journal, events or webhooks; reset clears one only', async () => {
    const [a, b] = await Promise.all([createTestMerchant(server, { utility: 'DESCO' }), createTestMerchant(server, { utility: 'DESCO' })]);
    const [runA, runB] = await Promise.all([ciRun(a), ciRun(b)]);

    // Payments: the same reference and idempotency key made separate payments; another's is a 404.
    expect(runA.paid.id).not.toBe(runB.paid.id);
    expect(runA.open.id).not.toBe(runB.open.id);
    expect((await runA.api.get(`/api/v1/payments/${runB.paid.id}`)).status).toBe(404);
    expect((await runA.api.post(`/api/v1/payments/${runB.open.id}/cancel`)).status).toBe(404);
    expect((await runA.api.complete(runB.open.id, { outcome: 'success' })).status).toBe(404);
    const found = await runA.api.get('/api/v1/payments').query({ reference: 'order-1' });
    expect(found.body.data.map((payment: { id: string }) => payment.id)).toEqual([runA.paid.id]);

    // Clocks: A's timer runs out, B's does not move.
    await runA.api.post('/api/v1/test/clock/advance', { seconds: 600 }).expect(200);
    expect((await runA.api.get(`/api/v1/payments/${runA.open.id}`)).body.status).toBe('expired');
    expect((await runB.api.get(`/api/v1/payments/${runB.open.id}`)).body.status).toBe('awaiting_method');
    expect((await runB.api.get('/api/v1/test/clock')).body.offsetSeconds).toBe(0);

    // Webhooks: each merchant's receiver URL got its own payment's event, signed with its own secret.
    await receiver.waitForRequests(2);
    const deliveriesOf = async (run: typeof runA) => (await run.api.get('/api/v1/webhook-deliveries')).body.data as Array<{ paymentId: string }>;
    expect((await deliveriesOf(runA)).map((d) => d.paymentId)).toEqual([runA.paid.id]);
    expect((await deliveriesOf(runB)).map((d) => d.paymentId)).toEqual([runB.paid.id]);

    // Journal and live events: only one's own payments.
    const idsOf = (run: typeof runA) => new Set([run.paid.id, run.open.id, run.bill.id]);
    for (const [run, other] of [[runA, runB], [runB, runA]] as const) {
      const journal = await run.api.journal();
      const streamed = run.stream.events.map((event) => JSON.parse(event.data) as (typeof journal)[number]);
      expect(streamed.length).toBeGreaterThan(5);
      for (const entries of [journal, streamed]) {
        // Its own requests for the other's ids are there, answered 404; nothing else of the other's.
        const aboutOther = entries.filter((entry) => entry.paymentId !== null && idsOf(other).has(entry.paymentId));
        expect(aboutOther.map((entry) => [entry.type, entry.data.status])).toEqual(aboutOther.map(() => ['request', 404]));
        const ownIds = new Set(entries.filter((entry) => !aboutOther.includes(entry)).map((entry) => entry.paymentId));
        expect([...ownIds].filter((id) => id !== null).sort()).toEqual([...idsOf(run)].sort());
      }
      run.stream.close();
    }

    // Reset: A's data is gone, B's is untouched; so is the entry of the request answered just before.
    expect((await runA.api.get('/api/v1/test/clock')).status).toBe(200);
    const reset = await runA.api.post('/api/v1/test/reset');
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ object: 'test_reset', merchantId: a.id, deleted: { payments: 3, webhookEvents: 1, idempotencyKeys: 1 } });
    expect(reset.body.deleted.journalEntries).toBeGreaterThan(5);
    expect((await runA.api.get(`/api/v1/payments/${runA.paid.id}`)).status).toBe(404);
    expect((await runA.api.get('/api/v1/test/clock')).body.offsetSeconds).toBe(0);
    expect((await runA.api.get('/api/v1/webhook-deliveries')).body.data).toEqual([]);
    const afterReset = await runA.api.journal();
    expect(afterReset[0]?.data).toMatchObject({ method: 'POST', path: '/api/v1/test/reset', status: 200 });
    expect(afterReset.filter((entry) => entry.type !== 'request')).toEqual([]);
    expect((await runB.api.get(`/api/v1/payments/${runB.paid.id}`)).body.status).toBe('succeeded');
    expect(await deliveriesOf(runB)).toHaveLength(1);

    // After a reset the same reference, key and bill can be used again.
    await runA.api.createPayment(applicationFee({ reference: 'order-1' }));
    await runA.api.createPayment(descoBill({ reference: 'order-3' }));
  });

  it('reset works for a demo merchant too, and needs auth', async () => {
    const desco = merchantClient(server, 'sk_test_desco_demo');
    await desco.createPayment(applicationFee());
    const res = await desco.post('/api/v1/test/reset');
    expect(res.status).toBe(200);
    expect(res.body.deleted.payments).toBeGreaterThanOrEqual(1);
    expect((await request(server.baseUrl).post('/api/v1/test/reset')).status).toBe(401);
  });
});
