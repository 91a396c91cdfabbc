import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FaultSettingsStore, seededDraw } from '../../../server/faults/settings-store.js';
import { defineRoute, type ApiRoute } from '../../../server/http/routes.js';
import { ValidationProblem } from '../../../server/http/problems.js';
import { describeEachStore, seedTestMerchant } from '../storage/contract/stores.js';

/** mulberry32 as the in-memory store drew it before the draws were counted in the database. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ROUTES: ApiRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/v1/payments',
    operationId: 'createPayment',
    summary: 'creates',
    tag: 'Payments',
    auth: 'merchant',
    body: z.object({}),
    responses: { 201: { description: 'created' } },
    handle: () => ({ status: 201, body: {} }),
  }),
];

const AT = new Date('2026-12-05T06:00:00.000Z');

/** The fault the merchant's settings, as stored now, put on a request (a request reads them with its context). */
async function storedFault(faults: FaultSettingsStore, merchantId: string, method: string, path: string) {
  return faults.faultOf(merchantId, await faults.get(merchantId), method, path);
}

describe('seededDraw', () => {
  it('is draw number i of the seed’s mulberry32 sequence', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const next = mulberry32(seed);
        for (let index = 0; index < 50; index += 1) expect(seededDraw(seed, index)).toBe(next());
      }),
      { numRuns: 50 },
    );
  });
});

describeEachStore('FaultSettingsStore', ({ store }) => {
  const settingsStore = () => new FaultSettingsStore(store(), () => ROUTES);

  it('keeps nothing in memory: what one store object puts, another reads and clears at once', async () => {
    const { id } = await store().transact((tx) => seedTestMerchant(tx));
    const [first, second] = [settingsStore(), settingsStore()];
    expect(await second.get(id)).toBeNull();
    await first.put(id, { api: { status: 503 } }, AT);
    expect(await second.get(id)).toEqual({ api: { status: 503 } });
    expect(await storedFault(second, id, 'POST', '/api/v1/payments')).toEqual({ status: 503 });
    expect(await storedFault(second, id, 'GET', '/api/v1/test/clock')).toBeNull();
    expect(await second.clear(id)).toBe(true);
    expect(await first.get(id)).toBeNull();
    expect(await storedFault(first, id, 'POST', '/api/v1/payments')).toBeNull();
    expect(await first.clear(id)).toBe(false);
  });

  it('applies routes, and refuses a route that is not declared with a 422 naming it', async () => {
    const { id } = await store().transact((tx) => seedTestMerchant(tx));
    const faults = settingsStore();
    await faults.put(id, { api: { latencyMs: 5, routes: ['createPayment'] } }, AT);
    expect(await storedFault(faults, id, 'POST', '/api/v1/payments')).toEqual({ latencyMs: 5 });
    expect(await storedFault(faults, id, 'GET', '/api/v1/payments')).toBeNull();
    const refused = faults.put(id, { api: { status: 500, routes: ['createPayment', 'chargeCard'] } }, AT);
    await expect(refused).rejects.toBeInstanceOf(ValidationProblem);
    await expect(refused).rejects.toMatchObject({ errors: [{ field: 'api.routes.1' }] });
    expect(await faults.get(id)).toEqual({ api: { latencyMs: 5, routes: ['createPayment'] } });
  });

  it('draws one seeded sequence for every store object on the database, from the start again after a put', async () => {
    const { id } = await store().transact((tx) => seedTestMerchant(tx));
    const settings = { api: { status: 503, probability: 0.5, seed: 42 } };
    const objects = [settingsStore(), settingsStore(), settingsStore()];
    const expected = Array.from({ length: 30 }, mulberry32(42)).map((draw) => draw < 0.5);
    for (let round = 0; round < 2; round += 1) {
      await objects[0]!.put(id, settings, AT);
      const got: boolean[] = [];
      for (let index = 0; index < 30; index += 1) {
        got.push((await storedFault(objects[index % 3]!, id, 'POST', '/api/v1/payments')) !== null);
      }
      expect(got).toEqual(expected);
    }
  });
});
