/**
 * How many storage units one API request opens, on either engine: its context (merchant, clock
 * offset, faults) is read once and handed to the API faults, the authentication and the journal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Store, Tx } from '../../../server/storage/port.js';
import { applicationFee, WZPDCO_KEY } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** Counts the read and write units the store opens from now on. */
function countUnits(store: Store): { reads: () => number; writes: () => number; stop: () => void } {
  const counts = { reads: 0, writes: 0 };
  const { read, transact } = store;
  store.read = <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
    counts.reads += 1;
    return read.call(store, work) as Promise<T>;
  };
  store.transact = <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
    counts.writes += 1;
    return transact.call(store, work) as Promise<T>;
  };
  return {
    reads: () => counts.reads,
    writes: () => counts.writes,
    stop: () => {
      store.read = read;
      store.transact = transact;
    },
  };
}

describe('a merchant API request', () => {
  it('reads its context once, with fault settings in force, and writes its own unit and its journal entry', async () => {
    const api = (method: 'get' | 'post' | 'put', path: string) => request(server.baseUrl)[method](path).set('Authorization', `Bearer ${WZPDCO_KEY}`);
    // A setting that covers another route: the create is let through, but its settings are read.
    await api('put', '/api/v1/test/faults').send({ api: { status: 503, routes: ['getPayment'] } }).expect(200);
    await server.services.journal.flush();
    const units = countUnits(server.deps.store);
    try {
      const created = await api('post', '/api/v1/payments').send(applicationFee());
      expect(created.status).toBe(201);
      await server.services.journal.flush();
      expect(units.reads()).toBe(1);
      expect(units.writes()).toBe(2);
      // The settings read with the context are the ones in force.
      expect((await api('get', `/api/v1/payments/${created.body.id}`)).status).toBe(503);
    } finally {
      units.stop();
      await api('put', '/api/v1/test/faults').send({}).expect(200);
    }
  });
});
