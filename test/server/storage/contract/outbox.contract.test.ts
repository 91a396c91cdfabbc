/**
 * The outbox repository on both engines: recording, claims under a lease, attempts guarded by
 * the claim token, holds, and the delivery log; then the races between instances (each delivery
 * claimed once by 12 pollers on three instances; a stopped instance's claims taken over once,
 * and only once, their lease has passed). Each test has a database of its own: claims take due
 * deliveries of every merchant.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Engine, Store } from '../../../../server/storage/port.js';
import type { OutboxMessage } from '../../../../server/webhooks/events.js';
import type { AttemptResult, ClaimedDelivery } from '../../../../server/webhooks/outbox.js';
import { openSharedDatabase, type SharedDatabase } from './instances.js';
import { ENGINES, seedTestMerchant } from './stores.js';

const NOW = new Date('2026-12-05T06:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 3_600_000;
const URL = 'https://merchant.example/webhooks';

function message(merchantId: string, paymentId = 'pay_1', n = 0): OutboxMessage {
  return {
    merchantId,
    paymentId,
    type: 'payment.succeeded',
    at: new Date(NOW.getTime() + n),
    body: JSON.stringify({ n, id: `evt_${n}` }),
    contentType: 'application/json',
    signed: true,
  };
}

const answered = (httpStatus: number | null, error: string | null = null): AttemptResult => ({
  at: NOW,
  httpStatus,
  error,
  latencyMs: 12.4,
  responseStart: httpStatus === null ? null : `status ${httpStatus}`,
});

/** Runs `test` over a fresh database of `engine`, with one instance open and a merchant of its own. */
async function withOutbox(engine: Engine, test: (context: { shared: SharedDatabase; store: Store; merchantId: string }) => Promise<void>) {
  const shared = await openSharedDatabase(engine);
  try {
    const store = shared.open();
    const { id: merchantId } = await store.transact((tx) => seedTestMerchant(tx));
    await test({ shared, store, merchantId });
  } finally {
    await shared.close();
  }
}

const ids = (claims: readonly ClaimedDelivery[]) => claims.map((claim) => claim.deliveryId);

for (const engine of ENGINES) {
  describe(`outbox (${engine})`, () => {
    it('records an event with its delivery, claims it once for a lease, and each attempt moves it on', () =>
      withOutbox(engine, async ({ store, merchantId }) => {
        const recorded = await store.transact((tx) => tx.outbox.record(message(merchantId), URL, 'evt_given'));
        expect(recorded).toEqual({ eventId: 'evt_given', deliveryId: expect.stringMatching(/^whd_[0-9a-f]{32}$/), type: 'payment.succeeded' });
        const fresh = await store.transact((tx) => tx.outbox.record(message(merchantId, 'pay_2', 1), URL));
        expect(fresh.eventId).toMatch(/^evt_[0-9a-f]{32}$/);

        const view = await store.transact((tx) => tx.outbox.getDelivery(recorded.deliveryId));
        expect(view).toEqual({
          id: recorded.deliveryId,
          eventId: 'evt_given',
          eventType: 'payment.succeeded',
          paymentId: 'pay_1',
          url: URL,
          status: 'pending',
          attemptCount: 0,
          nextAttemptAt: NOW.toISOString(),
          lastHttpStatus: null,
          lastError: null,
          createdAt: NOW.toISOString(),
          deliveredAt: null,
          attempts: [],
        });
        expect(await store.transact((tx) => tx.outbox.getDelivery(recorded.deliveryId, 'test_someone_else'))).toBeNull();

        const [first, second, ...more] = await store.transact((tx) => tx.outbox.claimDue(10, NOW, MINUTE));
        expect(more).toEqual([]);
        expect(first).toEqual({
          deliveryId: recorded.deliveryId,
          eventId: 'evt_given',
          eventType: 'payment.succeeded',
          merchantId,
          paymentId: 'pay_1',
          url: URL,
          body: '{"n":0,"id":"evt_0"}',
          contentType: 'application/json',
          signed: true,
          attempt: 1,
          claimToken: expect.any(String),
        });
        expect(second?.deliveryId).toBe(fresh.deliveryId);
        expect(await store.transact((tx) => tx.outbox.claimDue(10, NOW, MINUTE))).toEqual([]);

        const retryAt = new Date(NOW.getTime() + MINUTE);
        const outcome = { status: 'pending' as const, nextAttemptAt: retryAt };
        expect(await store.transact((tx) => tx.outbox.recordAttempt(first!, answered(500), outcome))).toBe('recorded');
        expect(await store.transact((tx) => tx.outbox.getDelivery(recorded.deliveryId))).toMatchObject({
          status: 'pending',
          attemptCount: 1,
          nextAttemptAt: retryAt.toISOString(),
          lastHttpStatus: 500,
          attempts: [{ attempt: 1, at: NOW.toISOString(), httpStatus: 500, error: null, latencyMs: 12, responseBody: 'status 500' }],
        });
        // Due again only once the dispatcher's clock reaches the retry.
        expect(await store.transact((tx) => tx.outbox.claimDue(10, new Date(retryAt.getTime() - 1), MINUTE))).toEqual([]);
        const [retry] = await store.transact((tx) => tx.outbox.claimDue(10, retryAt, MINUTE));
        expect(retry).toMatchObject({ deliveryId: recorded.deliveryId, attempt: 2 });
        expect(retry!.claimToken).not.toBe(first!.claimToken);

        expect(await store.transact((tx) => tx.outbox.recordAttempt(retry!, answered(204), { status: 'delivered' }))).toBe('recorded');
        const delivered = await store.transact((tx) => tx.outbox.getDelivery(recorded.deliveryId));
        expect(delivered).toMatchObject({ status: 'delivered', attemptCount: 2, nextAttemptAt: null, deliveredAt: NOW.toISOString() });
        expect(delivered?.attempts.map((attempt) => attempt.httpStatus)).toEqual([500, 204]);
        expect(await store.transact((tx) => tx.outbox.claimDue(10, new Date(NOW.getTime() + HOUR), MINUTE))).toEqual([]);

        expect(await store.transact((tx) => tx.outbox.recordAttempt(second!, answered(null, 'timeout'), { status: 'failed' }))).toBe('recorded');
        expect(await store.transact((tx) => tx.outbox.getDelivery(fresh.deliveryId))).toMatchObject({ status: 'failed', lastError: 'timeout' });
      }));

    it('lists the newest deliveries of a merchant, oldest first, by payment', () =>
      withOutbox(engine, async ({ store, merchantId }) => {
        const recorded = await store.transact(async (tx) => [
          await tx.outbox.record(message(merchantId, 'pay_a', 1), URL),
          await tx.outbox.record(message(merchantId, 'pay_b', 2), URL),
          await tx.outbox.record(message(merchantId, 'pay_a', 3), `${URL}/other`),
        ]);
        const [claimed] = await store.transact((tx) => tx.outbox.claimDue(1, NOW, MINUTE));
        await store.transact((tx) => tx.outbox.recordAttempt(claimed!, answered(200), { status: 'delivered' }));
        await store.transact(async (tx) => {
          const all = await tx.outbox.listDeliveries(merchantId);
          expect(all.map((view) => view.id)).toEqual(recorded.map((one) => one.deliveryId));
          expect(all[0]?.attempts).toHaveLength(1);
          expect(all[1]?.attempts).toEqual([]);
          expect((await tx.outbox.listDeliveries(merchantId, { paymentId: 'pay_a' })).map((view) => view.url)).toEqual([URL, `${URL}/other`]);
          expect((await tx.outbox.listDeliveries(merchantId, { limit: 2 })).map((view) => view.paymentId)).toEqual(['pay_b', 'pay_a']);
          expect(await tx.outbox.listDeliveries('test_someone_else')).toEqual([]);
        });
      }));

    it('claims one delivery whatever its state, unless another claim on it holds', () =>
      withOutbox(engine, async ({ store, merchantId }) => {
        expect(await store.transact((tx) => tx.outbox.claimOne('whd_missing', NOW, MINUTE))).toBe('not_found');
        const { deliveryId } = await store.transact((tx) => tx.outbox.record(message(merchantId), URL));
        const [claimed] = await store.transact((tx) => tx.outbox.claimDue(1, NOW, MINUTE));
        expect(await store.transact((tx) => tx.outbox.claimOne(deliveryId, NOW, MINUTE))).toBe('in_flight');
        await store.transact((tx) => tx.outbox.recordAttempt(claimed!, answered(200), { status: 'delivered' }));

        const again = await store.transact((tx) => tx.outbox.claimOne(deliveryId, NOW, MINUTE));
        expect(again).toMatchObject({ deliveryId, attempt: 2 });
        expect(await store.transact((tx) => tx.outbox.getDelivery(deliveryId))).toMatchObject({ status: 'pending', attemptCount: 2 });
        expect(await store.transact((tx) => tx.outbox.claimOne(deliveryId, NOW, MINUTE))).toBe('in_flight');
      }));

    it('an attempt recorded with a lapsed claim leaves the delivery to the new claim', () =>
      withOutbox(engine, async ({ store, merchantId }) => {
        const { deliveryId } = await store.transact((tx) => tx.outbox.record(message(merchantId), URL));
        // A lease of 0 ms has lapsed by the next unit.
        const [lapsed] = await store.transact((tx) => tx.outbox.claimDue(1, NOW, 0));
        const [current] = await store.transact((tx) => tx.outbox.claimDue(1, NOW, HOUR));
        expect(current).toMatchObject({ deliveryId, attempt: 2 });
        const before = await store.transact((tx) => tx.outbox.getDelivery(deliveryId));

        expect(await store.transact((tx) => tx.outbox.recordAttempt(lapsed!, answered(200), { status: 'delivered' }))).toBe('superseded');
        const after = await store.transact((tx) => tx.outbox.getDelivery(deliveryId));
        // The delivery is as it was; the log keeps the attempt, which was sent.
        expect({ ...after, attempts: [] }).toEqual({ ...before, attempts: [] });
        expect(after?.attempts.map((attempt) => attempt.attempt)).toEqual([1]);
        expect(await store.transact((tx) => tx.outbox.claimOne(deliveryId, NOW, MINUTE))).toBe('in_flight');

        expect(await store.transact((tx) => tx.outbox.recordAttempt(current!, answered(200), { status: 'delivered' }))).toBe('recorded');
        expect(await store.transact((tx) => tx.outbox.getDelivery(deliveryId))).toMatchObject({ status: 'delivered', attemptCount: 2 });
      }));

    it('gives back claims never attempted, with their attempt numbers, and only while they are current', () =>
      withOutbox(engine, async ({ store, merchantId }) => {
        await store.transact(async (tx) => {
          await tx.outbox.record(message(merchantId, 'pay_1', 1), URL);
          await tx.outbox.record(message(merchantId, 'pay_2', 2), URL);
        });
        const claims = await store.transact((tx) => tx.outbox.claimDue(10, NOW, HOUR));
        expect(await store.transact((tx) => tx.outbox.release(claims))).toBe(2);
        expect(await store.transact((tx) => tx.outbox.release(claims))).toBe(0);
        const again = await store.transact((tx) => tx.outbox.claimDue(10, NOW, HOUR));
        expect(ids(again)).toEqual(ids(claims));
        expect(again.map((claim) => claim.attempt)).toEqual([1, 1]);
        expect(await store.transact((tx) => tx.outbox.release([]))).toBe(0);
      }));

    it('holds a delivery for a time or behind the next one of its payment, until released', () =>
      withOutbox(engine, async ({ store, merchantId }) => {
        const [behind, delayed, unheld] = await store.transact(async (tx) => {
          const recorded = [
            await tx.outbox.record(message(merchantId, 'pay_1', 1), URL),
            await tx.outbox.record(message(merchantId, 'pay_2', 2), URL),
            await tx.outbox.record(message(merchantId, 'pay_1', 3), URL),
          ];
          await tx.outbox.hold(recorded[0]!.deliveryId, 'behind_successor');
          await tx.outbox.hold(recorded[1]!.deliveryId, { forMs: HOUR });
          return recorded;
        });
        const [next] = await store.transact((tx) => tx.outbox.claimDue(10, NOW, MINUTE));
        expect(next?.deliveryId).toBe(unheld!.deliveryId);
        expect(await store.transact((tx) => tx.outbox.claimDue(10, NOW, MINUTE))).toEqual([]);

        await store.transact((tx) => tx.outbox.recordAttempt(next!, answered(200), { status: 'delivered' }));
        expect(await store.transact((tx) => tx.outbox.releaseHeldBehind(next!))).toBe(true);
        expect(await store.transact((tx) => tx.outbox.releaseHeldBehind(next!))).toBe(false);
        expect(ids(await store.transact((tx) => tx.outbox.claimDue(10, NOW, MINUTE)))).toEqual([behind!.deliveryId]);

        expect(await store.transact((tx) => tx.outbox.releaseHeld(merchantId))).toBe(1);
        expect(ids(await store.transact((tx) => tx.outbox.claimDue(10, NOW, MINUTE)))).toEqual([delayed!.deliveryId]);
      }));

    it("sends a payment's deliveries in order: a first attempt waits for the first attempts of the payment's earlier deliveries to its URL", () =>
      withOutbox(engine, async ({ store, merchantId }) => {
        const OTHER_URL = 'https://elsewhere.example/ipn';
        const [first, second, otherPayment, otherUrl] = await store.transact(async (tx) => [
          await tx.outbox.record(message(merchantId, 'pay_1', 1), URL),
          await tx.outbox.record(message(merchantId, 'pay_1', 2), URL),
          await tx.outbox.record(message(merchantId, 'pay_2', 3), URL),
          await tx.outbox.record(message(merchantId, 'pay_1', 4), OTHER_URL),
        ]);
        const claimDue = (at = NOW) => store.transact((tx) => tx.outbox.claimDue(10, at, MINUTE));
        const claimed = await claimDue();
        expect(ids(claimed)).toEqual([first!.deliveryId, otherPayment!.deliveryId, otherUrl!.deliveryId]);
        const [claimedFirst, ...others] = claimed;
        expect(await store.transact((tx) => tx.outbox.hasSuccessorWaiting(claimedFirst!))).toBe(true);
        expect(await store.transact((tx) => tx.outbox.hasSuccessorWaiting(others[0]!))).toBe(false);
        // In flight: the second still waits.
        expect(await claimDue()).toEqual([]);

        // A failed first attempt lets the second go; the retry of the first holds back nothing.
        const retryAt = new Date(NOW.getTime() + MINUTE);
        await store.transact((tx) => tx.outbox.recordAttempt(claimedFirst!, answered(503), { status: 'pending', nextAttemptAt: retryAt }));
        const [claimedSecond, ...none] = await claimDue();
        expect(none).toEqual([]);
        expect(claimedSecond).toMatchObject({ deliveryId: second!.deliveryId, attempt: 1 });

        const third = await store.transact((tx) => tx.outbox.record(message(merchantId, 'pay_1', 5), URL));
        expect(ids(await claimDue(retryAt))).toEqual([first!.deliveryId]);
        await store.transact((tx) => tx.outbox.recordAttempt(claimedSecond!, answered(200), { status: 'delivered' }));
        expect(ids(await claimDue(retryAt))).toEqual([third.deliveryId]);
      }));

    it("a stopped instance's first attempt holds back its payment's next delivery until the lease has passed", () =>
      withOutbox(engine, async ({ shared, store: stopping, merchantId }) => {
        const [first, second] = await stopping.transact(async (tx) => [
          await tx.outbox.record(message(merchantId, 'pay_1', 1), URL),
          await tx.outbox.record(message(merchantId, 'pay_1', 2), URL),
        ]);
        expect(ids(await stopping.transact((tx) => tx.outbox.claimDue(10, NOW, 200)))).toEqual([first!.deliveryId]);
        await shared.stop(stopping);

        const taking = shared.open();
        // Polls until the lease has passed on the database's clock: then both are due, in order.
        let taken: ClaimedDelivery[] = [];
        while (taken.length === 0) taken = await taking.transact((tx) => tx.outbox.claimDue(10, NOW, HOUR));
        expect(taken).toMatchObject([
          { deliveryId: first!.deliveryId, attempt: 2 },
          { deliveryId: second!.deliveryId, attempt: 1 },
        ]);
      }));

    it('deletes a merchant’s events with their deliveries; an attempt then records nothing', () =>
      withOutbox(engine, async ({ store, merchantId }) => {
        const { id: other } = await store.transact((tx) => seedTestMerchant(tx));
        const { deliveryId } = await store.transact(async (tx) => {
          await tx.outbox.record(message(other, 'pay_other'), URL);
          await tx.outbox.record(message(merchantId, 'pay_2', 2), URL);
          return tx.outbox.record(message(merchantId, 'pay_1', 1), URL);
        });
        const claims = await store.transact((tx) => tx.outbox.claimDue(10, NOW, MINUTE));
        expect(await store.transact((tx) => tx.outbox.deleteMerchantEvents(merchantId))).toBe(2);
        const claim = claims.find((one) => one.deliveryId === deliveryId)!;
        expect(await store.transact((tx) => tx.outbox.recordAttempt(claim, answered(200), { status: 'delivered' }))).toBe('deleted');
        await store.transact(async (tx) => {
          expect(await tx.outbox.getDelivery(deliveryId)).toBeNull();
          expect(await tx.outbox.listDeliveries(merchantId)).toEqual([]);
          expect(await tx.outbox.listDeliveries(other)).toHaveLength(1);
        });
      }));
  });

  describe(`outbox races (${engine})`, () => {
    it('12 pollers on three instances claim each of 2,000 due deliveries exactly once', () =>
      withOutbox(engine, async ({ shared, store, merchantId }) => {
        for (let batch = 0; batch < 20; batch++) {
          await store.transact(async (tx) => {
            for (let n = 0; n < 100; n++) await tx.outbox.record(message(merchantId, `pay_${batch}_${n}`, batch * 100 + n), URL);
          });
        }
        const instances = shared.openMany(3);
        const claimedBy = await Promise.all(
          Array.from({ length: 12 }, async (_unused, poller) => {
            const instance = instances[poller % 3]!;
            const claimed: string[] = [];
            for (;;) {
              const claims = await instance.transact((tx) => tx.outbox.claimDue(16, NOW, HOUR));
              if (claims.length === 0) return claimed;
              claimed.push(...ids(claims));
            }
          }),
        );
        const all = claimedBy.flat();
        expect(all).toHaveLength(2000);
        expect(new Set(all).size).toBe(2000);
        const views = await store.transact((tx) => tx.outbox.listDeliveries(merchantId, { limit: 3000 }));
        expect(views.map((view) => view.attemptCount)).toEqual(Array.from({ length: 2000 }, () => 1));
      }));

    it("12 pollers on three instances never claim a payment's delivery before the first attempt of the one before it is recorded", () =>
      withOutbox(engine, async ({ shared, store, merchantId }) => {
        const PAYMENTS = 40;
        const EVENTS = 5;
        const order = new Map<string, { paymentId: string; n: number }>();
        await store.transact(async (tx) => {
          for (let n = 0; n < EVENTS; n++) {
            for (let p = 0; p < PAYMENTS; p++) {
              const { deliveryId } = await tx.outbox.record(message(merchantId, `pay_${p}`, n * PAYMENTS + p), URL);
              order.set(deliveryId, { paymentId: `pay_${p}`, n });
            }
          }
        });
        const instances = shared.openMany(3);
        /** Per payment, the n of its delivery claimed and not yet handed to recordAttempt. */
        const inFlight = new Map<string, number>();
        const claimedInOrder = new Map<string, number[]>();
        const violations: string[] = [];
        const claimedBy = await Promise.all(
          Array.from({ length: 12 }, async (_unused, poller) => {
            const instance = instances[poller % 3]!;
            let claimed = 0;
            let idle = 0;
            while (idle < 3) {
              const claims = await instance.transact((tx) => tx.outbox.claimDue(4, NOW, HOUR));
              idle = claims.length === 0 ? idle + 1 : 0;
              for (const claim of claims) {
                const { paymentId, n } = order.get(claim.deliveryId)!;
                if (inFlight.has(paymentId)) violations.push(`${paymentId}: ${n} claimed while ${inFlight.get(paymentId)} was in flight`);
                inFlight.set(paymentId, n);
                claimedInOrder.set(paymentId, [...(claimedInOrder.get(paymentId) ?? []), n]);
              }
              for (const claim of claims) {
                inFlight.delete(claim.paymentId);
                await instance.transact((tx) => tx.outbox.recordAttempt(claim, answered(200), { status: 'delivered' }));
                claimed += 1;
              }
            }
            return claimed;
          }),
        );
        expect(violations).toEqual([]);
        expect(claimedBy.reduce((sum, count) => sum + count, 0)).toBe(PAYMENTS * EVENTS);
        for (const sequence of claimedInOrder.values()) expect(sequence).toEqual([0, 1, 2, 3, 4]);
      }));

    it('attempts recorded under lapsed claims while another instance claims the same deliveries: each delivery is moved on by one claim only', () =>
      withOutbox(engine, async ({ shared, store, merchantId }) => {
        await store.transact(async (tx) => {
          for (let n = 0; n < 200; n++) await tx.outbox.record(message(merchantId, `pay_${n}`, n), URL);
        });
        const [slow, taking] = shared.openMany(2) as [Store, Store];
        const lapsed = await slow.transact((tx) => tx.outbox.claimDue(200, NOW, 0));
        expect(lapsed).toHaveLength(200);
        const delivered = { status: 'delivered' as const };
        let recording = true;
        // The other instance starts claiming first, so that on SQLite too (units in turn) it takes some over.
        const [takenResults, slowResults] = await Promise.all([
          (async () => {
            const results: Array<{ deliveryId: string; recording: string }> = [];
            for (;;) {
              const stillRecording = recording;
              const claims = await taking.transact((tx) => tx.outbox.claimDue(16, NOW, HOUR));
              for (const claim of claims) {
                const result = await taking.transact((tx) => tx.outbox.recordAttempt(claim, answered(200), delivered));
                results.push({ deliveryId: claim.deliveryId, recording: result });
              }
              if (claims.length === 0 && !stillRecording) return results;
            }
          })(),
          Promise.all(lapsed.map((claim) => slow.transact((tx) => tx.outbox.recordAttempt(claim, answered(200), delivered)))).finally(() => {
            recording = false;
          }),
        ]);
        expect(takenResults.length).toBeGreaterThan(0);
        const superseded = lapsed.filter((_claim, index) => slowResults[index] === 'superseded').map((claim) => claim.deliveryId);
        expect(slowResults.filter((result) => result === 'recorded').length + superseded.length).toBe(200);
        expect(takenResults.every((taken) => taken.recording === 'recorded')).toBe(true);
        // A delivery taken over is exactly one whose lapsed claim's attempt was superseded.
        expect(takenResults.map((taken) => taken.deliveryId).sort()).toEqual(superseded.sort());
        const views = await store.transact((tx) => tx.outbox.listDeliveries(merchantId, { limit: 300 }));
        expect(views.every((view) => view.status === 'delivered')).toBe(true);
        const takenOver = new Set(superseded);
        for (const view of views) {
          const attempts = takenOver.has(view.id) ? [1, 2] : [1];
          expect({ id: view.id, count: view.attemptCount, logged: view.attempts.map((attempt) => attempt.attempt) }).toEqual({
            id: view.id,
            count: attempts.length,
            logged: attempts,
          });
        }
      }));

    it('20 redeliveries of one delivery asked at once on three instances: one claims it, 19 find it in flight', () =>
      withOutbox(engine, async ({ shared, store, merchantId }) => {
        const { deliveryId } = await store.transact((tx) => tx.outbox.record(message(merchantId), URL));
        const instances = shared.openMany(3);
        const results = await Promise.all(
          Array.from({ length: 20 }, (_unused, n) => instances[n % 3]!.transact((tx) => tx.outbox.claimOne(deliveryId, NOW, HOUR))),
        );
        expect(results.filter((result) => result === 'in_flight')).toHaveLength(19);
        expect(results.filter((result) => typeof result === 'object')).toMatchObject([{ deliveryId, attempt: 1 }]);
      }));

    it("a stopped instance's claims are claimed again once their lease has passed, and not before", () =>
      withOutbox(engine, async ({ shared, store: stopping, merchantId }) => {
        const [longLease, shortLease] = await stopping.transact(async (tx) => [
          await tx.outbox.record(message(merchantId, 'pay_1', 1), URL),
          await tx.outbox.record(message(merchantId, 'pay_2', 2), URL),
        ]);
        expect(ids(await stopping.transact((tx) => tx.outbox.claimDue(1, NOW, HOUR)))).toEqual([longLease!.deliveryId]);
        expect(ids(await stopping.transact((tx) => tx.outbox.claimDue(1, NOW, 200)))).toEqual([shortLease!.deliveryId]);
        await shared.stop(stopping);

        const taking = shared.open();
        // Polls until the short lease has passed on the database's clock; the long one holds throughout.
        let taken: ClaimedDelivery[] = [];
        while (taken.length === 0) taken = await taking.transact((tx) => tx.outbox.claimDue(10, NOW, HOUR));
        expect(taken).toMatchObject([{ deliveryId: shortLease!.deliveryId, attempt: 2 }]);
        expect(await taking.transact((tx) => tx.outbox.claimOne(longLease!.deliveryId, NOW, HOUR))).toBe('in_flight');
        expect(await taking.transact((tx) => tx.outbox.claimDue(10, NOW, HOUR))).toEqual([]);
      }));
  });
}

describe('outbox leases (postgres)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("run on the database's clock: an instance whose host clock is a day ahead does not take a held lease", () =>
    withOutbox('postgres', async ({ shared, store: holder, merchantId }) => {
      const { deliveryId } = await holder.transact((tx) => tx.outbox.record(message(merchantId), URL));
      expect(ids(await holder.transact((tx) => tx.outbox.claimDue(1, NOW, HOUR)))).toEqual([deliveryId]);
      const [ahead] = shared.openMany(1);
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 24 * HOUR);
      expect(await ahead!.transact((tx) => tx.outbox.claimDue(10, NOW, HOUR))).toEqual([]);
      expect(await ahead!.transact((tx) => tx.outbox.claimOne(deliveryId, NOW, HOUR))).toBe('in_flight');
    }));
});
