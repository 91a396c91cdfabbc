/**
 * Two stores on one PostgreSQL database are two instances: what one writes is in force at the
 * other on its next read, with no cache to go stale in between (issue #14: a clock advance, a fault
 * setting and a merchant delete on A are in force on B and C at once).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sha256Hex } from '../../../server/payments/merchants.js';
import { openPostgresPool } from '../../../server/storage/postgres.js';
import { PostgresStore } from '../../../server/storage/postgres/store.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg-cluster.js';
import { seedTestMerchant } from './contract/stores.js';

let database: TestDatabase;
let a: PostgresStore;
let b: PostgresStore;

beforeAll(async () => {
  database = await createTestDatabase();
  a = new PostgresStore(openPostgresPool(database.url, { max: 4 }));
  b = new PostgresStore(openPostgresPool(database.url, { max: 4 }));
});

afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
  await database.drop();
});

it("sees a clock advance, a fault setting and a merchant delete made at another instance on its next read", async () => {
  const merchant = await a.transact((tx) => seedTestMerchant(tx));
  const keySha256 = sha256Hex(merchant.secretKey);
  expect((await b.transact((tx) => tx.requestContext.bySecretKeySha256(keySha256)))?.clockOffsetMs).toBe(0);

  await a.transact(async (tx) => {
    await tx.clocks.setOffsetMs(merchant.id, 600_000);
    await tx.faults.put(merchant.id, { api: { status: 503 } }, new Date());
  });
  const after = await b.transact((tx) => tx.requestContext.bySecretKeySha256(keySha256));
  expect(after).toMatchObject({ clockOffsetMs: 600_000, faults: { api: { status: 503 } } });

  await a.transact(async (tx) => {
    await tx.faults.clear(merchant.id);
    await tx.merchants.delete(merchant.id);
  });
  expect(await b.transact((tx) => tx.requestContext.bySecretKeySha256(keySha256))).toBeNull();
});

it('draws one sequence of fault draws across instances', async () => {
  const { id } = await a.transact((tx) => seedTestMerchant(tx));
  await a.transact((tx) => tx.faults.put(id, { api: { status: 500, probability: 0.5 } }, new Date()));
  const draws = await Promise.all(
    Array.from({ length: 40 }, (_unused, index) => (index % 2 === 0 ? a : b).transact((tx) => tx.faults.takeDraw(id))),
  );
  expect(new Set(draws).size).toBe(40);
  expect(Math.max(...(draws as number[]))).toBe(39);
});
