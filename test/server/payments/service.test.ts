import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFound, Unauthorized } from '../../../server/http/problems.js';
import { ownedBy, type PaymentGuard } from '../../../server/payments/guards.js';
import type { PaymentService } from '../../../server/payments/service.js';
import { applicationFee, createPayment, type CreatedPayment } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let server: TestServer;
let payments: PaymentService;
beforeAll(async () => {
  server = await startTestServer();
  payments = server.services.payments;
});
afterAll(async () => {
  await server.close();
});

/** The payment's transition log, oldest first, as stored (on either engine). */
async function transitions(paymentId: string): Promise<{ event: string; from: string; to: string; at: number }[]> {
  const log = await server.deps.store.read((tx) => tx.payments.transitions(paymentId));
  return log.map(({ event, from, to, at }) => ({ event, from, to, at: at.getTime() }));
}

/** The payment as stored, no deadline applied. */
const stored = (paymentId: string) => server.deps.store.read((tx) => tx.payments.find(paymentId));

/** A fresh payment of WZPDCO whose selection window has lapsed (nothing has noticed yet). */
async function lapsedPayment(): Promise<CreatedPayment> {
  const payment = await createPayment(server, applicationFee());
  server.clock.advanceSeconds(payments.timing.selectionMs / 1000 + 1);
  return payment;
}

class Refused extends Error {}
const refuseAll: PaymentGuard = () => {
  throw new Refused('not you');
};

describe('PaymentService.read', () => {
  it('is null for an unknown payment', async () => {
    await expect(payments.read('pay_unknown')).resolves.toBeNull();
  });

  it('writes a lapse once, dated at the deadline: a second read writes nothing', async () => {
    const payment = await lapsedPayment();
    expect((await stored(payment.id))?.status).toBe('awaiting_method');

    const first = await payments.read(payment.id);
    expect(first).toMatchObject({ status: 'expired', failureReason: 'selection_timeout', deadlineAt: null });
    expect(await transitions(payment.id)).toEqual([
      { event: 'expire', from: 'awaiting_method', to: 'expired', at: new Date(payment.expiresAt).getTime() },
    ]);

    expect(await payments.read(payment.id)).toEqual(first);
    expect(await transitions(payment.id)).toHaveLength(1);
  });

  it('lets a guard refuse before the lapse is written, and refuses a missing payment in its words', async () => {
    const payment = await lapsedPayment();
    const heard: string[] = [];
    const stop = payments.onTransition((t) => {
      heard.push(`${t.record.id} ${t.event}`);
    });
    await expect(payments.read(payment.id, { guard: refuseAll })).rejects.toThrow(Refused);
    stop();
    expect(heard).toEqual([]);
    expect((await stored(payment.id))?.status).toBe('awaiting_method');
    expect(await transitions(payment.id)).toEqual([]);

    await expect(payments.read(payment.id, { guard: ownedBy({ id: 'desco' }) })).rejects.toThrow(
      new NotFound(`there is no payment ${payment.id}`),
    );
    await expect(payments.read('pay_unknown', { guard: ownedBy({ id: 'wzpdco' }) })).rejects.toThrow(
      new NotFound('there is no payment pay_unknown'),
    );
    expect(await transitions(payment.id)).toEqual([]);
    expect((await payments.read(payment.id, { guard: ownedBy({ id: 'wzpdco' }) })).status).toBe('expired');
  });
});

describe('PaymentService.change', () => {
  it('hands act the settled payment and its merchant now, and returns what act returns', async () => {
    const payment = await createPayment(server, applicationFee());
    const result = await payments.change(payment.id, async (current, now, tx) => {
      expect(now).toEqual(await payments.now(tx, current.merchantId));
      return payments.apply(tx, current, 'cancel', now, (draft) => {
        draft.failureReason = 'cancelled_by_merchant';
      });
    });
    expect(result).toMatchObject({ id: payment.id, status: 'cancelled', failureReason: 'cancelled_by_merchant' });
    expect((await stored(payment.id))?.status).toBe('cancelled');
    expect((await transitions(payment.id)).map((t) => t.event)).toEqual(['cancel']);
  });

  it('runs act in its one transaction: an act that throws leaves the payment and its transitions as they were', async () => {
    const payment = await createPayment(server, applicationFee());
    const before = (await stored(payment.id));
    await expect(
      payments.change(payment.id, async (current, now, tx) => {
        await payments.apply(tx, current, 'cancel', now);
        throw new Refused('act failed after its write');
      }),
    ).rejects.toThrow(Refused);
    expect((await stored(payment.id))).toEqual(before);
    expect(await transitions(payment.id)).toEqual([]);
  });

  it('rolls the settle back with the act: the lapse of a change that failed is not written', async () => {
    const payment = await lapsedPayment();
    let seen: string | undefined;
    await expect(
      payments.change(payment.id, (current) => {
        seen = current.status;
        throw new Refused('act failed');
      }),
    ).rejects.toThrow(Refused);
    expect(seen).toBe('expired');
    expect((await stored(payment.id))?.status).toBe('awaiting_method');
    expect(await transitions(payment.id)).toEqual([]);
  });

  it('stops at a guard that throws: no act, no settle written (no transition listener even ran)', async () => {
    const payment = await lapsedPayment();
    const heard: string[] = [];
    const stop = payments.onTransition((t) => {
      heard.push(`${t.record.id} ${t.event}`);
    });
    let acted = false;
    const act = () => {
      acted = true;
    };
    await expect(payments.change(payment.id, act, { guard: refuseAll })).rejects.toThrow(Refused);
    const wrongSecret: PaymentGuard = (stored) => {
      if (stored?.clientSecretSha256 !== 'a secret nobody has') throw new Unauthorized('the client secret does not match');
    };
    await expect(payments.change(payment.id, act, { guard: wrongSecret })).rejects.toThrow(Unauthorized);
    stop();
    expect(acted).toBe(false);
    expect(heard).toEqual([]);
    expect((await stored(payment.id))?.status).toBe('awaiting_method');
    expect(await transitions(payment.id)).toEqual([]);
  });

  it('answers NotFound for an unknown payment when no guard does', async () => {
    await expect(payments.change('pay_unknown', () => 'acted')).rejects.toThrow(new NotFound('there is no payment pay_unknown'));
  });

  it('with lapseNow, applies the deadline as reached now, dated now', async () => {
    const payment = await createPayment(server, applicationFee());
    const now = await server.deps.store.read((tx) => payments.now(tx, 'wzpdco'));
    const expired = await payments.change(payment.id, (current) => current, { lapseNow: true });
    expect(expired).toMatchObject({ status: 'expired', failureReason: 'selection_timeout' });
    expect(await transitions(payment.id)).toEqual([{ event: 'expire', from: 'awaiting_method', to: 'expired', at: now.getTime() }]);
  });
});
