/**
 * The storage port's cost, without HTTP. On SQLite: a unit that inserts one payment through
 * SqliteStore.transact against the same statements run synchronously, as the group commit ran
 * them before the port (BEGIN IMMEDIATE, a savepoint per insert, COMMIT; no promises), in
 * alternating runs (issue #14: the SQLite path within 10% of before the port). On PostgreSQL
 * (bench/postgres.ts: a throwaway cluster, durability off like the tests'): the same units through
 * one store and through three stores on one database (three instances), in units per second.
 * The whole server before and after the port, over HTTP: bench/port.ts.
 */
import { sqliteMigrations } from '../server/schema.js';
import { seedMerchants } from '../server/payments/merchants.js';
import type { PaymentRecord } from '../server/payments/record.js';
import { insertPayment } from '../server/payments/repository.js';
import { openDatabase } from '../server/storage/database.js';
import { statement } from '../server/storage/statements.js';
import type { Store } from '../server/storage/port.js';
import { openPostgresPool } from '../server/storage/postgres.js';
import { PostgresStore } from '../server/storage/postgres/store.js';
import { SqliteStore } from '../server/storage/sqlite/store.js';
import { tempDbFile } from '../test/helpers/temp-db.js';
import { newPayment } from '../test/server/storage/contract/payments.fixtures.js';
import { median } from './measure.js';
import { startBenchDatabase } from './postgres.js';

const ROUNDS = Number(process.env.BENCH_STORAGE_ROUNDS ?? 5);
const INSERTS = 10_000;
/** Units asked for per event-loop turn (SQLite), or in flight per store (PostgreSQL): the bench's 10 connections. */
const IN_FLIGHT = 10;
const MERCHANT = { id: 'bench', name: 'Bench', shortName: 'Bench', utility: null, billLayout: 'standard' as const, officeCode: '305' };
const SEED = { ...MERCHANT, secretKey: 'sk_test_bench', webhookSecrets: [] };

const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** CPU µs per insert of `INSERTS` payments, `IN_FLIGHT` asked for per turn through `insert`. */
async function perInsert(insert: (payment: PaymentRecord) => Promise<unknown>): Promise<number> {
  const before = cpuMicros();
  for (let done = 0; done < INSERTS; done += IN_FLIGHT) {
    await Promise.all(Array.from({ length: IN_FLIGHT }, () => insert(newPayment(MERCHANT.id))));
  }
  return (cpuMicros() - before) / INSERTS;
}

/** A fresh SQLite file with the bench merchant, and a way to remove it. */
function sqliteFile() {
  const temp = tempDbFile('billpay-bench-');
  const db = openDatabase(temp.file, sqliteMigrations);
  seedMerchants(db, [SEED], new Date());
  return { db, remove: temp.remove };
}

/** The group commit before the port: the turn's inserts in one synchronous BEGIN … COMMIT, a savepoint each. */
async function synchronousRun(): Promise<number> {
  const { db, remove } = sqliteFile();
  let turn: PaymentRecord[] = [];
  let done: Promise<void> | undefined;
  const micros = await perInsert((payment) => {
    turn.push(payment);
    done ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        statement(db, 'BEGIN IMMEDIATE').run();
        for (const queued of turn) {
          statement(db, 'SAVEPOINT job').run();
          insertPayment(db, queued);
          statement(db, 'RELEASE job').run();
        }
        statement(db, 'COMMIT').run();
        turn = [];
        done = undefined;
        resolve();
      }),
    );
    return done;
  });
  db.close();
  remove();
  return micros;
}

async function storeRun(): Promise<number> {
  const { db, remove } = sqliteFile();
  const store = new SqliteStore(db);
  const micros = await perInsert((payment) => store.transact((tx) => tx.payments.insert(payment)));
  await store.close();
  remove();
  return micros;
}

/** Units per second inserting `INSERTS` payments spread over `stores`, `IN_FLIGHT` in flight on each. */
async function postgresRate(stores: Store[]): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    stores.flatMap((store) =>
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < INSERTS) {
          next += 1;
          await store.transact((tx) => tx.payments.insert(newPayment(MERCHANT.id)));
        }
      }),
    ),
  );
  return INSERTS / ((performance.now() - started) / 1000);
}

async function benchPostgres(): Promise<void> {
  const database = await startBenchDatabase();
  try {
    const stores = Array.from({ length: 3 }, () => new PostgresStore(openPostgresPool(database.url, { max: IN_FLIGHT })));
    try {
      await stores[0]?.transact((tx) => tx.merchants.seed([SEED], new Date()));
      const one: number[] = [];
      const three: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        one.push(await postgresRate(stores.slice(0, 1)));
        three.push(await postgresRate(stores));
      }
      const rate = (values: number[]) => `${Math.round(median(values)).toLocaleString('en-US')} units/s`;
      console.log(`PostgreSQL, a unit inserting one payment: one store ${rate(one)}, three stores on one database ${rate(three)}`);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  } finally {
    database.stop();
  }
}

export async function benchStorage(): Promise<void> {
  await synchronousRun();
  await storeRun();
  const before: number[] = [];
  const after: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    before.push(await synchronousRun());
    after.push(await storeRun());
  }
  const ratio = median(after.map((micros, round) => micros / (before[round] as number)));
  console.log('');
  console.log(
    `SQLite, a unit inserting one payment (CPU per insert, ${ROUNDS} alternating runs of ${INSERTS.toLocaleString('en-US')}): ` +
      `synchronous group (before the port) ${median(before).toFixed(1)} µs, SqliteStore.transact ${median(after).toFixed(1)} µs: ` +
      `${ratio.toFixed(2)}x (goal: at most 1.10x)`,
  );
  await benchPostgres();
}
