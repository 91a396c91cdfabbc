/**
 * What only the SQLite adapter does: the group commit. The units asked for in one turn share one
 * transaction (a second connection sees none of their writes until all have committed), a unit
 * that throws is rolled back alone, and the journal counts on from the kept units of its group.
 */
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { sqliteMigrations } from '../../../server/schema.js';
import { openDatabase, type Database } from '../../../server/storage/database.js';
import { SqliteStore } from '../../../server/storage/sqlite/store.js';
import { statement } from '../../../server/storage/statements.js';
import { tempDbFile } from '../../helpers/temp-db.js';
import { seedTestMerchant } from './contract/stores.js';

let store: SqliteStore;
/** A second connection to the same file: it sees only what has committed. */
let other: Database;
let remove: () => void;

beforeEach(() => {
  const temp = tempDbFile();
  remove = temp.remove;
  store = new SqliteStore(openDatabase(temp.file, sqliteMigrations));
  other = new BetterSqlite3(temp.file);
});

afterEach(async () => {
  other.close();
  await store.close();
  remove();
});

const committedMerchants = () => other.prepare('SELECT count(*) FROM merchants').pluck().get() as number;
const AT = new Date('2026-12-05T06:00:00.000Z');

it('commits the units asked for in one turn together, and settles them after that commit', async () => {
  const seenByOther: number[] = [];
  const units = [1, 2, 3].map((index) =>
    store.transact(async (tx) => {
      await seedTestMerchant(tx);
      seenByOther.push(committedMerchants());
      return index;
    }),
  );
  await expect(Promise.all(units)).resolves.toEqual([1, 2, 3]);
  // While the group ran, none of its writes had committed: one transaction.
  expect(seenByOther).toEqual([0, 0, 0]);
  expect(committedMerchants()).toBe(3);
  expect(store.db.inTransaction).toBe(false);
});

it('rolls back only the unit that throws: its writes and effects go, the rest of its group commits', async () => {
  const effects: string[] = [];
  const first = store.transact(async (tx) => (await seedTestMerchant(tx)).id);
  const failing = store.transact(async (tx) => {
    await seedTestMerchant(tx);
    tx.afterCommit(() => effects.push('failing'));
    throw new Error('no');
  });
  const third = store.transact(async (tx) => {
    tx.afterCommit(() => effects.push('third'));
    return (await seedTestMerchant(tx)).id;
  });
  await expect(failing).rejects.toThrow('no');
  const ids = await Promise.all([first, third]);
  expect(committedMerchants()).toBe(2);
  expect(other.prepare('SELECT id FROM merchants ORDER BY id').pluck().all()).toEqual([...ids].sort());
  expect(effects).toEqual(['third']);
});

it("numbers journal entries on from the kept units of the group, leaving no gap for a unit rolled back", async () => {
  const merchantId = await store.transact(async (tx) => (await seedTestMerchant(tx)).id);
  const entry = { merchantId, type: 'request' as const, paymentId: null, at: AT, data: {} };
  const appends = [
    store.transact((tx) => tx.journal.append([entry, entry])),
    store.transact(async (tx) => {
      await tx.journal.append([entry]);
      throw new Error('rolled back');
    }),
    store.transact((tx) => tx.journal.append([entry])),
  ];
  const [kept, rolledBack, last] = await Promise.allSettled(appends);
  expect(kept).toEqual({ status: 'fulfilled', value: [1, 2] });
  expect(rolledBack?.status).toBe('rejected');
  expect(last).toEqual({ status: 'fulfilled', value: [3] });
  expect(other.prepare('SELECT id FROM journal_entries WHERE merchant_id = ? ORDER BY id').pluck().all(merchantId)).toEqual([1, 2, 3]);
});

it('rejects every unit of a group whose transaction cannot be had, commits none of it, and numbers on after it', async () => {
  const merchantId = await store.transact(async (tx) => (await seedTestMerchant(tx)).id);
  const entry = { merchantId, type: 'request' as const, paymentId: null, at: AT, data: {} };
  await store.transact((tx) => tx.journal.append([entry]));
  store.db.pragma('busy_timeout = 0');
  other.prepare('BEGIN IMMEDIATE').run();
  const units = [store.transact((tx) => tx.journal.append([entry])), store.transact((tx) => tx.merchants.listIds())];
  for (const unit of units) await expect(unit).rejects.toThrow(/locked|busy/i);
  other.prepare('ROLLBACK').run();
  expect(store.db.inTransaction).toBe(false);
  await expect(store.transact((tx) => tx.journal.append([entry]))).resolves.toEqual([2]);
});

it('close() commits the units still queued before it closes the file', async () => {
  const queued = store.transact((tx) => seedTestMerchant(tx));
  await store.close();
  await expect(queued).resolves.toMatchObject({ officeCode: '305' });
  expect(committedMerchants()).toBe(1);
  expect(store.db.open).toBe(false);
});

it('runs a read in one read transaction that a group commit waits for, and sees one snapshot throughout', async () => {
  const first = await store.transact((tx) => seedTestMerchant(tx));
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const order: string[] = [];
  const reading = store.read(async (tx) => {
    const before = await tx.merchants.isEphemeral(first.id);
    order.push('read started');
    await held;
    // Another connection commits meanwhile: this read keeps the snapshot it started with.
    other.prepare('UPDATE merchants SET ephemeral = 1 - ephemeral WHERE id = ?').run(first.id);
    const after = await tx.merchants.isEphemeral(first.id);
    order.push('read ended');
    return [before, after];
  });
  const writing = store.transact(async (tx) => {
    order.push('unit ran');
    return seedTestMerchant(tx);
  });
  // The read ends two turns later, after the turn the group commit was due in: the group waits for it.
  setImmediate(() => setImmediate(release));
  const [before, after] = await reading;
  expect(after).toBe(before);
  await writing;
  expect(order).toEqual(['read started', 'read ended', 'unit ran']);
  expect(await store.read((tx) => tx.merchants.isEphemeral(first.id))).toBe(!before);
});

it('shares one read transaction among the reads of a turn, ended before the group of that turn runs', async () => {
  await store.transact((tx) => seedTestMerchant(tx));
  await new Promise((resolve) => setImmediate(resolve));
  const begin = statement(store.db, 'BEGIN');
  const run = begin.run.bind(begin);
  let begun = 0;
  begin.run = (...args) => {
    begun += 1;
    return run(...args);
  };
  const merchantCount = () => store.read(async (tx) => (await tx.merchants.listIds()).length);
  try {
    const writing = store.transact(async (tx) => {
      await seedTestMerchant(tx);
      // The group runs in a write transaction of its own: the turn's read transaction has ended.
      return store.db.inTransaction;
    });
    // One read after another, as requests answered in one turn make them.
    const counts = [await merchantCount(), await merchantCount(), await merchantCount()];
    expect(counts).toEqual([1, 1, 1]);
    expect(begun).toBe(1);
    expect(await writing).toBe(true);
    // A later turn's read begins anew, and sees what the group committed.
    expect(await merchantCount()).toBe(2);
    expect(begun).toBe(2);
  } finally {
    begin.run = run;
  }
});
