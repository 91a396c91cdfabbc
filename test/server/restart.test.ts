import request from 'supertest';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { applicationFee, checkoutClient, createPayment, TEST_CARDS, WZPDCO_KEY } from '../helpers/api.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** A restart loses nothing: close the app and the database, open a new app on the same file (or PostgreSQL database). */
describe('restart on the same database', () => {
  const servers: TestServer[] = [];
  /** Where the first server stored its data; the next ones reopen it. */
  let location: string | undefined;
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close({ keepDb: true });
  });
  afterAll(async () => {
    // One more start on the same database, closed without keeping it: the helper removes it.
    if (location) await (await startTestServer({ dbFile: location })).close();
  });

  const start = async (startAt?: string) => {
    const server = await startTestServer({ ...(location ? { dbFile: location } : {}), ...(startAt ? { start: startAt } : {}) });
    location = server.dbFile;
    servers.push(server);
    return server;
  };

  it('keeps payments, their states, the timer, the test clock and idempotency keys', async () => {
    const first = await start();
    const paid = await createPayment(first);
    const paidCheckout = checkoutClient(first, paid);
    await paidCheckout.select('visa', 'EBL');
    await paidCheckout.confirm();
    const slip = (await paidCheckout.authorize({ card: TEST_CARDS.visaSuccess })).body.slip;

    const open = await createPayment(first);
    await checkoutClient(first, open).select('bkash', 'BKASH');
    const keyed = await request(first.baseUrl)
      .post('/api/v1/payments')
      .set('Authorization', `Bearer ${WZPDCO_KEY}`)
      .set('Idempotency-Key', 'restart-key')
      .send(applicationFee({ reference: 'restart-ref' }));
    await request(first.baseUrl).post('/api/v1/test/clock/advance').set('Authorization', `Bearer ${WZPDCO_KEY}`).send({ seconds: 60 });
    await first.close({ keepDb: true });
    servers.splice(0);

    const second = await start();
    const get = (id: string) => request(second.baseUrl).get(`/api/v1/payments/${id}`).set('Authorization', `Bearer ${WZPDCO_KEY}`);
    expect((await get(paid.id)).body).toMatchObject({ status: 'succeeded', trackingNumber: slip.trackingNumber });
    expect((await checkoutClient(second, paid).slip()).body).toEqual(slip);
    const reopened = await checkoutClient(second, open).get();
    expect(reopened.body).toMatchObject({ status: 'awaiting_confirmation', selection: { method: 'bkash' }, expiresAt: open.expiresAt });
    const clock = await request(second.baseUrl).get('/api/v1/test/clock').set('Authorization', `Bearer ${WZPDCO_KEY}`);
    expect(clock.body.offsetSeconds).toBe(60);
    const replay = await request(second.baseUrl)
      .post('/api/v1/payments')
      .set('Authorization', `Bearer ${WZPDCO_KEY}`)
      .set('Idempotency-Key', 'restart-key')
      .send(applicationFee({ reference: 'restart-ref' }));
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(keyed.body.id);

    // The deadline stored before the restart still rules after it.
    second.clock.advance(240_000);
    expect((await checkoutClient(second, open).get()).body.status).toBe('expired');
  });
});
