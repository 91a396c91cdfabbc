import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../../server/clock.js';
import { pino } from 'pino';
import type { Store, Tx } from '../../../server/storage/port.js';
import { getWebhookDelivery } from '../../../server/storage/sqlite/outbox.js';
import { WebhookDispatcher } from '../../../server/webhooks/dispatcher.js';
import type { ClaimedDelivery } from '../../../server/webhooks/outbox.js';
import { FAST_RETRY_SCHEDULE } from '../../../server/webhooks/schedule.js';
import { verifyWebhookSignature } from '../../../server/webhooks/signature.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { openSharedDatabase } from '../storage/contract/instances.js';
import { seedTestMerchant } from '../storage/contract/stores.js';
import { createHarness, eventually, MERCHANT_ID, WEBHOOK_SECRET } from './dispatcher-harness.js';

let harness: ReturnType<typeof createHarness>;
let receiver: WebhookReceiver;
afterEach(async () => {
  await receiver?.close();
  harness?.close();
});

const header = (request: ReceivedRequest, name: string) => request.headers[name.toLowerCase()] as string;
const eventIdsOf = (requests: readonly ReceivedRequest[]) => requests.map((r) => header(r, 'Billpay-Event-Id'));
/** The gap before attempt n+1 of the fast schedule. */
const gapAfter = (attempt: number) =>
  FAST_RETRY_SCHEDULE.attemptOffsetsMs[attempt]! - FAST_RETRY_SCHEDULE.attemptOffsetsMs[attempt - 1]!;

describe('WebhookDispatcher', () => {
  it('delivers each event once, byte for byte, with a valid signature and its headers', async () => {
    const clock = new ManualClock(new Date());
    harness = createHarness(clock);
    receiver = await startWebhookReceiver();
    const queued = [1, 2, 3].map(() => harness.queueEvent(receiver.url));

    expect(await harness.dispatcher().runDue()).toBe(3);
    expect(await harness.dispatcher().runDue()).toBe(0);

    expect(receiver.requests).toHaveLength(3);
    expect(eventIdsOf(receiver.requests).sort()).toEqual(queued.map((q) => q.eventId).sort());
    for (const request of receiver.requests) {
      const eventId = header(request, 'Billpay-Event-Id');
      expect(request.method).toBe('POST');
      expect(request.rawBody).toBe(harness.eventBody(eventId));
      expect(header(request, 'Content-Type')).toBe('application/json');
      expect(header(request, 'Billpay-Delivery-Attempt')).toBe('1');
      const signature = header(request, 'Billpay-Signature');
      expect(verifyWebhookSignature(request.rawBody, signature, WEBHOOK_SECRET, { now: clock.now() })).toEqual({
        timestamp: Math.floor(clock.now().getTime() / 1000),
      });
    }
    for (const { deliveryId } of queued) {
      const delivery = getWebhookDelivery(harness.db, deliveryId);
      expect(delivery).toMatchObject({ status: 'delivered', attemptCount: 1, lastHttpStatus: 200 });
      expect(delivery?.nextAttemptAt).toBeNull();
      expect(delivery?.attempts).toEqual([expect.objectContaining({ attempt: 1, httpStatus: 200, error: null })]);
    }
  });

  it('signs with every active secret while the merchant rotates', async () => {
    harness = createHarness(systemClock);
    receiver = await startWebhookReceiver();
    harness.queueEvent(receiver.url);
    await harness.dispatcher({ secretsFor: () => ['whsec_new', 'whsec_old'] }).runDue();
    const [request] = receiver.requests;
    const signature = header(request!, 'Billpay-Signature');
    for (const secret of ['whsec_new', 'whsec_old']) {
      expect(() => verifyWebhookSignature(request!.rawBody, signature, secret)).not.toThrow();
    }
  });

  it('retries a receiver that answers 500 twice, per the schedule, and stops at the 200: three attempts', async () => {
    const clock = new ManualClock(new Date());
    harness = createHarness(clock);
    receiver = await startWebhookReceiver({ respond: [500, 500, 200] });
    const { eventId, deliveryId } = harness.queueEvent(receiver.url);
    const dispatcher = harness.dispatcher();

    expect(await dispatcher.runDue()).toBe(1);
    expect(harness.deliveryRow(deliveryId)).toMatchObject({ status: 'pending', last_http_status: 500 });
    clock.advance(gapAfter(1) - 1);
    expect(await dispatcher.runDue()).toBe(0); // not due yet on the dispatcher's clock
    clock.advance(1);
    expect(await dispatcher.runDue()).toBe(1);
    clock.advance(gapAfter(2));
    expect(await dispatcher.runDue()).toBe(1);
    clock.advance(24 * 60 * 60 * 1000);
    expect(await dispatcher.runDue()).toBe(0);

    expect(receiver.requests.map((r) => header(r, 'Billpay-Delivery-Attempt'))).toEqual(['1', '2', '3']);
    expect(new Set(eventIdsOf(receiver.requests))).toEqual(new Set([eventId]));
    const delivery = getWebhookDelivery(harness.db, deliveryId);
    expect(delivery?.status).toBe('delivered');
    expect(delivery?.attempts.map((a) => a.httpStatus)).toEqual([500, 500, 200]);
    expect(harness.logs.filter((line) => line.deliveryId === deliveryId).map((line) => line.outcome)).toEqual([
      'pending',
      'pending',
      'delivered',
    ]);
  });

  it('gives up on a receiver that never answers 2xx after the fast schedule, polling in real time', async () => {
    harness = createHarness(systemClock);
    receiver = await startWebhookReceiver({ otherwise: { status: 503, body: 'maintenance' } });
    const { deliveryId } = harness.queueEvent(receiver.url);
    const dispatcher = harness.dispatcher();
    const started = Date.now();
    dispatcher.start();
    await eventually(() => harness.deliveryRow(deliveryId).status === 'failed');
    await dispatcher.stop();

    const attempts = FAST_RETRY_SCHEDULE.attemptOffsetsMs.length;
    expect(receiver.requests).toHaveLength(attempts);
    expect(Date.now() - started).toBeGreaterThanOrEqual(FAST_RETRY_SCHEDULE.attemptOffsetsMs.at(-1)!);
    const delivery = getWebhookDelivery(harness.db, deliveryId);
    expect(delivery).toMatchObject({ status: 'failed', attemptCount: attempts, lastHttpStatus: 503 });
    expect(delivery?.nextAttemptAt).toBeNull();
    expect(delivery?.attempts.every((a) => a.httpStatus === 503 && a.responseBody === 'maintenance')).toBe(true);
    expect(harness.logs.at(-1)).toMatchObject({ msg: 'webhook delivery failed; no attempts left', attempt: attempts });
  });

  it('counts a timeout and a refused connection as failed attempts', async () => {
    const clock = new ManualClock(new Date());
    harness = createHarness(clock);
    receiver = await startWebhookReceiver({ respond: ['hang', 200] });
    const closed = await startWebhookReceiver();
    await closed.close();
    const hanging = harness.queueEvent(receiver.url);
    const refused = harness.queueEvent(closed.url);

    await harness.dispatcher({ timeoutMs: 200 }).runDue();
    const hangingRow = harness.deliveryRow(hanging.deliveryId);
    expect(hangingRow).toMatchObject({ status: 'pending', last_http_status: null });
    expect(hangingRow.last_error).toMatch(/timeout: no answer within 200 ms/);
    expect(harness.deliveryRow(refused.deliveryId)).toMatchObject({ status: 'pending', last_http_status: null });
    expect(harness.deliveryRow(refused.deliveryId).last_error).toMatch(/ECONNREFUSED/);

    clock.advance(gapAfter(1));
    await harness.dispatcher({ timeoutMs: 200 }).runDue();
    expect(harness.deliveryRow(hanging.deliveryId)).toMatchObject({ status: 'delivered', attempt_count: 2 });
  });

  it('keeps only the first 512 bytes of a reply', async () => {
    harness = createHarness(systemClock);
    const longReply = 'ok '.repeat(1000);
    receiver = await startWebhookReceiver({ otherwise: { status: 200, body: longReply } });
    const { deliveryId } = harness.queueEvent(receiver.url);
    await harness.dispatcher().runDue();
    expect(getWebhookDelivery(harness.db, deliveryId)?.attempts[0]?.responseBody).toBe(longReply.slice(0, 512));
  });

  it('does not send an event unsigned when the merchant has no active secret', async () => {
    harness = createHarness(systemClock);
    receiver = await startWebhookReceiver();
    const { deliveryId } = harness.queueEvent(receiver.url);
    await harness.dispatcher({ secretsFor: () => [] }).runDue();
    expect(receiver.requests).toHaveLength(0);
    expect(harness.deliveryRow(deliveryId)).toMatchObject({ status: 'pending', attempt_count: 1 });
    expect(harness.deliveryRow(deliveryId).last_error).toMatch(/no active webhook secret/);
  });

  it('redelivers on request: a delivered one once more, a failed one back to delivered', async () => {
    const clock = new ManualClock(new Date());
    harness = createHarness(clock);
    const attempts = FAST_RETRY_SCHEDULE.attemptOffsetsMs.length;
    // First event: delivered, redelivered. Second: refused on every scheduled attempt, then accepted.
    const refusals = Array<number>(attempts).fill(500);
    receiver = await startWebhookReceiver({ respond: [200, 200, ...refusals], otherwise: 200 });
    const dispatcher = harness.dispatcher();
    const delivered = harness.queueEvent(receiver.url);
    await dispatcher.runDue();

    const again = await dispatcher.redeliver(delivered.deliveryId);
    expect(again).toMatchObject({ outcome: 'attempted', delivery: { status: 'delivered', attemptCount: 2 } });
    expect(receiver.requests.map((r) => header(r, 'Billpay-Delivery-Attempt'))).toEqual(['1', '2']);
    expect(new Set(eventIdsOf(receiver.requests))).toEqual(new Set([delivered.eventId]));

    const failing = harness.queueEvent(receiver.url);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      expect(await dispatcher.runDue()).toBe(1);
      clock.advance(10_000);
    }
    expect(harness.deliveryRow(failing.deliveryId).status).toBe('failed');
    const recovered = await dispatcher.redeliver(failing.deliveryId);
    expect(recovered).toMatchObject({ outcome: 'attempted', delivery: { status: 'delivered', lastHttpStatus: 200 } });
    expect(await dispatcher.redeliver('whd_missing')).toEqual({ outcome: 'not_found' });
  });

  it('refuses to redeliver while an attempt of the same delivery is in flight', async () => {
    harness = createHarness(systemClock);
    receiver = await startWebhookReceiver({ respond: [{ status: 200, delayMs: 300 }] });
    const { deliveryId } = harness.queueEvent(receiver.url);
    const dispatcher = harness.dispatcher();
    const pass = dispatcher.runDue();
    expect(await dispatcher.redeliver(deliveryId)).toEqual({ outcome: 'in_flight' });
    expect(await pass).toBe(1);
    expect(receiver.requests).toHaveLength(1);
  });

  it('stop() waits for the attempts in flight to be recorded', async () => {
    harness = createHarness(systemClock);
    receiver = await startWebhookReceiver({ otherwise: { status: 204, delayMs: 300 } });
    const { deliveryId } = harness.queueEvent(receiver.url);
    const dispatcher = harness.dispatcher();
    dispatcher.start();
    await receiver.waitForRequests(1);
    expect(harness.deliveryRow(deliveryId).status).toBe('pending');
    await dispatcher.stop();
    expect(harness.deliveryRow(deliveryId)).toMatchObject({ status: 'delivered', last_http_status: 204 });
  });

  it('sends new events without waiting for the next poll when woken', async () => {
    harness = createHarness(systemClock);
    receiver = await startWebhookReceiver();
    const dispatcher = harness.dispatcher({ pollIntervalMs: 60_000 });
    // The first poll (at start) sends what is queued; its arrival proves that poll is over, and the
    // next one is a minute away.
    harness.queueEvent(receiver.url);
    dispatcher.start();
    await receiver.waitForRequests(1);
    const { eventId } = harness.queueEvent(receiver.url);
    dispatcher.wake();
    const [, woken] = await receiver.waitForRequests(2);
    expect(woken?.headers['billpay-event-id']).toBe(eventId);
    await dispatcher.stop();
  });

  it('works through a backlog larger than maxInFlight without waiting for the poll interval', async () => {
    harness = createHarness(systemClock);
    receiver = await startWebhookReceiver({ otherwise: { status: 200, delayMs: 20 } });
    const queued = Array.from({ length: 10 }, () => harness.queueEvent(receiver.url));
    const dispatcher = harness.dispatcher({ maxInFlight: 2, pollIntervalMs: 60_000 });
    dispatcher.start();
    await receiver.waitForRequests(queued.length); // the next poll is a minute away
    await dispatcher.stop();
    expect(eventIdsOf(receiver.requests).sort()).toEqual(queued.map((q) => q.eventId).sort());
  });

  it("sends a payment's events in order, each once the one before it is answered, without waiting for the poll interval", async () => {
    harness = createHarness(systemClock);
    const ANSWER_MS = 50;
    receiver = await startWebhookReceiver({ otherwise: { status: 200, delayMs: ANSWER_MS } });
    const queued = Array.from({ length: 3 }, () => harness.queueEvent(receiver.url, harness.store, 'pay_in_order'));
    const dispatcher = harness.dispatcher({ pollIntervalMs: 60_000 });
    dispatcher.start();
    // The next poll is a minute away: each event after the first goes when the one before it is recorded.
    const requests = await receiver.waitForRequests(queued.length);
    await dispatcher.stop();
    expect(eventIdsOf(requests)).toEqual(queued.map((q) => q.eventId));
    // Sent together, they would arrive within a millisecond of each other.
    const gaps = requests.slice(1).map((request, n) => request.receivedAt.getTime() - requests[n]!.receivedAt.getTime());
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(ANSWER_MS - 5);
  });
});

describe('WebhookDispatcher with the store', () => {
  it('a delivery deleted during its attempt is logged as gone, at info level, and nothing is recorded', async () => {
    harness = createHarness(systemClock);
    receiver = await startWebhookReceiver({ respond: [{ status: 200, delayMs: 300 }] });
    const { deliveryId } = harness.queueEvent(receiver.url);
    const reports: unknown[] = [];
    const pass = harness.dispatcher({ onAttempt: (report) => void reports.push(report) }).runDue();
    await receiver.waitForRequests(1);
    expect(await harness.store.transact((tx) => tx.outbox.deleteMerchantEvents(MERCHANT_ID))).toBe(1);
    await pass;
    const gone = harness.logs.filter((line) => line.deliveryId === deliveryId);
    expect(gone.map((line) => [line.level, line.msg])).toEqual([[30, 'webhook delivery was deleted during its attempt (reset or merchant deleted)']]);
    expect(reports).toEqual([]);
  });

  it('asks the faults with a unit’s tx: a simulated reply at the claim, a duplicate once acknowledged; the attempt listener records in the attempt’s unit', async () => {
    harness = createHarness(systemClock);
    receiver = await startWebhookReceiver();
    const asked: string[] = [];
    const faults = {
      simulate: async (delivery: ClaimedDelivery, tx: Tx) => {
        // The claim's own unit: it sees the attempt it counted.
        asked.push(`simulate ${delivery.attempt} ${(await tx.outbox.getDelivery(delivery.deliveryId))?.attemptCount}`);
        return delivery.attempt === 1 ? { httpStatus: 503, error: 'simulated', latencyMs: 0, responseStart: null } : null;
      },
      duplicate: async (delivery: ClaimedDelivery, tx: Tx) => {
        asked.push(`duplicate ${delivery.attempt} ${(await tx.outbox.getDelivery(delivery.deliveryId))?.status}`);
        return true;
      },
    };
    const recorded: Array<[number, boolean, number | undefined]> = [];
    const dispatcher = harness.dispatcher({
      faults,
      onAttempt: async ({ delivery, duplicate }, tx) => {
        recorded.push([delivery.attempt, duplicate, (await tx.outbox.getDelivery(delivery.deliveryId))?.attempts.length]);
      },
    });
    const { deliveryId } = harness.queueEvent(receiver.url);
    expect(await dispatcher.runDue()).toBe(1);
    expect(receiver.requests).toHaveLength(0);
    expect(harness.deliveryRow(deliveryId)).toMatchObject({ status: 'pending', last_http_status: 503 });
    const again = await dispatcher.redeliver(deliveryId);
    expect(again).toMatchObject({ outcome: 'attempted', delivery: { status: 'delivered', attemptCount: 2 } });
    expect(receiver.requests.map((request) => header(request, 'Billpay-Delivery-Attempt'))).toEqual(['2', '2']);
    expect(asked).toEqual(['simulate 1 1', 'simulate 2 2', 'duplicate 2 pending']);
    expect(recorded).toEqual([
      [1, false, 1],
      [2, false, 2],
      [2, true, 2],
    ]);
  });
});

describe('WebhookDispatcher stopping', () => {
  it('gives back what a poll claimed while stop() was called, unattempted, with its attempt number', async () => {
    harness = createHarness(systemClock);
    receiver = await startWebhookReceiver();
    const { deliveryId } = harness.queueEvent(receiver.url);
    // A store whose first unit (the poll's claim) is answered only once the test says so.
    let claimed!: () => void;
    const claiming = new Promise<void>((resolve) => (claimed = resolve));
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const held = Object.create(harness.store) as Store;
    let first = true;
    held.transact = async (work) => {
      const result = await harness.store.transact(work);
      if (first) {
        first = false;
        claimed();
        await answered;
      }
      return result;
    };
    const dispatcher = harness.dispatcher({ store: held });
    dispatcher.start();
    await claiming;
    expect(harness.deliveryRow(deliveryId)).toMatchObject({ attempt_count: 1, claimed_until: expect.any(Number) });
    const stopping = dispatcher.stop();
    answer();
    await stopping;
    expect(receiver.requests).toHaveLength(0);
    expect(harness.deliveryRow(deliveryId)).toMatchObject({ status: 'pending', attempt_count: 0, claimed_until: null });
    // Due again at once: the next dispatcher sends it as attempt 1.
    expect(await harness.dispatcher().runDue()).toBe(1);
    expect(receiver.requests.map((request) => header(request, 'Billpay-Delivery-Attempt'))).toEqual(['1']);
  });
});

describe('WebhookDispatcher across processes', () => {
  it('two dispatchers on one database file never send the same delivery twice', async () => {
    harness = createHarness(systemClock);
    receiver = await startWebhookReceiver();
    const queued = Array.from({ length: 40 }, () => harness.queueEvent(receiver.url));
    const first = harness.dispatcher({ maxInFlight: 8 });
    const second = harness.dispatcher({ store: harness.open(), maxInFlight: 8 });

    let sent = 0;
    for (let pass = 0; pass < 10 && sent < queued.length; pass++) {
      const counts = await Promise.all([first.runDue(), second.runDue()]);
      sent += counts[0] + counts[1];
    }
    expect(sent).toBe(queued.length);
    expect(eventIdsOf(receiver.requests).sort()).toEqual(queued.map((q) => q.eventId).sort());
  });

  it('after a crash mid-attempt, a restarted dispatcher sends what was pending and nothing acknowledged', async () => {
    harness = createHarness(systemClock);
    receiver = await startWebhookReceiver();
    const leaseMs = 400;

    // Before the crash: two events acknowledged.
    const acknowledged = [harness.queueEvent(receiver.url), harness.queueEvent(receiver.url)];
    expect(await harness.dispatcher({ leaseMs }).runDue()).toBe(2);

    // The crash: two more are claimed, their requests never finish, the process's connection dies.
    const interrupted = [harness.queueEvent(receiver.url), harness.queueEvent(receiver.url)];
    const neverAnswers = (() => new Promise<Response>(() => {})) as typeof fetch;
    void harness.dispatcher({ leaseMs, fetch: neverAnswers }).runDue();
    // The claim's unit commits at the end of the turn; the crash comes once the requests are out.
    await eventually(() => interrupted.every(({ deliveryId }) => harness.deliveryRow(deliveryId).attempt_count === 1));
    harness.db.close();

    // The restart: the same file, a new connection and dispatcher.
    const reopened = harness.open();
    const restarted = harness.dispatcher({ store: reopened, leaseMs });
    expect(await restarted.runDue()).toBe(0); // the dead process's leases still hold
    await new Promise((resolve) => setTimeout(resolve, leaseMs + 50));
    expect(await restarted.runDue()).toBe(2);

    const ids = eventIdsOf(receiver.requests);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    for (const { deliveryId } of [...acknowledged, ...interrupted]) {
      expect(harness.deliveryRow(deliveryId, reopened).status).toBe('delivered');
    }
    // The lost attempt kept its number: the receiver can tell this is a second try.
    const interruptedIds = interrupted.map((q) => q.eventId);
    const resent = receiver.requests.filter((r) => interruptedIds.includes(header(r, 'Billpay-Event-Id')));
    expect(resent.map((r) => header(r, 'Billpay-Delivery-Attempt'))).toEqual(['2', '2']);
  });

  it('pending retries survive a clean restart', async () => {
    harness = createHarness(systemClock);
    receiver = await startWebhookReceiver({ respond: [500] });
    const { deliveryId } = harness.queueEvent(receiver.url);
    const before = harness.dispatcher();
    expect(await before.runDue()).toBe(1);
    await before.stop();
    harness.db.close();

    const reopened = harness.open();
    const after = harness.dispatcher({ store: reopened });
    after.start();
    await receiver.waitForRequests(2);
    await after.stop();
    expect(harness.deliveryRow(deliveryId, reopened)).toMatchObject({ status: 'delivered', attempt_count: 2 });
  });
});

describe('WebhookDispatcher across instances on PostgreSQL', () => {
  it('dispatchers of three instances on one database never send the same delivery twice, signed with the stored secrets', async () => {
    const shared = await openSharedDatabase('postgres');
    try {
      receiver = await startWebhookReceiver();
      const [first, ...others] = shared.openMany(3) as [Store, Store, Store];
      const { id: merchantId } = await first.transact((tx) => seedTestMerchant(tx));
      const queued = await first.transact(async (tx) => {
        const recorded = [];
        for (let n = 0; n < 30; n++) {
          const body = JSON.stringify({ id: `evt_${n}`, n });
          const message = { merchantId, paymentId: `pay_${n}`, type: 'payment.succeeded', at: new Date(), body, contentType: 'application/json', signed: true };
          recorded.push(await tx.outbox.record(message, receiver.url));
        }
        return recorded;
      });
      const logger = pino({ level: 'silent' });
      const dispatchers = [first, ...others].map(
        (store) => new WebhookDispatcher({ store, clock: systemClock, schedule: FAST_RETRY_SCHEDULE, logger, maxInFlight: 4 }),
      );
      let sent = 0;
      for (let pass = 0; pass < 20 && sent < queued.length; pass++) {
        const counts = await Promise.all(dispatchers.map((dispatcher) => dispatcher.runDue()));
        sent += counts.reduce((sum, count) => sum + count, 0);
      }
      expect(sent).toBe(queued.length);
      expect(eventIdsOf(receiver.requests).sort()).toEqual(queued.map((q) => q.eventId).sort());
      for (const request of receiver.requests) {
        expect(() => verifyWebhookSignature(request.rawBody, header(request, 'Billpay-Signature'), `whsec_${merchantId}`)).not.toThrow();
      }
      const deliveries = await first.read((tx) => tx.outbox.listDeliveries(merchantId));
      expect(deliveries.map((delivery) => [delivery.status, delivery.attemptCount])).toEqual(queued.map(() => ['delivered', 1]));
    } finally {
      await shared.close();
    }
  });
});
