/**
 * Starting a payment (payment-flow.ts) on the storage port, on both engines, with several portal
 * instances on one database and a gateway of the test's own behind the portal's `fetch`: a payable
 * is paid at most once however many starts race for it, on one instance or several, without any
 * call to the gateway inside a unit.
 */
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { PortalContext } from '../../../server/demo-portal/context.js';
import type { Locale } from '../../../server/demo-portal/i18n.js';
import { startPayment, type Payable, type StartOutcome } from '../../../server/demo-portal/payment-flow.js';
import { feePayableKey, type PortalPayment } from '../../../server/demo-portal/store.js';
import type { Engine } from '../../../server/storage/port.js';
import { testFixtures } from '../../helpers/server.js';
import { openSharedDatabase } from '../storage/contract/instances.js';
import { ENGINES } from '../storage/contract/stores.js';
import { FakeGateway, GATEWAY_URL } from './fake-gateway.js';

const range = (count: number) => Array.from({ length: count }, (_unused, index) => index);

/** The request only matters for the portal's address, which publicUrl fixes. */
const REQUEST = { query: {} } as unknown as Request;

const merchant = () => testFixtures().merchants[0] as NonNullable<ReturnType<typeof testFixtures>['merchants'][number]>;

/** One new-connection fee of an application of the test's own. */
function feePayable(amount = '300.00'): Payable & { key: string } {
  const applicationId = Math.floor(Math.random() * 1_000_000_000);
  return {
    purpose: 'application_fee',
    key: feePayableKey(applicationId, 1, 'application_fee'),
    referencePrefix: `NC${applicationId}-M1-AF`,
    amount,
    lateFee: '0.00',
    officeCode: '305',
    meterSerial: 1,
    applicationId,
    customer: { name: 'Rahima Khatun', mobile: '01712345678' },
  };
}

interface World {
  gateway: FakeGateway;
  /** The portal of instance `index` (instances taken in turn). */
  portal(index: number): PortalContext;
  start(index: number, payable: Payable, lang?: Locale): Promise<StartOutcome>;
  /** The portal's records of `payable`, newest first. */
  recorded(payable: Payable & { key: string }): Promise<PortalPayment[]>;
}

async function withThreeInstances(engine: Engine, test: (world: World) => Promise<void>): Promise<void> {
  const shared = await openSharedDatabase(engine);
  try {
    const gateway = new FakeGateway();
    const portals = shared
      .openMany(3)
      .map((store) => new PortalContext({ store, fixtures: testFixtures(), publicUrl: 'http://portal.test', gatewayUrl: GATEWAY_URL, fetch: gateway.fetch }));
    const portal = (index: number) => portals[index % portals.length] as PortalContext;
    await test({
      gateway,
      portal,
      start: (index, payable, lang = 'en') => startPayment(portal(index), REQUEST, merchant(), payable, lang),
      recorded: (payable) => portal(0).store.read((tx) => tx.portal.paymentsFor(merchant().id, payable.key)),
    });
  } finally {
    await shared.close();
  }
}

for (const engine of ENGINES) {
  describe(`starting a payment on the storage port (${engine})`, () => {
    it('20 starts of one fee at once on three instances: the gateway makes one payment, the portal records it once, every start answers it', () =>
      withThreeInstances(engine, async ({ gateway, start, recorded }) => {
        const payable = feePayable();
        const outcomes = await Promise.all(range(20).map((index) => start(index, payable)));
        expect(gateway.created).toHaveLength(1);
        const [only] = gateway.created;
        expect((await recorded(payable)).map((payment) => payment.paymentId)).toEqual([only]);
        expect(outcomes.map((outcome) => [outcome.kind, outcome.payment.paymentId])).toEqual(range(20).map(() => ['ready', only]));
        expect(outcomes[0]?.payment).toMatchObject({ payableKey: payable.key, amount: '300.00', status: 'awaiting_method', clientSecret: `${only}_secret` });
      }));

    it('starts in two languages at once (two different requests): one payment recorded and answered to all, any other the gateway made is cancelled', () =>
      withThreeInstances(engine, async ({ gateway, start, recorded }) => {
        const payable = feePayable();
        gateway.holdCreates(2);
        const outcomes = await Promise.all(range(12).map((index) => start(index, payable, index % 2 === 0 ? 'en' : 'bn')));
        const stored = await recorded(payable);
        expect(stored).toHaveLength(1);
        const kept = stored[0]?.paymentId;
        expect(outcomes.map((outcome) => outcome.payment.paymentId)).toEqual(range(12).map(() => kept));
        expect(gateway.created).toHaveLength(2);
        expect(gateway.created.map((id) => gateway.payments.get(id)?.status).sort()).toEqual(['awaiting_method', 'cancelled']);
        expect(gateway.payments.get(kept ?? '')?.status).toBe('awaiting_method');
      }));

    it('a second start reuses the open payment; after it failed a new one is made; once one is paid, starts answer it and make none', () =>
      withThreeInstances(engine, async ({ gateway, start, recorded }) => {
        const payable = feePayable();
        const first = await start(0, payable);
        expect(await start(1, payable)).toEqual(first);
        gateway.end(first.payment.paymentId, 'failed');
        const second = await start(2, payable);
        expect(second.kind).toBe('ready');
        expect(second.payment.paymentId).not.toBe(first.payment.paymentId);
        expect(second.payment.reference).not.toBe(first.payment.reference);
        expect((await recorded(payable)).map((payment) => [payment.paymentId, payment.status])).toEqual([
          [second.payment.paymentId, 'awaiting_method'],
          [first.payment.paymentId, 'failed'],
        ]);
        gateway.end(second.payment.paymentId, 'succeeded');
        const after = await Promise.all(range(6).map((index) => start(index, payable)));
        expect(after.map((outcome) => [outcome.kind, outcome.payment.paymentId, outcome.payment.status])).toEqual(
          range(6).map(() => ['already_paid', second.payment.paymentId, 'succeeded']),
        );
        expect(gateway.created).toEqual([first.payment.paymentId, second.payment.paymentId]);
      }));

    it('an open payment for other amounts (the late charge began) is cancelled, once, by starts racing on three instances, and one new payment made', () =>
      withThreeInstances(engine, async ({ gateway, start, recorded }) => {
        const onTime = feePayable();
        const first = await start(0, onTime);
        const late = { ...onTime, amount: '300.00', lateFee: '15.00' };
        const outcomes = await Promise.all(range(9).map((index) => start(index, late)));
        expect(gateway.payments.get(first.payment.paymentId)?.status).toBe('cancelled');
        expect(gateway.created).toHaveLength(2);
        const made = gateway.created[1];
        expect(outcomes.map((outcome) => [outcome.kind, outcome.payment.paymentId, outcome.payment.lateFee])).toEqual(range(9).map(() => ['ready', made, '15.00']));
        expect((await recorded(onTime)).map((payment) => [payment.paymentId, payment.status])).toEqual([
          [made, 'awaiting_method'],
          [first.payment.paymentId, 'cancelled'],
        ]);
      }));

    it('a recharge (paid any number of times) is a payment of its own at every start', () =>
      withThreeInstances(engine, async ({ gateway, start, portal }) => {
        const recharge: Payable = { purpose: 'prepaid_recharge', key: null, referencePrefix: 'RCH-010203040506', amount: '500.00', lateFee: '0.00', meterNo: '010203040506', customer: {} };
        const outcomes = await Promise.all(range(3).map((index) => start(index, recharge)));
        expect(new Set(outcomes.map((outcome) => outcome.payment.paymentId)).size).toBe(3);
        expect(gateway.created).toHaveLength(3);
        for (const outcome of outcomes) expect(await portal(1).findPayment(outcome.payment.paymentId)).toEqual(outcome.payment);
      }));
  });
}
