/**
 * kill -9 of one of three instances under load: what it acknowledged survives, the others go on
 * serving, and the webhook deliveries it had claimed (attempts in flight when it died) are sent
 * by another instance once their lease lapses.
 */
import { afterAll, expect, it } from 'vitest';
import { applicationFee } from '../../helpers/api.js';
import { createMerchant, inParallel, waitUntil, type Instance, useInstances } from '../../helpers/instances.js';
import { countBy, merchantApi, type Delivery } from './merchant-api.js';
import { startReceiver, type Receiver, type WebhookRequest } from './receiver.js';

/** The dispatcher's attempts in flight per instance (WebhookDispatcher's maxInFlight default). */
const IN_FLIGHT_PER_INSTANCE = 16;
/** Payments the load creates at most, so the delivery log (newest 500) holds every delivery. */
const MAX_PAYMENTS = 300;
/** Completions acknowledged by the survivors after the kill before the load stops. */
const COMPLETED_AFTER_KILL = 20;

const cluster = useInstances({ count: 3 });
let hook: Receiver | undefined;

afterAll(async () => {
  await hook?.close();
}, 60_000);

it('kill -9 under load: every acknowledged create and complete is there, and its claimed deliveries are sent by another instance', async () => {
  const [A, B] = cluster().instances as [Instance, Instance, Instance];
  const merchant = merchantApi(await createMerchant(B));

  // Every webhook is held open until the kill is over, so each dispatcher fills its attempts in flight.
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  hook = await startReceiver(async () => {
    await released;
    return 200;
  });
  const receiver = hook;

  const created = new Set<string>();
  const completed = new Map<string, string>();
  const unexpected: string[] = [];
  let unanswered = 0;
  let killed = false;
  let completedAfterKill = 0;
  let started = 0;
  let stopLoad = false;

  /** A call whose connection failed (the killed instance) is unacknowledged; any other answer than `status` is a failure. */
  const attempt = async (what: string, status: number, send: () => Promise<{ status: number; body: any }>) => {
    try {
      const res = await send();
      if (res.status === status) return res.body;
      unexpected.push(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    } catch {
      unanswered += 1;
    }
    return undefined;
  };
  const worker = async () => {
    while (!stopLoad && started < MAX_PAYMENTS) {
      started += 1;
      const payment = await attempt('create', 201, () => merchant.post(cluster().next(), '/api/v1/payments', applicationFee({ webhookUrl: receiver.url })));
      if (!payment) continue;
      created.add(payment.id);
      const done = await attempt('complete', 200, () => merchant.complete(cluster().next(), payment.id));
      if (!done) continue;
      completed.set(payment.id, done.payment.trackingNumber);
      if (killed) completedAfterKill += 1;
    }
  };
  let loadEnded = false;
  const load = Promise.all(Array.from({ length: 8 }, worker)).finally(() => (loadEnded = true));
  /** A wait that cannot end once the load has: fail at once, naming what came. */
  const whileLoading = <T>(check: () => T | undefined) => () => {
    const found = check();
    if (found === undefined && loadEnded) throw new Error(`the load ended first: ${completed.size} completed, ${unexpected.length} unexpected answers: ${unexpected.slice(0, 3).join('; ')}`);
    return found;
  };

  try {
    // Each instance's dispatcher holds as many attempts as it may: A has claimed deliveries in flight.
    await waitUntil('every dispatcher to hold its attempts in flight', whileLoading(() => (receiver.held() >= 3 * IN_FLIGHT_PER_INSTANCE ? true : undefined)), {
      state: () => `${receiver.held()} held, ${completed.size} completed, ${unexpected.length} unexpected: ${unexpected.slice(0, 3).join('; ')}`,
    });
    await A.kill('SIGKILL');
    killed = true;
    await waitUntil('the survivors to go on completing payments', whileLoading(() => (completedAfterKill >= COMPLETED_AFTER_KILL ? true : undefined)), {
      state: () => `${completedAfterKill} completed since the kill, ${unanswered} unanswered; unexpected: ${unexpected.slice(0, 3).join('; ')}`,
    });
  } finally {
    stopLoad = true;
    await load;
    release();
  }
  expect(unexpected.slice(0, 5), `${unexpected.length} unexpected answers`).toEqual([]);
  expect((await A.exited).signal).toBe('SIGKILL');

  // Every acknowledged create and complete is there, as it was acknowledged.
  await inParallel([...created].length, 8, async (index) => {
    const id = [...created][index] as string;
    const res = await merchant.get(cluster().next(), `/api/v1/payments/${id}`);
    expect(res.status, id).toBe(200);
    if (completed.has(id)) {
      expect(res.body.status, id).toBe('succeeded');
      expect(res.body.trackingNumber, id).toBe(completed.get(id));
    }
  });
  expect(completed.size).toBeGreaterThanOrEqual(3 * IN_FLIGHT_PER_INSTANCE + COMPLETED_AFTER_KILL);

  // Every delivery ends delivered: those A had claimed once their lease lapses, sent by B or C.
  const log = await waitUntil(
    'every delivery to be delivered',
    async () => {
      const deliveries = await merchant.deliveries(cluster().next());
      return deliveries.every((delivery) => delivery.status === 'delivered') ? deliveries : undefined;
    },
    { state: () => `${receiver.requests.length} webhooks received, ${receiver.held()} held` },
  );
  expect(log.length).toBeLessThan(500);
  const deliveryOf = new Map<string, Delivery>(log.map((delivery) => [delivery.eventId, delivery]));
  for (const id of completed.keys()) {
    const answered = receiver.requests.filter((request) => request.paymentId === id && request.type === 'payment.succeeded' && request.answered === 200);
    expect(answered.length, `payment.succeeded of ${id} answered`).toBeGreaterThanOrEqual(1);
  }

  // A's claims: attempts cut off by the kill, never recorded (a survivor's timed-out attempt is recorded with its error).
  const recordedFailure = (request: WebhookRequest) =>
    deliveryOf.get(request.eventId)?.attempts.some((logged) => logged.attempt === request.attempt && logged.error !== null) ?? false;
  const cutOff = receiver.requests.filter((request) => request.aborted && !recordedFailure(request));
  expect(cutOff.length, 'attempts in flight on the killed instance').toBeGreaterThan(0);
  for (const request of cutOff) {
    expect(deliveryOf.get(request.eventId)?.status, request.eventId).toBe('delivered');
    const later = receiver.requests.filter((other) => other.eventId === request.eventId && other.answered === 200);
    expect(later.length, `${request.eventId} sent again after the lease`).toBeGreaterThanOrEqual(1);
  }
  // Nothing else was sent twice: a delivered attempt reached the receiver once.
  const deliveredTwice = [...countBy(receiver.requests.filter((request) => request.answered === 200), (request) => request.eventId)].filter(([, count]) => count > 1);
  expect(deliveredTwice).toEqual([]);
}, 300_000);
