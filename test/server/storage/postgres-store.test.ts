/**
 * What only the PostgreSQL adapter has to do: units of one process run side by side on the pool, a
 * deadlock between two of them is broken by PostgreSQL failing one, which then runs once more, and
 * any other error reaches the caller as PostgreSQL raised it.
 */
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgresPool } from '../../../server/storage/postgres.js';
import { PostgresStore, sqlState } from '../../../server/storage/postgres/store.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg-cluster.js';
import { seedTestMerchant, untilSomeoneWaitsOnALock } from './contract/stores.js';

let database: TestDatabase;
let store: PostgresStore;

beforeAll(async () => {
  database = await createTestDatabase();
  // A short deadlock_timeout: the deadlock below is found in 50 ms instead of PostgreSQL's 1 s.
  store = new PostgresStore(openPostgresPool(database.url, { max: 4, options: '-c deadlock_timeout=50ms' }));
});

afterAll(async () => {
  await store.close();
  await database.drop();
});

it('runs a unit that lost a deadlock once more, so both units commit', async () => {
  const [a, b] = await store.transact(async (tx) => [await seedTestMerchant(tx), await seedTestMerchant(tx)]);
  let attemptsOfFirst = 0;
  let attemptsOfSecond = 0;
  // The first takes a's clock row, then (once the second waits for it) b's; the second takes b's, then a's.
  const first = store.transact(async (tx) => {
    attemptsOfFirst += 1;
    await tx.clocks.setOffsetMs(a.id, 1_000);
    if (attemptsOfFirst === 1) await untilSomeoneWaitsOnALock(store, () => false);
    await tx.clocks.setOffsetMs(b.id, 1_000);
  });
  const second = store.transact(async (tx) => {
    attemptsOfSecond += 1;
    await tx.clocks.setOffsetMs(b.id, 2_000);
    await tx.clocks.setOffsetMs(a.id, 2_000);
  });
  await Promise.all([first, second]);
  // Exactly one of them deadlocked and ran twice.
  expect(attemptsOfFirst + attemptsOfSecond).toBe(3);
  const offsets = await store.transact(async (tx) => [await tx.clocks.offsetMs(a.id), await tx.clocks.offsetMs(b.id)]);
  // Whichever committed last set both rows: the two rows agree.
  expect(offsets[0]).toBe(offsets[1]);
});

it('rejects with the error PostgreSQL raised, without running the unit again', async () => {
  let attempts = 0;
  const error = await store
    .transact(async (tx) => {
      attempts += 1;
      await tx.clocks.setOffsetMs('no_such_merchant', 1);
    })
    .catch((caught: unknown) => caught);
  expect(sqlState(error)).toBe('23503');
  expect(attempts).toBe(1);
});

it('leaves no connection checked out after units that committed, failed or deadlocked', async () => {
  await store.transact(async (tx) => seedTestMerchant(tx));
  await store.transact(async () => Promise.reject(new Error('no'))).catch(() => undefined);
  expect(store.pool.totalCount - store.pool.idleCount).toBe(0);
});

it('close() resolves once every connection has closed, so dropping the database right after ends none of them with an error', async () => {
  const own = new PostgresStore(openPostgresPool(database.url, { max: 3 }));
  const clients: pg.PoolClient[] = [];
  own.pool.on('connect', (client) => clients.push(client));
  // Three units at once: three connections.
  await Promise.all([1, 2, 3].map(() => own.transact((tx) => seedTestMerchant(tx))));
  expect(clients.length).toBe(3);
  await own.close();
  // pg's pool.end() alone resolves while the clients' sockets are still closing.
  expect(clients.map((client) => (client as unknown as { connection: { stream: { destroyed: boolean } } }).connection.stream.destroyed)).toEqual([
    true,
    true,
    true,
  ]);
});
