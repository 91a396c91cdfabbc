/**
 * Three billpay-sim server processes on one PostgreSQL database (issue #14): what one instance
 * does, the others see and respect at their next request, and races spread over the instances
 * end as they do on one. Each test has an ephemeral merchant of its own; the instances and the
 * database are shared by the file (the crash and empty-database tests have their own).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applicationFee, descoBill, TEST_CARDS, uniqueReference } from '../../helpers/api.js';
import { call, createMerchant, expectStatus, inParallel, waitUntil, type Instance, useInstances } from '../../helpers/instances.js';
import { openEventStream, type EventStreamClient } from '../journal/event-stream.js';
import { checkoutApi, countBy, merchantApi, type JournalEntry } from './merchant-api.js';
import { startReceiver, type Receiver } from './receiver.js';

/** The fixtures' selection window (settings.json). */
const SELECTION_SECONDS = 300;

const cluster = useInstances({ count: 3 });
let A: Instance;
let B: Instance;
let C: Instance;
const receivers: Receiver[] = [];
const streams: EventStreamClient[] = [];

beforeAll(() => {
  [A, B, C] = cluster().instances as [Instance, Instance, Instance];
});

afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

afterAll(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
}, 60_000);

async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const started = await startReceiver(...args);
  receivers.push(started);
  return started;
}

describe('three instances on one PostgreSQL database', () => {
  it('50 racing authorizes of one payment over 3 instances: one success, one succeed transition, one webhook', async () => {
    const merchant = merchantApi(await createMerchant(A));
    const hook = await receiver();
    const payment = await merchant.createPayment(A, applicationFee({ webhookUrl: hook.url }));
    const checkout = checkoutApi(payment);
    await expectStatus(200, checkout.select(B, 'visa', 'EBL'), 'select');
    await expectStatus(200, checkout.confirm(C), 'confirm');

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) => checkout.authorize(cluster().instances[index % 3] as Instance, { card: TEST_CARDS.visaSuccess })),
    );
    const succeeded = answers.filter((res) => res.status === 200);
    expect(succeeded, JSON.stringify(answers.map((res) => [res.status, res.body.status ?? res.body.currentState]))).toHaveLength(1);
    expect(succeeded[0]?.body.status).toBe('succeeded');
    const refused = answers.filter((res) => res.status === 409);
    expect(refused).toHaveLength(49);
    for (const res of refused) expect(res.body.currentState).toBe('succeeded');

    const succeeds = await merchant.journal(B, { paymentId: payment.id, type: 'state_change' });
    expect(succeeds.filter((entry) => entry.data.event === 'succeed')).toHaveLength(1);

    // The webhook: once its delivery is recorded as delivered, every send of it has reached the receiver.
    const deliveries = await waitUntil('the payment.succeeded delivery to be delivered', async () => {
      const log = await merchant.deliveries(C, payment.id);
      const sent = log.filter((delivery) => delivery.eventType === 'payment.succeeded');
      return sent.length > 0 && sent.every((delivery) => delivery.status === 'delivered') ? sent : undefined;
    });
    expect(deliveries).toHaveLength(1);
    const received = hook.requests.filter((request) => request.type === 'payment.succeeded' && request.paymentId === payment.id);
    expect(received).toHaveLength(1);
    expect(received[0]?.eventId).toBe(deliveries[0]?.eventId);
  }, 240_000);

  it('20 creates with one Idempotency-Key over 3 instances make one payment; the others replay it', async () => {
    const merchant = merchantApi(await createMerchant(A));
    const body = applicationFee();
    const key = `multi-${uniqueReference('key')}`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        merchant.post(cluster().instances[index % 3] as Instance, '/api/v1/payments', body, { 'Idempotency-Key': key }),
      ),
    );
    expect(answers.map((res) => res.status)).toEqual(Array(20).fill(201));
    const ids = new Set(answers.map((res) => res.body.id as string));
    expect(ids.size).toBe(1);
    expect(answers.filter((res) => res.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    expect(answers.filter((res) => res.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    const found = await merchant.get(C, `/api/v1/payments?reference=${String(body.reference)}`);
    expect(found.body.data.map((payment: { id: string }) => payment.id)).toEqual([...ids]);
  }, 60_000);

  it('20 creates with one reference over 3 instances: one payment, 19 conflicts naming it', async () => {
    const merchant = merchantApi(await createMerchant(A));
    const reference = uniqueReference('race');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        merchant.post(cluster().instances[index % 3] as Instance, '/api/v1/payments', applicationFee({ reference, meterSerial: (index % 5) + 1 })),
      ),
    );
    const created = answers.filter((res) => res.status === 201);
    expect(created, JSON.stringify(answers.map((res) => [res.status, res.body]))).toHaveLength(1);
    const winner = created[0]?.body.id as string;
    const conflicts = answers.filter((res) => res.status === 409);
    expect(conflicts).toHaveLength(19);
    for (const res of conflicts) expect(res.body.paymentId).toBe(winner);
    const found = await merchant.get(B, `/api/v1/payments?reference=${reference}`);
    expect(found.body.data.map((payment: { id: string }) => payment.id)).toEqual([winner]);
  }, 60_000);

  it('20 creates for one bill over 3 instances: one payment holds it, 19 conflicts naming it', async () => {
    const merchant = merchantApi(await createMerchant(A, { utility: 'DESCO' }));
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) => merchant.post(cluster().instances[index % 3] as Instance, '/api/v1/payments', descoBill())),
    );
    const created = answers.filter((res) => res.status === 201);
    expect(created, JSON.stringify(answers.map((res) => [res.status, res.body]))).toHaveLength(1);
    const winner = created[0]?.body.id as string;
    const conflicts = answers.filter((res) => res.status === 409);
    expect(conflicts).toHaveLength(19);
    for (const res of conflicts) expect(res.body).toMatchObject({ paymentId: winner, billNo: expect.any(String) });
    const holders = await merchant.get(C, `/api/v1/payments?billNo=${String(descoBill().billNo)}`);
    expect(holders.body.data.map((payment: { id: string }) => payment.id)).toEqual([winner]);
  }, 60_000);

  it('1,000 payments completed over 3 instances get 1,000 distinct tracking numbers', async () => {
    const merchant = merchantApi(await createMerchant(A));
    const trackingNumbers = await inParallel(1000, 24, async (index) => {
      const payment = await merchant.createPayment(cluster().next(), applicationFee({ meterSerial: (index % 5) + 1 }));
      const done = await expectStatus(200, merchant.complete(cluster().next(), payment.id), `complete ${payment.id}`);
      expect(done.body.payment.status).toBe('succeeded');
      return done.body.payment.trackingNumber as string;
    });
    expect(trackingNumbers.every((value) => typeof value === 'string' && value.length > 0)).toBe(true);
    const repeated = [...countBy(trackingNumbers, (value) => value)].filter(([, count]) => count > 1);
    expect(repeated).toEqual([]);
    expect(new Set(trackingNumbers).size).toBe(1000);
  }, 600_000);

  it('a receiver failing the first two attempts gets every (event, attempt) exactly once, as the delivery log says', async () => {
    const merchant = merchantApi(await createMerchant(A));
    const hook = await receiver((request) => (request.attempt <= 2 ? 503 : 200));
    const outcomes = ['success', 'declined'];
    const paymentIds = await inParallel(30, 10, async (index) => {
      const payment = await merchant.createPayment(cluster().next(), applicationFee({ webhookUrl: hook.url }));
      await expectStatus(200, merchant.complete(cluster().next(), payment.id, { outcome: outcomes[index % 2] }), 'complete');
      return payment.id;
    });

    const log = await waitUntil(
      'every delivery to be delivered',
      async () => {
        const deliveries = await merchant.deliveries(cluster().next());
        return deliveries.length === 30 && deliveries.every((delivery) => delivery.status === 'delivered') ? deliveries : undefined;
      },
      { state: () => `${hook.requests.length} requests received` },
    );
    expect(new Set(log.map((delivery) => delivery.paymentId))).toEqual(new Set(paymentIds));
    expect(countBy(log, (delivery) => delivery.eventType)).toEqual(
      new Map([
        ['payment.succeeded', 15],
        ['payment.attempt_failed', 15],
      ]),
    );
    for (const delivery of log) {
      expect(delivery.attempts.map((attempt) => [attempt.attempt, attempt.httpStatus])).toEqual([
        [1, 503],
        [2, 503],
        [3, 200],
      ]);
    }

    const receivedPairs = countBy(hook.requests, (request) => `${request.eventId}#${request.attempt}`);
    expect([...receivedPairs.values()].every((count) => count === 1), JSON.stringify([...receivedPairs])).toBe(true);
    const received = hook.requests.map((request) => [request.eventId, request.attempt, request.answered]).sort();
    const logged = log.flatMap((delivery) => delivery.attempts.map((attempt) => [delivery.eventId, attempt.attempt, attempt.httpStatus])).sort();
    expect(received).toEqual(logged);
  }, 240_000);

  it('event streams on B and C carry every journal entry written through A, in order; a resumed stream has no gap or repeat', async () => {
    const merchant = merchantApi(await createMerchant(A));
    const open = async (instance: Instance, lastEventId?: number) => {
      const headers: Record<string, string> = { Authorization: `Bearer ${merchant.key}` };
      if (lastEventId !== undefined) headers['Last-Event-ID'] = String(lastEventId);
      const stream = await openEventStream(`${instance.url}/api/v1/test/events`, headers);
      streams.push(stream);
      expect(stream.status).toBe(200);
      return stream;
    };
    const entriesOf = (stream: EventStreamClient) => stream.events.map((event) => JSON.parse(event.data) as JournalEntry);
    const idsOf = (stream: EventStreamClient) => stream.events.map((event) => Number(event.id));

    const onB = await open(B);
    const onC = await open(C);
    // A stream listens some time after its headers: entries through A until both have shown one.
    await waitUntil('both streams to carry an entry written through A', async () => {
      await merchant.get(A, '/api/v1/test/clock');
      return onB.events.length > 0 && onC.events.length > 0 ? true : undefined;
    });
    const from = Math.max(idsOf(onB)[0] as number, idsOf(onC)[0] as number);

    // Concurrent work through A: creates, completions (state changes) and requests.
    const outcomes = ['success', 'declined', 'cancelled'];
    await inParallel(12, 4, async (index) => {
      const payment = await merchant.createPayment(A);
      await expectStatus(200, merchant.complete(A, payment.id, { outcome: outcomes[index % 3] }), 'complete');
    });
    // The journal up to `last` as A reads it once both streams have passed it (an entry committed late is in it).
    const journalBetween = async (after: number, upTo: number) => (await merchant.journal(A, { since: after })).filter((entry) => entry.id <= upTo);
    const last = ((await merchant.journal(A, { since: from - 1 })).at(-1) as JournalEntry).id;
    for (const stream of [onB, onC]) {
      await waitUntil('the stream to reach the last journal entry', () => (idsOf(stream).some((id) => id >= last) ? true : undefined), {
        state: () => `stream at ${idsOf(stream).at(-1)}, journal at ${last}`,
      });
    }
    const journal = await journalBetween(from - 1, last);
    expect(journal.filter((entry) => entry.type === 'state_change').length).toBeGreaterThanOrEqual(12 * 2);
    for (const stream of [onB, onC]) {
      const ids = idsOf(stream);
      expect(ids.every((id, index) => index === 0 || id > (ids[index - 1] as number)), `ids in order: ${ids.join(',')}`).toBe(true);
      expect(entriesOf(stream).filter((entry) => entry.id >= from && entry.id <= last)).toEqual(journal);
    }

    // A client on B drops mid-work and resumes on C with Last-Event-ID.
    const first = await open(B, last);
    const work = inParallel(12, 3, async (index) => {
      const payment = await merchant.createPayment(A);
      await expectStatus(200, merchant.complete(A, payment.id, { outcome: outcomes[index % 3] }), 'complete');
    });
    await waitUntil('the first stream to carry some of the new work', () => (first.events.length >= 5 ? true : undefined));
    first.close();
    const seenFirst = entriesOf(first);
    const resumed = await open(C, (seenFirst.at(-1) as JournalEntry).id);
    await work;
    // And more once it is back, which it must carry live.
    await inParallel(6, 3, async (index) => {
      const payment = await merchant.createPayment(A);
      await expectStatus(200, merchant.complete(A, payment.id, { outcome: outcomes[index % 3] }), 'complete');
    });
    const end = ((await merchant.journal(A, { since: last })).at(-1) as JournalEntry).id;
    await waitUntil('the resumed stream to reach the last journal entry', () => (idsOf(resumed).some((id) => id >= end) ? true : undefined), {
      state: () => `resumed at ${idsOf(resumed).at(-1)}, journal at ${end}`,
    });
    const after = await journalBetween(last, end);
    expect(entriesOf(resumed).filter((entry) => entry.type === 'state_change').length).toBeGreaterThanOrEqual(6 * 2);
    const joined = [...seenFirst, ...entriesOf(resumed)].filter((entry) => entry.id <= end);
    expect(joined.map((entry) => entry.id)).toEqual(after.map((entry) => entry.id));
    expect(joined).toEqual(after);
  }, 240_000);

  it('a clock advance, fault settings, a reset and a merchant delete made on A are in force on B and C at their next request', async () => {
    const made = await createMerchant(A);
    const merchant = merchantApi(made);
    const others = [B, C];
    // B and C have seen the merchant, its clock and its settings before A changes them.
    for (const instance of others) {
      expect((await merchant.get(instance, '/api/v1/test/clock')).body.offsetSeconds).toBe(0);
      await merchant.createPayment(instance);
      expect((await merchant.get(instance, '/api/v1/test/faults')).status).toBe(200);
    }

    // The clock.
    const advanced = await expectStatus(200, merchant.post(A, '/api/v1/test/clock/advance', { seconds: 120 }), 'advance');
    expect(advanced.body.offsetSeconds).toBe(120);
    for (const instance of others) {
      const clock = await merchant.get(instance, '/api/v1/test/clock');
      expect(clock.body.offsetSeconds, instance.name).toBe(120);
      expect(Date.parse(clock.body.now), instance.name).toBeGreaterThanOrEqual(Date.parse(advanced.body.now));
    }

    // API faults: set on A, acting on B and C; cleared on A, gone on B and C.
    await expectStatus(200, merchant.put(A, '/api/v1/test/faults', { api: { status: 503, routes: ['createPayment'] } }), 'set faults');
    for (const instance of others) {
      const refused = await merchant.post(instance, '/api/v1/payments', applicationFee());
      expect(refused.status, instance.name).toBe(503);
      expect(refused.body.type).toBe('https://billpay-sim.dev/problems/simulated-fault');
    }
    expect((await merchant.delete(A, '/api/v1/test/faults')).status).toBeLessThan(300);
    for (const instance of others) await merchant.createPayment(instance);

    // Reset: payments, journal and clock offset go, on every instance.
    const kept = await merchant.createPayment(B);
    expect((await merchant.get(C, `/api/v1/payments/${kept.id}`)).status).toBe(200);
    await expectStatus(200, merchant.post(A, '/api/v1/test/reset'), 'reset');
    for (const instance of others) {
      expect((await merchant.get(instance, `/api/v1/payments/${kept.id}`)).status, instance.name).toBe(404);
      expect((await merchant.get(instance, '/api/v1/test/clock')).body.offsetSeconds, instance.name).toBe(0);
      expect(await merchant.journal(instance, { paymentId: kept.id, type: 'state_change' }), instance.name).toEqual([]);
    }

    // Delete: the key stops working everywhere.
    await expectStatus(200, merchant.delete(A, `/api/v1/test/merchants/${made.id}`), 'delete merchant');
    for (const instance of [A, ...others]) {
      expect((await merchant.get(instance, '/api/v1/test/clock')).status, instance.name).toBe(401);
      expect((await merchant.post(instance, '/api/v1/payments', applicationFee())).status, instance.name).toBe(401);
    }
  }, 240_000);

  it('three instances sweeping: 500 lapsed payments each expire exactly once, with one webhook each', async () => {
    const merchant = merchantApi(await createMerchant(A));
    const hook = await receiver();
    const ids = await inParallel(500, 24, async () => (await merchant.createPayment(cluster().next(), applicationFee({ webhookUrl: hook.url }))).id);

    // Every instance moves the clock past the window at once, and each sweeps in its request (as
    // do their background sweeps): the three advances add up.
    const seconds = SELECTION_SECONDS + 60;
    const advances = await Promise.all(cluster().instances.map((instance) => merchant.post(instance, '/api/v1/test/clock/advance', { seconds })));
    expect(advances.map((res) => res.status)).toEqual([200, 200, 200]);
    expect((await merchant.get(B, '/api/v1/test/clock')).body.offsetSeconds).toBe(3 * seconds);

    const expiries = () => merchant.journal(cluster().next(), { type: 'state_change' }).then((all) => all.filter((entry) => entry.data.event === 'expire'));
    await waitUntil('500 expire transitions', async () => ((await expiries()).length >= 500 ? true : undefined));
    // One more sweep on each instance, each finished when its answer comes: none may expire anything again.
    for (const instance of cluster().instances) await expectStatus(200, merchant.post(instance, '/api/v1/test/clock/advance', { seconds: 1 }), 'advance');
    const expired = await expiries();
    expect(expired).toHaveLength(500);
    expect(countBy(expired, (entry) => String(entry.paymentId))).toEqual(new Map(ids.map((id) => [id, 1])));
    const statuses = await Promise.all(ids.slice(0, 30).map(async (id) => (await merchant.get(cluster().next(), `/api/v1/payments/${id}`)).body.status));
    expect(new Set(statuses)).toEqual(new Set(['expired']));

    const log = await waitUntil(
      'every payment.expired delivery to be delivered',
      async () => {
        const deliveries = await merchant.deliveries(cluster().next());
        return deliveries.length === 500 && deliveries.every((delivery) => delivery.status === 'delivered') ? deliveries : undefined;
      },
      { state: () => `${hook.requests.length} webhooks received` },
    );
    expect(countBy(log, (delivery) => delivery.paymentId)).toEqual(new Map(ids.map((id) => [id, 1])));
    expect(new Set(log.map((delivery) => delivery.eventType))).toEqual(new Set(['payment.expired']));
    const received = hook.requests.filter((request) => request.type === 'payment.expired');
    expect(countBy(received, (request) => request.paymentId)).toEqual(new Map(ids.map((id) => [id, 1])));
  }, 600_000);
});

describe('the harness', () => {
  it('spreads requests round-robin over the live instances, each serving', async () => {
    const seen = Array.from({ length: 6 }, () => cluster().next().name);
    expect([...seen.slice(0, 3)].sort()).toEqual(['A', 'B', 'C']);
    expect(seen.slice(3)).toEqual(seen.slice(0, 3));
    for (const instance of cluster().instances) expect((await call(instance, 'GET', '/api/v1/test-instruments')).status).toBe(200);
  });
});
