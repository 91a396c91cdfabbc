/**
 * The dialect layer on the storage port, on both engines: a transition's notification is read and
 * queued in the transition's own unit (its `tx`), the return URL is read in the caller's unit, and
 * SSLCommerz's success keys are written by the IPN in that unit, so they exist exactly when the
 * transition committed.
 */
import { expect, it } from 'vitest';
import type { PaymentTransition, TransitionListener } from '../../../server/payments/events.js';
import { AnnouncedTransition } from '../../../server/payments/events.js';
import type { PaymentRecord } from '../../../server/payments/record.js';
import type { PaymentView, ViewNames } from '../../../server/payments/view.js';
import { Dialects, type DialectAdapter } from '../../../server/dialects/layer.js';
import { paymentKeyOf, type DialectSession } from '../../../server/dialects/sessions.js';
import { ipnFor, IPN_TYPE } from '../../../server/dialects/sslcommerz/ipn.js';
import type { SslcommerzSessionData } from '../../../server/dialects/sslcommerz/session.js';
import { checkVerifySign } from '../../../server/dialects/sslcommerz/verify-sign.js';
import type { Store, Tx } from '../../../server/storage/port.js';
import type { OutboxMessage } from '../../../server/webhooks/events.js';
import { paidCardPayment } from '../../helpers/payment-records.js';
import { CREATED_AT, newPayment, unique } from '../storage/contract/payments.fixtures.js';
import { describeEachStore, seedTestMerchant } from '../storage/contract/stores.js';

const STORE_PASSWORD = 'store@pass';

const names: ViewNames = {
  merchantName: (id) => id,
  methodName: (id) => id.toUpperCase(),
  gatewayName: (id) => id,
  methodBnName: (id) => id,
  gatewayBnName: (id) => id,
  merchantBnName: (id) => id,
  prepaidTariff: {} as ViewNames['prepaidTariff'],
};

function sslData(sessionkey: string): SslcommerzSessionData {
  return {
    sessionkey,
    storeId: 'teststore',
    totalAmount: '11.00',
    currency: 'BDT',
    urls: {
      success: 'http://127.0.0.1:9/ok',
      fail: 'http://127.0.0.1:9/fail',
      cancel: 'http://127.0.0.1:9/cancel',
      ipn: 'http://127.0.0.1:9/ipn',
    },
    values: { value_a: 'a', value_b: '', value_c: '', value_d: '' },
    valId: null,
    bankTranId: null,
    validatedAt: null,
  };
}

/** A merchant of its own with SSLCommerz credentials, and a payment of it with an SSLCommerz session (native: none). */
async function paymentWithSession(store: Store, options: { native?: boolean } = {}) {
  return store.transact(async (tx) => {
    const merchant = await seedTestMerchant(tx);
    await tx.dialects.storeCredentials(merchant.id, { sslcommerz: { login: `${merchant.id}ssl`, password: STORE_PASSWORD } });
    const payment = newPayment(merchant.id, { id: `pay_${unique()}${unique()}` });
    await tx.payments.insert(payment);
    const session: DialectSession<SslcommerzSessionData> = {
      paymentId: payment.id,
      merchantId: merchant.id,
      dialect: 'sslcommerz',
      reference: payment.reference,
      data: sslData(paymentKeyOf(payment.id)),
      createdAt: CREATED_AT,
    };
    if (!options.native) await tx.dialects.insertSession(session, []);
    return { payment, session };
  });
}

/** The payment as it succeeded, announced as the service announces it. */
function succeeded(payment: PaymentRecord): PaymentTransition {
  const paidAt = new Date(CREATED_AT.getTime() + 60_000);
  const record: PaymentRecord = {
    ...paidCardPayment,
    id: payment.id,
    merchantId: payment.merchantId,
    reference: payment.reference,
    paidAt,
    updatedAt: paidAt,
  };
  return new AnnouncedTransition(record, 'authorizing', 'succeeded', 'succeed', paidAt, () => ({}) as PaymentView);
}

/** A Dialects over one fake adapter, with the listener it registers and what it queued (and in which unit). */
function layer(adapter: Partial<DialectAdapter> = {}) {
  let listener: TransitionListener | undefined;
  const queued: Array<{ tx: Tx; message: OutboxMessage; url: string }> = [];
  const fake: DialectAdapter = {
    id: 'sslcommerz',
    pathPrefixes: ['/fake'],
    router: (() => undefined) as unknown as DialectAdapter['router'],
    openApi: () => ({ tag: { name: 'fake', description: '' }, paths: {} }),
    returnUrl: async (_tx, payment) => `http://127.0.0.1:9/back/${payment.id}`,
    notifies: (transition) => transition.to === 'succeeded',
    notification: async (_tx, transition, session) => ({
      type: 'fake.ipn',
      url: `http://127.0.0.1:9/ipn/${session.reference}`,
      body: `to=${transition.to}`,
      contentType: 'text/plain',
    }),
    ...adapter,
  };
  const dialects = new Dialects(
    {
      payments: {
        onTransition(added) {
          listener = added;
          return () => undefined;
        },
      },
      outbox: {
        async enqueue(tx, message, url) {
          queued.push({ tx, message, url });
        },
      },
    },
    [fake],
  );
  const emit = (transition: PaymentTransition, tx: Tx) => {
    if (!listener) throw new Error('Dialects registers its listener when constructed');
    return listener(transition, tx);
  };
  return { dialects, emit, queued };
}

describeEachStore('dialect layer', ({ store }) => {
  it("reads a payment's return URL in the caller's unit: the dialect's for its sessions, undefined for a native payment", async () => {
    const { dialects } = layer();
    const { payment } = await paymentWithSession(store());
    const native = await paymentWithSession(store(), { native: true });
    await store().read(async (tx) => {
      expect(await dialects.returnUrl(tx, payment)).toBe(`http://127.0.0.1:9/back/${payment.id}`);
      expect(await dialects.returnUrl(tx, native.payment)).toBeUndefined();
    });
  });

  it("queues the dialect's notification in the transition's unit, and nothing for a native payment", async () => {
    const { emit, queued } = layer();
    const { payment, session } = await paymentWithSession(store());
    const native = await paymentWithSession(store(), { native: true });
    const transition = succeeded(payment);
    await store().transact(async (tx) => {
      await emit(transition, tx);
      await emit(succeeded(native.payment), tx);
      expect(queued).toHaveLength(1);
      expect(queued[0]?.tx).toBe(tx);
    });
    expect(queued[0]?.url).toBe(`http://127.0.0.1:9/ipn/${session.reference}`);
    expect(queued[0]?.message).toEqual({
      merchantId: payment.merchantId,
      paymentId: payment.id,
      type: 'fake.ipn',
      at: transition.at,
      body: 'to=succeeded',
      contentType: 'text/plain',
      signed: false,
    });
  });

  it('reads no session for a transition no adapter notifies, and queues nothing', async () => {
    const read: string[] = [];
    const { emit, queued } = layer();
    const { payment } = await paymentWithSession(store());
    const step = new AnnouncedTransition(payment, 'awaiting_method', 'awaiting_method', 'select', CREATED_AT, () => ({}) as PaymentView);
    await store().transact(async (tx) => {
      const spied: Tx = Object.create(tx) as Tx;
      spied.dialects = { ...tx.dialects, session: async (paymentId) => (read.push(paymentId), tx.dialects.session(paymentId)) };
      await emit(step, spied);
      await emit(succeeded(payment), spied);
    });
    expect(read).toEqual([payment.id]);
    expect(queued.map(({ message }) => message.type)).toEqual(['fake.ipn']);
  });

  it('queues nothing when the adapter has no notification for the transition', async () => {
    const { emit, queued } = layer({ notification: async () => null });
    const { payment } = await paymentWithSession(store());
    await store().transact((tx) => Promise.resolve(emit(succeeded(payment), tx)));
    expect(queued).toEqual([]);
  });
});

describeEachStore('SSLCommerz IPN on the port', ({ store }) => {
  it('issues val_id and bank_tran_id in the success unit, signs with the store password, and keeps the first keys', async () => {
    const { payment, session } = await paymentWithSession(store());
    const transition = succeeded(payment);
    const ipn = await store().transact((tx) => ipnFor(names, tx, transition, session));
    expect(ipn?.type).toBe(IPN_TYPE);
    expect(ipn?.url).toBe('http://127.0.0.1:9/ipn');
    const fields = Object.fromEntries(new URLSearchParams(ipn?.body ?? ''));
    expect(fields.status).toBe('VALID');
    expect(fields.tran_id).toBe(payment.reference);
    expect(checkVerifySign(fields, STORE_PASSWORD)).toBe(true);
    const valId = fields.val_id as string;
    const bankTranId = fields.bank_tran_id as string;
    expect(valId).not.toBe('');
    await store().read(async (tx) => {
      expect((await tx.dialects.sessionByKey<SslcommerzSessionData>('sslcommerz', valId))?.paymentId).toBe(payment.id);
      expect((await tx.dialects.sessionByKey<SslcommerzSessionData>('sslcommerz', bankTranId))?.paymentId).toBe(payment.id);
    });
    // Announced again (from the stored session): the keys stay the first ones.
    const stored = await store().read((tx) => tx.dialects.session<SslcommerzSessionData>(payment.id));
    const again = await store().transact((tx) => ipnFor(names, tx, transition, stored as DialectSession<SslcommerzSessionData>));
    expect(Object.fromEntries(new URLSearchParams(again?.body ?? '')).val_id).toBe(valId);
  });

  it('leaves no keys behind when the transition unit rolls back', async () => {
    const { payment, session } = await paymentWithSession(store());
    let valId = '';
    await expect(
      store().transact(async (tx) => {
        const ipn = await ipnFor(names, tx, succeeded(payment), session);
        valId = new URLSearchParams(ipn?.body ?? '').get('val_id') ?? '';
        throw new Error('the transition failed after its listeners');
      }),
    ).rejects.toThrow('the transition failed');
    expect(valId).not.toBe('');
    await store().read(async (tx) => {
      expect(await tx.dialects.sessionByKey('sslcommerz', valId)).toBeNull();
      expect((await tx.dialects.session<SslcommerzSessionData>(payment.id))?.data.valId).toBeNull();
    });
  });

  it('sends nothing for a step or for a session without an ipn_url', async () => {
    const { payment, session } = await paymentWithSession(store());
    const step = new AnnouncedTransition(payment, 'awaiting_method', 'awaiting_method', 'select', CREATED_AT, () => ({}) as PaymentView);
    const withoutIpn = { ...session, data: { ...session.data, urls: { ...session.data.urls, ipn: null } } };
    await store().transact(async (tx) => {
      expect(await ipnFor(names, tx, step, session)).toBeNull();
      expect(await ipnFor(names, tx, succeeded(payment), withoutIpn)).toBeNull();
    });
  });
});
