import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentTransition } from '../../../server/payments/events.js';
import { applicationFee, checkoutClient, createPayment, DESCO_KEY, openCheckout, SELECTION_MS, TEST_CARDS, WZPDCO_KEY } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

/**
 * The deadlines, driven by the ManualClock and by the per-merchant test clock: every test here
 * covers minutes of gateway time in milliseconds.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const advanceTestClock = (seconds: number, key = WZPDCO_KEY) =>
  request(server.baseUrl).post('/api/v1/test/clock/advance').set('Authorization', `Bearer ${key}`).send({ seconds });

describe('selection timer', () => {
  it('expires an untouched session when the ManualClock passes its deadline, not a millisecond before', async () => {
    const { checkout } = await openCheckout(server);
    server.clock.advance(SELECTION_MS - 1);
    expect((await checkout.get()).body.status).toBe('awaiting_method');
    server.clock.advance(1);
    const res = await checkout.get();
    expect(res.body).toMatchObject({ status: 'expired', expiresAt: null });
    expect(res.body.lastError).toBeNull();
  });

  it('expires a session with a selection too (awaiting_confirmation -> expired), and then refuses confirm', async () => {
    const { checkout } = await openCheckout(server);
    await checkout.select('visa', 'EBL');
    server.clock.advance(SELECTION_MS);
    const confirm = await checkout.confirm();
    expect(confirm.status).toBe(409);
    expect(confirm.body.currentState).toBe('expired');
  });

  it("the test clock expires a session at once, for that merchant only", async () => {
    const wzpdco = await openCheckout(server);
    const desco = await createPayment(server, applicationFee({ officeCode: '123' }), DESCO_KEY);
    const res = await advanceTestClock(301);
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.now) - server.clock.now().getTime()).toBeGreaterThanOrEqual(301_000);
    expect((await wzpdco.checkout.get()).body.status).toBe('expired');
    expect((await checkoutClient(server, desco).get()).body.status).toBe('awaiting_method');
    const clock = await request(server.baseUrl).get('/api/v1/test/clock').set('Authorization', `Bearer ${DESCO_KEY}`);
    expect(clock.body).toMatchObject({ merchantId: 'desco', offsetSeconds: 0 });
  });

  it('serverTime follows the merchant clock, so the countdown matches the server', async () => {
    const { checkout } = await openCheckout(server);
    server.clock.advance(65_000);
    const view = (await checkout.get()).body;
    expect(Date.parse(view.expiresAt) - Date.parse(view.serverTime)).toBe(SELECTION_MS - 65_000);
  });

  it('stops at confirm and resumes with what was left after a declined attempt', async () => {
    const { checkout } = await openCheckout(server);
    server.clock.advance(100_000);
    await checkout.select('visa', 'EBL');
    const confirmed = (await checkout.confirm()).body;
    // Authorizing has its own deadline (fixtures: authorizationSeconds).
    expect(Date.parse(confirmed.expiresAt) - Date.parse(confirmed.serverTime)).toBe(300_000);
    server.clock.advance(250_000); // longer than what was left of the selection window
    const declined = (await checkout.authorize({ card: TEST_CARDS.visaDeclined })).body;
    expect(declined.status).toBe('awaiting_method');
    expect(Date.parse(declined.expiresAt) - Date.parse(declined.serverTime)).toBe(200_000);
    server.clock.advance(200_000);
    expect((await checkout.get()).body.status).toBe('expired');
  });

  it('fails an authorization that takes too long (authorization_timeout)', async () => {
    const { payment, checkout } = await openCheckout(server);
    await checkout.select('bkash', 'BKASH');
    await checkout.confirm();
    await checkout.authorize({ walletNumber: '01770618575' });
    server.clock.advance(300_000);
    expect((await checkout.get()).body.status).toBe('failed');
    const merchantView = await request(server.baseUrl)
      .get(`/api/v1/payments/${payment.id}`)
      .set('Authorization', `Bearer ${WZPDCO_KEY}`);
    expect(merchantView.body).toMatchObject({ status: 'failed', failureReason: 'authorization_timeout' });
  });
});

describe('pending, then success', () => {
  it('stays authorizing with nextAction wait, refuses input, and succeeds after pendingSeconds', async () => {
    const { checkout } = await openCheckout(server);
    await checkout.select('visa', 'EBL');
    await checkout.confirm();
    const pending = (await checkout.authorize({ card: TEST_CARDS.visaPending })).body;
    expect(pending).toMatchObject({ status: 'authorizing', nextAction: { type: 'wait', retryAfterMs: 5000 } });
    const busy = await checkout.authorize({ card: TEST_CARDS.visaPending });
    expect(busy.status).toBe(409);
    server.clock.advance(4_000);
    expect((await checkout.get()).body.nextAction).toMatchObject({ type: 'wait', retryAfterMs: 1000 });
    server.clock.advance(1_000);
    const done = (await checkout.get()).body;
    expect(done.status).toBe('succeeded');
    // Paid when the bank completed, not when someone looked.
    expect(done.slip.paidAt).toBe(new Date(Date.parse(pending.serverTime) + 5000).toISOString());
  });
});

describe('sweep', () => {
  it('settles lapsed sessions nobody reads, with one transition each, dated at the deadline', async () => {
    const seen: PaymentTransition[] = [];
    const stop = server.services.payments.onTransition((t) => {
      seen.push(t);
    });
    try {
      const sessions = await Promise.all([openCheckout(server), openCheckout(server), openCheckout(server)]);
      server.clock.advance(SELECTION_MS + 10_000);
      expect(await server.services.payments.sweep()).toBeGreaterThanOrEqual(3);
      const expired = seen.filter((t) => sessions.some((s) => s.payment.id === t.payment.id));
      expect(expired).toHaveLength(3);
      for (const t of expired) {
        expect(t).toMatchObject({ from: 'awaiting_method', to: 'expired', event: 'expire', merchantId: 'wzpdco' });
        const session = sessions.find((s) => s.payment.id === t.payment.id);
        expect(t.at.toISOString()).toBe(session?.payment.expiresAt);
        expect(t.payment.status).toBe('expired');
      }
      expect(await server.services.payments.sweep()).toBe(0);
    } finally {
      stop();
    }
  });
});
