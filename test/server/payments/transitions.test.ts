import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentTransition } from '../../../server/payments/events.js';
import { applicationFee, checkoutClient, createPayment, TEST_CARDS } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('transition listeners', () => {
  it('see every change with the public view, the events of the table, and the merchant clock', async () => {
    const seen: PaymentTransition[] = [];
    const stop = server.services.payments.onTransition((t) => {
      seen.push(t);
    });
    try {
      const payment = await createPayment(server, applicationFee());
      const checkout = checkoutClient(server, payment);
      await checkout.select('visa', 'CITY');
      await checkout.select('visa', 'EBL');
      await checkout.confirm();
      await checkout.authorize({ card: TEST_CARDS.visaDeclined });
      await checkout.select('bkash', 'BKASH');
      await checkout.confirm();
      await checkout.authorize({ walletNumber: '01770618575' });
      await checkout.authorize({ otp: '123456' });
      await checkout.authorize({ pin: '12121' });
      const mine = seen.filter((t) => t.payment.id === payment.id);
      expect(mine.map((t) => [t.from, t.event, t.to])).toEqual([
        ['awaiting_method', 'select', 'awaiting_confirmation'],
        ['awaiting_confirmation', 'select', 'awaiting_confirmation'],
        ['awaiting_confirmation', 'confirm', 'authorizing'],
        ['authorizing', 'attempt_declined', 'awaiting_method'],
        ['awaiting_method', 'select', 'awaiting_confirmation'],
        ['awaiting_confirmation', 'confirm', 'authorizing'],
        ['authorizing', 'authorize_step', 'authorizing'],
        ['authorizing', 'authorize_step', 'authorizing'],
        ['authorizing', 'succeed', 'succeeded'],
      ]);
      const last = mine.at(-1);
      expect(last?.payment).toMatchObject({ status: 'succeeded', slip: { instrument: 'bKash 017•••••575' } });
      expect(last?.merchantId).toBe('wzpdco');
      expect(last?.at.toISOString()).toBe(server.clock.now().toISOString());
    } finally {
      stop();
    }
  });

  it('run inside the transaction: a listener that throws rolls the change back', async () => {
    const payment = await createPayment(server, applicationFee());
    const checkout = checkoutClient(server, payment);
    const stop = server.services.payments.onTransition((t) => {
      if (t.payment.id === payment.id) throw new Error('outbox unavailable');
    });
    try {
      const res = await checkout.select('visa', 'EBL');
      expect(res.status).toBe(500);
    } finally {
      stop();
    }
    expect((await server.deps.store.read((tx) => tx.payments.find(payment.id)))?.status).toBe('awaiting_method');
    expect(await server.deps.store.read((tx) => tx.payments.transitions(payment.id))).toEqual([]);
    expect((await checkout.select('visa', 'EBL')).body.status).toBe('awaiting_confirmation');
  });
});
