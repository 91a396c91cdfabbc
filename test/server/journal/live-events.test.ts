import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkoutClient, createPayment, DESCO_KEY, descoBill, TEST_CARDS, WZPDCO_KEY } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { openEventStream, type EventStreamClient, type ServerSentEvent } from './event-stream.js';

let server: TestServer;
const streams: EventStreamClient[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  streams.splice(0).forEach((stream) => stream.close());
});
afterAll(async () => {
  await server.close();
});

async function events(key: string, query = '', headers: Record<string, string> = {}): Promise<EventStreamClient> {
  const stream = await openEventStream(`${server.baseUrl}/api/v1/test/events${query}`, { Authorization: `Bearer ${key}`, ...headers });
  streams.push(stream);
  return stream;
}

/** Polls (never sleeps then asserts): resolves once `check` passes, fails after 10 s of trying. */
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 10 });

const entryOf = (event: ServerSentEvent) => JSON.parse(event.data) as { id: number; type: string; paymentId: string | null; data: Record<string, unknown> };
const stateChanges = (received: readonly ServerSentEvent[]) =>
  received.filter((event) => event.event === 'state_change').map((event) => `${entryOf(event).data.from}->${entryOf(event).data.to}`);

async function payByCard(card: Record<string, unknown> = TEST_CARDS.visaSuccess) {
  const payment = await createPayment(server);
  const checkout = checkoutClient(server, payment);
  await checkout.select('visa', 'EBL').expect(200);
  await checkout.confirm().expect(200);
  await checkout.authorize({ card }).expect(200);
  return payment;
}

describe('GET /api/v1/test/events', () => {
  it('streams each journal entry as it happens, state changes in order, as id/event/data', async () => {
    const stream = await events(WZPDCO_KEY);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    const payment = await payByCard();
    // create, select (+change), confirm (+change), authorize (+change): 7 entries.
    const received = await stream.waitForEvents(7);
    expect(stateChanges(received)).toEqual([
      'awaiting_method->awaiting_confirmation',
      'awaiting_confirmation->authorizing',
      'authorizing->succeeded',
    ]);
    for (const event of received) {
      const entry = entryOf(event);
      expect(event.event).toBe(entry.type);
      expect(event.id).toBe(String(entry.id));
      expect(entry.paymentId).toBe(payment.id);
    }
    const ids = received.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('filters by payment, and never carries another merchant’s entries', async () => {
    const mine = await createPayment(server);
    const filtered = await events(WZPDCO_KEY, `?paymentId=${mine.id}`);
    const desco = await events(DESCO_KEY);
    await payByCard(); // another payment of the same merchant
    await checkoutClient(server, mine).cancel().expect(200);
    const received = await filtered.waitForEvents(2);
    expect(received.map((event) => entryOf(event).paymentId)).toEqual([mine.id, mine.id]);
    expect(stateChanges(received)).toEqual(['awaiting_method->cancelled']);
    // WZPDCO's entries are all written (the filtered stream has the last one). DESCO's own next
    // entry comes after them on its stream: had any of them leaked, it would be there first.
    const own = await createPayment(server, descoBill(), DESCO_KEY);
    const [first] = await desco.waitForEvents(1);
    expect(entryOf(first as ServerSentEvent).paymentId).toBe(own.id);
    expect(desco.events.map((event) => entryOf(event).paymentId)).toEqual(desco.events.map(() => own.id));
  });

  it('resumes after Last-Event-ID with what was missed, nothing twice', async () => {
    const first = await events(WZPDCO_KEY);
    const payment = await createPayment(server);
    const [created] = await first.waitForEvents(1);
    first.close();
    const checkout = checkoutClient(server, payment);
    await checkout.select('visa', 'EBL').expect(200);
    await checkout.cancel().expect(200);

    const resumed = await events(WZPDCO_KEY, `?paymentId=${payment.id}`, { 'Last-Event-ID': created?.id as string });
    const received = await resumed.waitForEvents(4);
    expect(Number(received[0]?.id)).toBeGreaterThan(Number(created?.id));
    expect(stateChanges(received)).toEqual(['awaiting_method->awaiting_confirmation', 'awaiting_confirmation->cancelled']);
    expect(received.map((event) => event.id)).not.toContain(created?.id);
  });

  it('answers 406 to a client that does not ask for an event stream, instead of hanging', async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/test/events`, { headers: { Authorization: `Bearer ${WZPDCO_KEY}` } });
    expect(res.status).toBe(406);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { detail: string }).detail).toContain('Accept: text/event-stream');
  });

  it('refuses a Last-Event-ID that is not an entry id, and a caller without a key', async () => {
    const bad = await events(WZPDCO_KEY, '', { 'Last-Event-ID': 'yesterday' });
    expect(bad.status).toBe(422);
    const anonymous = await openEventStream(`${server.baseUrl}/api/v1/test/events`);
    streams.push(anonymous);
    expect(anonymous.status).toBe(401);
  });
});

describe('live events at scale', () => {
  it('reads the journal once per commit for all of a merchant\'s streams, not once per stream', async () => {
    const many = await Promise.all(Array.from({ length: 20 }, () => events(WZPDCO_KEY)));
    const reads = { count: 0 };
    const list = server.services.journal.list.bind(server.services.journal);
    server.services.journal.list = (...args) => {
      reads.count += 1;
      return list(...args);
    };
    try {
      await createPayment(server);
      // Each stream gets the create's request entry.
      await Promise.all(many.map((stream) => stream.waitForEvents(1)));
      expect(reads.count).toBeLessThanOrEqual(2);
    } finally {
      server.services.journal.list = list;
    }
  });

});
