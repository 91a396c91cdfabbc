/**
 * The demo portal's races between instances (issue #14): three stores on a fresh database per test
 * (on PostgreSQL three pools side by side, on SQLite the one store running units one after
 * another), many units at once, exact counts.
 */
import { describe, expect, it } from 'vitest';
import type { ReceivedWebhookEvent } from '../../../../server/demo-portal/store.js';
import type { Engine, Store } from '../../../../server/storage/port.js';
import { openSharedDatabase } from './instances.js';
import { unique } from './payments.fixtures.js';
import { applicationRequest, AT, FEES, gatewayView, later, portalMerchant, portalPayment } from './portal.fixtures.js';
import { ENGINES, untilSomeoneWaitsOnALock } from './stores.js';

const range = (count: number) => Array.from({ length: count }, (_unused, index) => index);

/** Runs `test` over a fresh database of `engine` with three instances on it; `storeOf(i)` is the i-th unit's, in turn. */
async function withThreeInstances(engine: Engine, test: (storeOf: (index: number) => Store) => Promise<void>) {
  const shared = await openSharedDatabase(engine);
  try {
    const instances = shared.openMany(3);
    await test((index) => instances[index % instances.length] as Store);
  } finally {
    await shared.close();
  }
}

/** A webhook event about `paymentId`, with an id of its own. */
const received = (paymentId: string): ReceivedWebhookEvent => ({
  eventId: unique(),
  merchantId: 'desco',
  paymentId,
  type: 'payment.succeeded',
  created: AT.toISOString(),
});

for (const engine of ENGINES) {
  describe(`demo portal races (${engine})`, () => {
    it('20 applications created at once on three instances get 20 distinct ids, each with its own applicant and meters', () =>
      withThreeInstances(engine, async (storeOf) => {
        const merchantId = portalMerchant();
        const names = range(20).map((index) => `Applicant ${index}`);
        const ids = await Promise.all(
          names.map((name, index) => storeOf(index).transact((tx) => tx.portal.createApplication(applicationRequest(merchantId, name), FEES, AT))),
        );
        expect(new Set(ids).size).toBe(20);
        const found = await storeOf(1).transact(async (tx) => {
          const applications = [];
          for (const id of ids) applications.push(await tx.portal.findApplication(id));
          return applications;
        });
        expect(found.map((application) => application?.applicantName)).toEqual(names);
        expect(found.map((application) => application?.meters.length)).toEqual(names.map(() => 2));
        const listed = await storeOf(2).transact((tx) => tx.portal.applications());
        expect(listed.map((application) => application.id)).toEqual([...ids].sort((a, b) => b - a));
      }));

    it('the same webhook event recorded by two instances while the first has not committed: the first records it, the second is told it is a redelivery', () =>
      withThreeInstances(engine, async (storeOf) => {
        const event = received(`pay_${unique()}`);
        let secondSettled = false;
        let firstRecorded: () => void = () => undefined;
        const recordedByFirst = new Promise<void>((resolve) => (firstRecorded = resolve));
        const first = storeOf(0).transact(async (tx) => {
          const fresh = await tx.portal.recordWebhookEvent(event, AT);
          firstRecorded();
          // Commit only once the second waits on this unit's row (PostgreSQL), or has run (SQLite's queue).
          await untilSomeoneWaitsOnALock(storeOf(0), () => secondSettled);
          return fresh;
        });
        await recordedByFirst;
        const second = storeOf(1)
          .transact((tx) => tx.portal.recordWebhookEvent(event, later(1)))
          .finally(() => (secondSettled = true));
        expect(await Promise.all([first, second])).toEqual([true, false]);
        expect(await storeOf(2).transact((tx) => tx.portal.webhookEvents(event.paymentId))).toEqual([event]);
      }));

    it('50 events each recorded twice at once on different instances: each recorded exactly once, by one of its two calls', () =>
      withThreeInstances(engine, async (storeOf) => {
        const paymentId = `pay_${unique()}`;
        const events = range(50).map(() => received(paymentId));
        const outcomes = await Promise.all(
          events.flatMap((event, index) => [index, index + 1].map((instance) => storeOf(instance).transact((tx) => tx.portal.recordWebhookEvent(event, AT)))),
        );
        const recordedPerEvent = events.map((_event, index) => outcomes.slice(2 * index, 2 * index + 2).filter(Boolean).length);
        expect(recordedPerEvent).toEqual(events.map(() => 1));
        const stored = await storeOf(0).transact((tx) => tx.portal.webhookEvents(paymentId));
        expect(stored.map((event) => event.eventId).sort()).toEqual(events.map((event) => event.eventId).sort());
      }));

    it('a unit locking a payable another holds waits for it, then reads the payment that one recorded', () =>
      withThreeInstances(engine, async (storeOf) => {
        const merchantId = portalMerchant();
        const payableKey = `fee:${unique()}:1:application_fee`;
        const payment = portalPayment(merchantId, { payableKey });
        let secondSettled = false;
        let firstLocked: () => void = () => undefined;
        const lockedByFirst = new Promise<void>((resolve) => (firstLocked = resolve));
        const first = storeOf(0).transact(async (tx) => {
          const found = await tx.portal.lockPayable(merchantId, payableKey);
          firstLocked();
          await tx.portal.insertPayment(payment, AT);
          // Commit only once the second waits on the lock (PostgreSQL), or has run (SQLite's queue).
          await untilSomeoneWaitsOnALock(storeOf(0), () => secondSettled);
          return found;
        });
        await lockedByFirst;
        const second = storeOf(1)
          .transact((tx) => tx.portal.lockPayable(merchantId, payableKey))
          .finally(() => (secondSettled = true));
        expect(await Promise.all([first, second])).toEqual([[], [payment]]);
      }));

    it('20 starts of one payable at once on three instances, each locking it and recording its payment only when none is open: one recorded, all 20 answer it', () =>
      withThreeInstances(engine, async (storeOf) => {
        const merchantId = portalMerchant();
        const payableKey = `bill:${unique()}`;
        const candidates = range(20).map(() => portalPayment(merchantId, { payableKey }));
        const answers = await Promise.all(
          candidates.map((candidate, index) =>
            storeOf(index).transact(async (tx) => {
              const open = (await tx.portal.lockPayable(merchantId, payableKey)).find((p) => p.status === 'awaiting_method');
              if (open) return open.paymentId;
              await tx.portal.insertPayment(candidate, later(index));
              return candidate.paymentId;
            }),
          ),
        );
        const recorded = await storeOf(2).transact((tx) => tx.portal.paymentsFor(merchantId, payableKey));
        expect(recorded).toHaveLength(1);
        expect(answers).toEqual(range(20).map(() => recorded[0]?.paymentId));
      }));

    it("30 views of one payment at once (succeeded, failed, authorizing) on three instances: the first end applied is the payment's end, and every call answers it", () =>
      withThreeInstances(engine, async (storeOf) => {
        const payment = portalPayment(portalMerchant());
        await storeOf(0).transact((tx) => tx.portal.insertPayment(payment, AT));
        const statuses = range(30).map((index) => ['succeeded', 'failed', 'authorizing'][index % 3] as string);
        const answers = await Promise.all(
          statuses.map((status, index) => storeOf(index).transact((tx) => tx.portal.applyGatewayView(gatewayView(payment, status), later(index + 1)))),
        );
        const stored = await storeOf(1).transact((tx) => tx.portal.findPayment(payment.paymentId));
        expect(['succeeded', 'failed']).toContain(stored?.status);
        // An ending view answers the end that won; an authorizing one answers authorizing if it came before any end.
        const answered = (kind: 'ending' | 'authorizing') =>
          answers.filter((_answer, index) => (statuses[index] === 'authorizing') === (kind === 'authorizing')).map((answer) => answer?.status);
        expect(answered('ending')).toEqual(range(20).map(() => stored?.status));
        expect(answered('authorizing')).toEqual(answered('authorizing').map((status) => (status === 'authorizing' ? status : stored?.status)));
      }));
  });
}
