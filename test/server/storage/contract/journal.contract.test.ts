/**
 * The journal repository on both engines: ids per merchant from 1, consecutive and in commit
 * order; reads by cursor and newest-first; clear, prune and forget; and the race that breaks
 * `max(id) + 1` with several writers.
 */
import { describe, expect, it } from 'vitest';
import type { JournalEntryType } from '../../../../server/journal/journal.js';
import type { Tx } from '../../../../server/storage/port.js';
import { PostgresJournalBus } from '../../../../server/storage/postgres/journal-bus.js';
import { JOURNAL_CHANNEL } from '../../../../server/storage/postgres/journal.js';
import type { PostgresStore } from '../../../../server/storage/postgres/store.js';
import type { JournalAppend } from '../../../../server/storage/repositories/journal.js';
import { openSharedDatabase } from './instances.js';
import { describeEachStore, seedTestMerchant } from './stores.js';

const AT = new Date('2026-12-05T06:00:00.000Z');

function entry(merchantId: string, n: number, fields: Partial<JournalAppend> = {}): JournalAppend {
  return { merchantId, type: 'request', paymentId: null, data: { n }, at: new Date(AT.getTime() + n * 1000), ...fields };
}

/** Appends one entry; returns its id. */
async function appendOne(tx: Tx, one: JournalAppend): Promise<number> {
  const [id] = await tx.journal.append([one]);
  return id!;
}

async function appendOneByOne(tx: Tx, entries: JournalAppend[]): Promise<number[]> {
  const ids: number[] = [];
  for (const one of entries) ids.push(await appendOne(tx, one));
  return ids;
}

describeEachStore('journal', ({ store }) => {
  it('numbers each merchant’s entries from 1 and reads them back, oldest first, after a cursor or newest', async () => {
    const [a, b] = await store().transact(async (tx) => [(await seedTestMerchant(tx)).id, (await seedTestMerchant(tx)).id]);
    expect(await store().transact((tx) => tx.journal.lastId(a!))).toBe(0);
    const idsOfA = await store().transact((tx) =>
      appendOneByOne(tx, [
        entry(a!, 1),
        entry(a!, 2, { type: 'state_change', paymentId: 'pay_1', data: { from: 'created', to: 'awaiting_method' } }),
        entry(a!, 3, { type: 'webhook_attempt', paymentId: 'pay_1' }),
      ]),
    );
    const idsOfB = await store().transact((tx) => appendOneByOne(tx, [entry(b!, 1)]));
    expect(idsOfA).toEqual([1, 2, 3]);
    expect(idsOfB).toEqual([1]);
    await store().transact(async (tx) => {
      expect(await tx.journal.lastId(a!)).toBe(3);
      const all = await tx.journal.list(a!, { limit: 10 });
      expect(all).toEqual([
        { id: 1, at: '2026-12-05T06:00:01.000Z', type: 'request', paymentId: null, data: { n: 1 } },
        { id: 2, at: '2026-12-05T06:00:02.000Z', type: 'state_change', paymentId: 'pay_1', data: { from: 'created', to: 'awaiting_method' } },
        { id: 3, at: '2026-12-05T06:00:03.000Z', type: 'webhook_attempt', paymentId: 'pay_1', data: { n: 3 } },
      ]);
      expect((await tx.journal.list(a!, { limit: 2 })).map((e) => e.id)).toEqual([2, 3]);
      expect((await tx.journal.list(a!, { afterId: 1, limit: 1 })).map((e) => e.id)).toEqual([2]);
      expect((await tx.journal.list(a!, { afterId: 3, limit: 10 })).map((e) => e.id)).toEqual([]);
      expect((await tx.journal.list(a!, { paymentId: 'pay_1', limit: 10 })).map((e) => e.id)).toEqual([2, 3]);
      const types: JournalEntryType[] = ['request', 'webhook_attempt'];
      expect((await tx.journal.list(a!, { types, limit: 10 })).map((e) => e.id)).toEqual([1, 3]);
      expect((await tx.journal.list(a!, { types: [], afterId: 0, limit: 10 })).map((e) => e.id)).toEqual([1, 2, 3]);
      expect((await tx.journal.list(b!, { limit: 10 })).map((e) => e.data)).toEqual([{ n: 1 }]);
    });
  });

  it('appends a batch of several merchants’ entries in one call, each merchant counting on', async () => {
    const [a, b] = await store().transact(async (tx) => [(await seedTestMerchant(tx)).id, (await seedTestMerchant(tx)).id]);
    await store().transact((tx) => appendOne(tx, entry(b!, 0)));
    const ids = await store().transact((tx) => tx.journal.append([entry(a!, 1), entry(b!, 2), entry(a!, 3), entry(a!, 4), entry(b!, 5)]));
    expect(ids).toEqual([1, 2, 2, 3, 3]);
    expect(await store().transact((tx) => tx.journal.append([]))).toEqual([]);
    await store().transact(async (tx) => {
      expect((await tx.journal.list(a!, { afterId: 0, limit: 10 })).map((e) => [e.id, e.data.n])).toEqual([[1, 1], [2, 3], [3, 4]]);
      expect((await tx.journal.list(b!, { afterId: 0, limit: 10 })).map((e) => [e.id, e.data.n])).toEqual([[1, 0], [2, 2], [3, 5]]);
      expect(await tx.journal.lastId(b!)).toBe(3);
    });
  });

  it('hands out no id for a unit that rolled back: the next entry takes it', async () => {
    const { id } = await store().transact((tx) => seedTestMerchant(tx));
    await store().transact((tx) => appendOne(tx, entry(id, 1)));
    await expect(
      store().transact(async (tx) => {
        expect(await appendOne(tx, entry(id, 2))).toBe(2);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await store().transact((tx) => tx.journal.lastId(id))).toBe(1);
    expect(await store().transact((tx) => appendOne(tx, entry(id, 3)))).toBe(2);
    expect((await store().transact((tx) => tx.journal.list(id, { limit: 10 }))).map((e) => e.data)).toEqual([{ n: 1 }, { n: 3 }]);
  });

  it('clear deletes the entries and keeps the last id; prune drops the oldest; forget starts over', async () => {
    const { id } = await store().transact((tx) => seedTestMerchant(tx));
    await store().transact((tx) => appendOneByOne(tx, [1, 2, 3, 4].map((n) => entry(id, n))));
    expect(await store().transact((tx) => tx.journal.prune(id, 2))).toBe(2);
    expect((await store().transact((tx) => tx.journal.list(id, { limit: 10 }))).map((e) => e.id)).toEqual([3, 4]);

    expect(await store().transact((tx) => tx.journal.clear(id))).toBe(2);
    await store().transact(async (tx) => {
      expect(await tx.journal.list(id, { limit: 10 })).toEqual([]);
      expect(await tx.journal.lastId(id)).toBe(4);
    });
    expect(await store().transact((tx) => appendOne(tx, entry(id, 5)))).toBe(5);
    expect(await store().transact((tx) => tx.journal.clear(id))).toBe(1);
    expect(await store().transact((tx) => appendOne(tx, entry(id, 6)))).toBe(6);

    await store().transact((tx) => tx.journal.forget(id));
    await store().transact(async (tx) => {
      expect(await tx.journal.lastId(id)).toBe(0);
      expect(await tx.journal.list(id, { limit: 10 })).toEqual([]);
    });
    expect(await store().transact((tx) => appendOne(tx, entry(id, 7)))).toBe(1);
  });

  it('keeps counting within one unit across forget and append', async () => {
    const { id } = await store().transact((tx) => seedTestMerchant(tx));
    await store().transact((tx) => appendOneByOne(tx, [entry(id, 1), entry(id, 2)]));
    const ids = await store().transact(async (tx) => {
      await tx.journal.forget(id);
      return appendOneByOne(tx, [entry(id, 3), entry(id, 4)]);
    });
    expect(ids).toEqual([1, 2]);
    expect(await store().transact((tx) => appendOne(tx, entry(id, 5)))).toBe(3);
  });
});

/** Resolves at the listener's next wake. */
function nextWake(): { wake(): void; woken: Promise<void>; count(): number } {
  let count = 0;
  let resolve = () => {};
  const woken = new Promise<void>((done) => {
    resolve = done;
  });
  return {
    wake: () => {
      count += 1;
      resolve();
    },
    woken,
    count: () => count,
  };
}

describeEachStore('journal races', ({ engine }) => {
  it('600 units appending to one merchant at once get ids 1-600, and a reader following with a cursor sees each once, in order', async () => {
    const shared = await openSharedDatabase(engine);
    try {
      const writers = shared.openMany(3);
      const [reader] = shared.openMany(1);
      const { id: merchantId } = await writers[0]!.transact((tx) => seedTestMerchant(tx));
      const seen: number[] = [];
      let writing = true;
      let wakeReader = () => {};
      const unlisten = await reader!.journalBus.listen(merchantId, () => wakeReader());
      const following = (async () => {
        for (;;) {
          const woken = new Promise<void>((resolve) => {
            wakeReader = resolve;
          });
          const done = !writing;
          const page = await reader!.transact((tx) => tx.journal.list(merchantId, { afterId: seen.at(-1) ?? 0, limit: 50 }));
          seen.push(...page.map((e) => e.id));
          if (page.length === 50) continue;
          if (done) return;
          await woken;
        }
      })();
      const ids = await Promise.all(
        Array.from({ length: 600 }, (_unused, n) => writers[n % 3]!.transact((tx) => appendOne(tx, entry(merchantId, n)))),
      );
      writing = false;
      wakeReader();
      await following;
      unlisten();

      const all = Array.from({ length: 600 }, (_unused, n) => n + 1);
      expect([...ids].sort((x, y) => x - y)).toEqual(all);
      expect(seen).toEqual(all);
      const stored = await reader!.transact((tx) => tx.journal.list(merchantId, { afterId: 0, limit: 1000 }));
      // Each writer's entry carries the id it was given.
      expect(stored.map((e) => ids[e.data.n as number])).toEqual(all);
      expect(await reader!.transact((tx) => tx.journal.lastId(merchantId))).toBe(600);
    } finally {
      await shared.close();
    }
  });

  it('60 batches naming two merchants in either order, on three instances at once: each merchant gets ids 1-300, consecutive within a batch', async () => {
    const shared = await openSharedDatabase(engine);
    try {
      const instances = shared.openMany(3);
      const [a, b] = await instances[0]!.transact(async (tx) => [(await seedTestMerchant(tx)).id, (await seedTestMerchant(tx)).id]);
      const batches = await Promise.all(
        Array.from({ length: 60 }, (_unused, n) => {
          const [first, second] = n % 2 === 0 ? [a!, b!] : [b!, a!];
          const batch = Array.from({ length: 10 }, (_none, k) => entry(k % 2 === 0 ? first : second, n * 10 + k));
          return instances[n % 3]!.transact((tx) => tx.journal.append(batch)).then((ids) => ({ batch, ids }));
        }),
      );
      for (const merchantId of [a!, b!]) {
        const idsOf = batches.map(({ batch, ids }) => ids.filter((_id, index) => batch[index]!.merchantId === merchantId));
        for (const ids of idsOf) expect(ids).toEqual(Array.from({ length: 5 }, (_unused, k) => ids[0]! + k));
        expect(idsOf.flat().sort((x, y) => x - y)).toEqual(Array.from({ length: 300 }, (_unused, n) => n + 1));
      }
    } finally {
      await shared.close();
    }
  });

  it('a commit wakes listeners of its merchant (on every instance); a rollback and an ended listen wake no one', async () => {
    const shared = await openSharedDatabase(engine);
    try {
      const [writer, listener] = shared.openMany(2);
      const [rolledBack, committed, unlistened] = await writer!.transact(async (tx) => [
        (await seedTestMerchant(tx)).id,
        (await seedTestMerchant(tx)).id,
        (await seedTestMerchant(tx)).id,
      ]);
      const ofRolledBack = nextWake();
      const ofCommitted = nextWake();
      const ofUnlistened = nextWake();
      await listener!.journalBus.listen(rolledBack!, ofRolledBack.wake);
      await listener!.journalBus.listen(committed!, ofCommitted.wake);
      const unlisten = await listener!.journalBus.listen(unlistened!, ofUnlistened.wake);
      unlisten();

      await expect(
        writer!.transact(async (tx) => {
          await appendOne(tx, entry(rolledBack!, 1));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await writer!.transact((tx) => appendOne(tx, entry(unlistened!, 1)));
      await writer!.transact((tx) => appendOne(tx, entry(committed!, 1)));
      // Wakes come in commit order: had the rollback or the ended listen woken anyone, it would have by now.
      await ofCommitted.woken;
      expect(ofCommitted.count()).toBe(1);
      expect(ofRolledBack.count()).toBe(0);
      expect(ofUnlistened.count()).toBe(0);
    } finally {
      await shared.close();
    }
  });
});

describe('journal bus (postgres)', () => {
  it('opens its LISTEN connection again when it is lost, wakes every listener to re-read, and hears later commits', async () => {
    const shared = await openSharedDatabase('postgres');
    const writer = shared.open() as PostgresStore;
    const warnings: unknown[] = [];
    const bus = new PostgresJournalBus(writer.pool.options, (error) => warnings.push(error));
    try {
      const { id } = await writer.transact((tx) => seedTestMerchant(tx));
      const afterLoss = nextWake();
      await bus.listen(id, afterLoss.wake);
      const { rowCount } = await writer.pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN ${JOURNAL_CHANNEL}'`,
      );
      expect(rowCount).toBe(1);
      await afterLoss.woken;
      expect(warnings.length).toBeGreaterThan(0);

      const later = nextWake();
      await bus.listen(id, later.wake);
      await writer.transact((tx) => appendOne(tx, entry(id, 1)));
      await later.woken;
    } finally {
      await bus.close();
      await shared.close();
    }
  });
});
