/**
 * LiveEvents on its own (no app): heartbeats, closeAll, a client going away, Last-Event-ID, and
 * a stream on one instance carrying what another instance committed, on both engines.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MerchantClocks, systemClock } from '../../../server/clock.js';
import { Journal } from '../../../server/journal/journal.js';
import { LiveEvents } from '../../../server/journal/live-events.js';
import type { Store } from '../../../server/storage/port.js';
import { openSharedDatabase, type SharedDatabase } from '../storage/contract/instances.js';
import { ENGINES, seedTestMerchant } from '../storage/contract/stores.js';
import { openEventStream, type EventStreamClient } from './event-stream.js';

/** Polls (never sleeps then asserts): resolves once `check` passes, fails after 10 s of trying. */
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 10 });

/** One instance: its journal, its live events, and an HTTP server answering GET /events with the merchant's stream. */
async function serveInstance(store: Store, merchantId: string) {
  const journal = new Journal(store, new MerchantClocks(systemClock));
  const live = new LiveEvents(journal, { heartbeatMs: 20 });
  const app = express();
  app.get('/events', (req, res, next) => {
    const lastEventId = req.get('last-event-id');
    live.stream(res, merchantId, { lastEventId: lastEventId === undefined ? undefined : Number(lastEventId) }).catch(next);
  });
  const http: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/events`;
  return {
    journal,
    live,
    url,
    record: (n: number) => store.transact((tx) => journal.record(tx, { merchantId, type: 'fault', data: { n } })),
    async close() {
      live.closeAll();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

const numbers = (stream: EventStreamClient) => stream.events.map((event) => (JSON.parse(event.data) as { data: { n: number } }).data.n);

let shared: SharedDatabase | undefined;
const instances: Array<{ close(): Promise<void> }> = [];
const streams: EventStreamClient[] = [];
afterEach(async () => {
  streams.splice(0).forEach((stream) => stream.close());
  for (const instance of instances.splice(0)) await instance.close();
  await shared?.close();
  shared = undefined;
});

async function setUp(engine: (typeof ENGINES)[number]) {
  shared = await openSharedDatabase(engine);
  const store = shared.open();
  const { id: merchantId } = await store.transact((tx) => seedTestMerchant(tx));
  const instance = await serveInstance(store, merchantId);
  instances.push(instance);
  return { store, merchantId, instance };
}

async function open(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
  const stream = await openEventStream(url, headers);
  streams.push(stream);
  return stream;
}

for (const engine of ENGINES) {
  describe(`LiveEvents (${engine})`, () => {
    it('sends heartbeats while idle, and ends every stream on closeAll', async () => {
      const { instance } = await setUp(engine);
      const stream = await open(instance.url);
      await until(() => expect(stream.comments).toBeGreaterThanOrEqual(2));
      expect(instance.live.size).toBe(1);
      await instance.record(1);
      await stream.waitForEvents(1);
      instance.live.closeAll();
      await stream.ended;
      expect(instance.live.size).toBe(0);
    });

    it('forgets a stream whose client went away', async () => {
      const { instance } = await setUp(engine);
      const stream = await open(instance.url);
      await until(() => expect(instance.live.size).toBe(1));
      stream.close();
      await until(() => expect(instance.live.size).toBe(0));
    });

    it('starts with the next entry, or after Last-Event-ID with what was missed, nothing twice', async () => {
      const { instance } = await setUp(engine);
      await instance.record(1);
      const fresh = await open(instance.url);
      await instance.record(2);
      await fresh.waitForEvents(1);
      const [second] = fresh.events;
      await instance.record(3);
      await fresh.waitForEvents(2);
      expect(numbers(fresh)).toEqual([2, 3]);

      const resumed = await open(instance.url, { 'Last-Event-ID': second?.id as string });
      await resumed.waitForEvents(1);
      await instance.record(4);
      await resumed.waitForEvents(2);
      expect(numbers(resumed)).toEqual([3, 4]);
    });

    it('a stream on one instance carries what another instance commits', async () => {
      const { merchantId, instance } = await setUp(engine);
      // SQLite has one instance per file: the "other" instance is the same store there.
      const other = engine === 'postgres' ? await serveInstance(shared!.open(), merchantId) : instance;
      if (other !== instance) instances.push(other);
      const stream = await open(instance.url);
      await other.record(1);
      await instance.record(2);
      await other.record(3);
      await stream.waitForEvents(3);
      expect(numbers(stream)).toEqual([1, 2, 3]);
    });
  });
}
