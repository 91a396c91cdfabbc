/**
 * The contract suites' harness: each suite is declared once and runs on every engine's adapter,
 * over a fresh migrated database per suite (a SQLite file in a temp folder; a clone of the run's
 * migrated PostgreSQL template, test/helpers/pg-cluster.ts). Tests keep to merchants of their own
 * (seedTestMerchant), so they share the suite's database without seeing each other.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import type { Merchant } from '../../../../server/payments/merchants.js';
import { sqliteMigrations } from '../../../../server/schema.js';
import { openDatabase } from '../../../../server/storage/database.js';
import type { Engine, Store, Tx } from '../../../../server/storage/port.js';
import { openPostgresPool } from '../../../../server/storage/postgres.js';
import { PostgresStore } from '../../../../server/storage/postgres/store.js';
import { SqliteStore } from '../../../../server/storage/sqlite/store.js';
import { createTestDatabase } from '../../../helpers/pg-cluster.js';
import { tempDbFile } from '../../../helpers/temp-db.js';

export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

export interface OpenedStore {
  store: Store;
  close(): Promise<void>;
}

/** A fresh, migrated store of `engine`; close() closes it and deletes its database. */
export async function openTestStore(engine: Engine): Promise<OpenedStore> {
  if (engine === 'sqlite') {
    const temp = tempDbFile();
    const store = new SqliteStore(openDatabase(temp.file, sqliteMigrations));
    return { store, close: async () => (await store.close(), temp.remove()) };
  }
  const database = await createTestDatabase();
  const store = new PostgresStore(openPostgresPool(database.url, { max: 8 }));
  return { store, close: async () => (await store.close(), await database.drop()) };
}

/** Declares `define`'s tests once per engine, as `<title> (<engine>)`, each engine with its own fresh store. */
export function describeEachStore(title: string, define: (context: { store(): Store; engine: Engine }) => void): void {
  for (const engine of ENGINES) {
    describe(`${title} (${engine})`, () => {
      let opened: OpenedStore | undefined;
      beforeAll(async () => {
        opened = await openTestStore(engine);
      });
      afterAll(async () => {
        await opened?.close();
      });
      define({
        engine,
        store: () => {
          if (!opened) throw new Error('the store opens in beforeAll');
          return opened.store;
        },
      });
    });
  }
}

/** A merchant of the test's own, seeded in `tx`: a random id, key and webhook secret. */
export async function seedTestMerchant(tx: Tx, at = new Date('2026-12-05T06:00:00.000Z')): Promise<Merchant & { secretKey: string }> {
  const id = `test_${randomBytes(6).toString('hex')}`;
  const merchant: Merchant = { id, name: `Merchant ${id}`, shortName: id, utility: null, billLayout: 'standard', officeCode: '305' };
  const secretKey = `sk_test_${randomBytes(12).toString('hex')}`;
  await tx.merchants.seed([{ ...merchant, secretKey, webhookSecrets: [`whsec_${id}`] }], at);
  return { ...merchant, secretKey };
}

/**
 * Resolves once a unit of `store`'s database waits on a lock another holds (PostgreSQL), or once
 * `settled()` is true, whichever comes first: on SQLite a second unit waits for the first without
 * starting, so nothing ever waits on a lock there.
 */
export async function untilSomeoneWaitsOnALock(store: Store, settled: () => boolean): Promise<void> {
  if (!(store instanceof PostgresStore)) return;
  while (!settled()) {
    const { rows } = await store.pool.query<{ waiting: number }>(
      "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if ((rows[0]?.waiting ?? 0) > 0) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
