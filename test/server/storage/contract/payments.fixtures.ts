/**
 * What the payments contract suites share: a new payment of a test's own merchant, and several
 * stores on one database, as several instances of the server would open it.
 */
import { randomBytes } from 'node:crypto';
import type { PaymentRecord } from '../../../../server/payments/record.js';
import type { Engine, Store } from '../../../../server/storage/port.js';
import { openPostgresPool } from '../../../../server/storage/postgres.js';
import { PostgresStore } from '../../../../server/storage/postgres/store.js';
import { createTestDatabase } from '../../../helpers/pg-cluster.js';
import { createdCardPayment } from '../../../helpers/payment-records.js';
import { openTestStore } from './stores.js';

export const CREATED_AT = new Date('2026-12-05T06:00:00.000Z');

/** A random suffix: ids, references and bill keys of one test never meet another's. */
export const unique = (): string => randomBytes(8).toString('hex');

/** A payment just created for `merchantId` (nothing chosen, nothing paid), with its own id and reference. */
export function newPayment(merchantId: string, fields: Partial<PaymentRecord> = {}): PaymentRecord {
  return {
    ...createdCardPayment,
    id: `pay_${unique()}`,
    merchantId,
    reference: `ref-${unique()}`,
    billKey: null,
    deadlineAt: new Date(CREATED_AT.getTime() + 5 * 60_000),
    selectionRemainingMs: null,
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    ...fields,
  };
}

export interface Instances {
  stores: Store[];
  close(): Promise<void>;
}

/**
 * `count` stores on one fresh database, as `count` instances of the server would open it. On
 * PostgreSQL each has its own pool, so their units run side by side. On SQLite it is the one store
 * `count` times: SQLite runs one instance per file, whose units already run one after another (a
 * second connection in this process would block the thread on the file's lock).
 */
export async function openInstances(engine: Engine, count: number): Promise<Instances> {
  if (engine === 'sqlite') {
    const opened = await openTestStore('sqlite');
    return { stores: Array.from({ length: count }, () => opened.store), close: opened.close };
  }
  const database = await createTestDatabase();
  const stores = Array.from({ length: count }, () => new PostgresStore(openPostgresPool(database.url, { max: 8 })));
  return {
    stores,
    close: async () => {
      await Promise.all(stores.map((store) => store.close()));
      await database.drop();
    },
  };
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
