import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTrackingNumber } from '../../domain/tracking-number.js';
import { applicationFee, checkoutClient, createPayment, TEST_CARDS } from '../helpers/api.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** Real HTTP on loopback, many requests in flight at once; a fresh server (and serial space) per test. */
let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

describe('concurrency', () => {
  it('50 concurrent authorize calls on one session give exactly one success and one tracking number', async () => {
    const payment = await createPayment(server);
    const checkout = checkoutClient(server, payment);
    await checkout.select('visa', 'EBL');
    await checkout.confirm();
    const responses = await Promise.all(Array.from({ length: 50 }, () => checkout.authorize({ card: TEST_CARDS.visaSuccess })));
    const succeeded = responses.filter((res) => res.status === 200);
    expect(succeeded).toHaveLength(1);
    expect(succeeded[0]?.body.status).toBe('succeeded');
    const refused = responses.filter((res) => res.status === 409);
    expect(refused).toHaveLength(49);
    for (const res of refused) expect(res.body.currentState).toBe('succeeded');
    const transitions = await server.deps.store.read((tx) => tx.payments.transitions(payment.id));
    expect(transitions.filter((transition) => transition.to === 'succeeded')).toHaveLength(1);
  });

  it('1,000 concurrent payments in one second get 1,000 distinct tracking numbers (serials 000-999)', async () => {
    const pay = async () => {
      const payment = await createPayment(server, applicationFee({ amount: '25.00' }));
      const checkout = checkoutClient(server, payment);
      await checkout.select('visa', 'DBBL');
      await checkout.confirm();
      const res = await checkout.authorize({ card: TEST_CARDS.dbblVisaDebit });
      expect(res.body.status).toBe('succeeded');
      return res.body.slip.trackingNumber as string;
    };
    const trackingNumbers = await Promise.all(Array.from({ length: 1000 }, pay));
    expect(new Set(trackingNumbers).size).toBe(1000);
    const parsed = trackingNumbers.map((value) => parseTrackingNumber(value));
    expect(new Set(parsed.map((t) => t.serial)).size).toBe(1000);
    expect(new Set(parsed.map((t) => t.issuedAt.toISOString()))).toEqual(new Set([server.clock.now().toISOString()]));
  }, 120_000);
});
