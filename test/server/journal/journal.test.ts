import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ManualClock, MerchantClocks } from '../../../server/clock.js';
import { Journal, JOURNAL_ENTRY_TYPES, type JournalEntryType, type JournalOptions, type NewJournalEntry } from '../../../server/journal/journal.js';
import type { Store } from '../../../server/storage/port.js';
import { describeEachStore, seedTestMerchant } from '../storage/contract/stores.js';

/** Polls (never sleeps then asserts): resolves once `check` passes. */
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 10 });

describeEachStore('Journal', ({ store, engine }) => {
  /** A journal over the engine's store, two merchants of its own ("b" runs an hour ahead of "a"), and a clock at 06:42. */
  async function setUp(options: JournalOptions = {}) {
    const clock = new ManualClock('2026-11-22T06:42:00.000Z');
    const journal = new Journal(store(), new MerchantClocks(clock), options);
    const [a, b] = await store().transact(async (tx) => {
      const merchants = [(await seedTestMerchant(tx)).id, (await seedTestMerchant(tx)).id];
      await tx.clocks.setOffsetMs(merchants[1]!, 3_600_000);
      return merchants as [string, string];
    });
    const record = (entry: NewJournalEntry) => store().transact((tx) => journal.record(tx, entry));
    /** The data.n of the merchant's stored entries, in id order. */
    const stored = async (merchantId: string) =>
      (await store().read((tx) => tx.journal.list(merchantId, { limit: 1000 }))).map((entry) => entry.data.n);
    return { clock, journal, a, b, record, stored };
  }

  it('lists one merchant’s entries oldest first, stamped with that merchant’s clock', async () => {
    const { clock, journal, a, b, record } = await setUp();
    await record({ merchantId: a, type: 'request', data: { path: '/one' } });
    await record({ merchantId: b, type: 'request', data: { path: '/other' } });
    clock.advance(1000);
    await record({ merchantId: a, type: 'state_change', paymentId: 'pay_1', data: { from: 'x', to: 'y' } });

    const entries = await journal.list(a, { limit: 10 });
    expect(entries.map((entry) => entry.data)).toEqual([{ path: '/one' }, { from: 'x', to: 'y' }]);
    expect(entries.map((entry) => entry.at)).toEqual(['2026-11-22T06:42:00.000Z', '2026-11-22T06:42:01.000Z']);
    expect(entries[1]).toMatchObject({ type: 'state_change', paymentId: 'pay_1' });
    expect((await journal.list(b, { limit: 10 }))[0]?.at).toBe('2026-11-22T07:42:00.000Z');
  });

  it('filters by payment and by types, and pages forward from a cursor or back from the newest', async () => {
    const { journal, a, record } = await setUp();
    for (let index = 0; index < 6; index += 1) {
      const type: JournalEntryType = index % 2 === 0 ? 'request' : 'fault';
      await record({ merchantId: a, type, paymentId: index < 3 ? 'pay_1' : 'pay_2', data: { index } });
    }
    const indexes = (entries: Array<{ data: Record<string, unknown> }>) => entries.map((entry) => entry.data.index);
    expect(indexes(await journal.list(a, { paymentId: 'pay_2', limit: 10 }))).toEqual([3, 4, 5]);
    expect(indexes(await journal.list(a, { types: ['fault'], limit: 10 }))).toEqual([1, 3, 5]);
    expect(indexes(await journal.list(a, { types: ['fault', 'request'], limit: 10 }))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(indexes(await journal.list(a, { limit: 2 }))).toEqual([4, 5]);
    const [first] = await journal.list(a, { limit: 10 });
    expect(indexes(await journal.list(a, { afterId: first?.id, limit: 2 }))).toEqual([1, 2]);
  });

  it('keeps only the newest entries of each merchant, never touching another merchant’s', async () => {
    const { journal, a, b, record } = await setUp({ maxEntriesPerMerchant: 50 });
    await record({ merchantId: b, type: 'request', data: { index: -1 } });
    for (let index = 0; index < 200; index += 1) await record({ merchantId: a, type: 'request', data: { index } });
    const kept = await journal.list(a, { limit: 1000 });
    // Pruned every few writes: bounded by max + one prune period, and always the newest ones.
    expect(kept.length).toBeGreaterThanOrEqual(50);
    expect(kept.length).toBeLessThanOrEqual(55);
    expect(kept.at(-1)?.data.index).toBe(199);
    expect(kept.map((entry) => entry.data.index)).toEqual(kept.map((_, position) => 200 - kept.length + position));
    expect(await journal.list(b, { limit: 10 })).toHaveLength(1);
  });

  it('never reuses an id, even after the newest entries are cleared', async () => {
    const { journal, a, record } = await setUp();
    const clear = () => store().transact((tx) => journal.clear(tx, a));
    await record({ merchantId: a, type: 'request', data: {} });
    const before = await journal.lastId(a);
    expect(before).toBeGreaterThan(0);
    expect(await clear()).toBe(1);
    expect(await journal.list(a, { limit: 10 })).toEqual([]);
    expect(await journal.lastId(a)).toBe(before);
    await record({ merchantId: a, type: 'request', data: {} });
    expect((await journal.list(a, { limit: 10 })).map((entry) => entry.id)).toEqual([before + 1]);
    expect(await clear()).toBe(1);
    expect(await clear()).toBe(0);
    await record({ merchantId: a, type: 'request', data: {} });
    expect(await journal.lastId(a)).toBe(before + 2);
  });

  it('lastId and list see the entries recorded soon before them (a stream opened after a request starts after its entry)', async () => {
    const { journal, a, record } = await setUp();
    await record({ merchantId: a, type: 'request', data: { n: 1 } });
    const before = await journal.lastId(a);
    journal.recordSoon({ merchantId: a, type: 'request', data: { n: 2 } });
    expect(await journal.lastId(a)).toBe(before + 1);
    journal.recordSoon({ merchantId: a, type: 'request', data: { n: 3 } });
    expect((await journal.list(a, { afterId: before, limit: 10 })).map((entry) => entry.data.n)).toEqual([2, 3]);
  });

  it('forget deletes the merchant’s entries in the unit, and entries recorded soon for it afterwards are dropped', async () => {
    const { journal, a, b, record, stored } = await setUp();
    await record({ merchantId: a, type: 'request', data: { n: 1 } });
    await store().transact(async (tx) => {
      await journal.forget(tx, a);
      await tx.merchants.delete(a);
    });
    expect(await stored(a)).toEqual([]);
    expect(await journal.lastId(a)).toBe(0);
    // The request that deleted its own merchant is journaled after its answer: nothing is written for it.
    journal.recordSoon({ merchantId: a, type: 'request', data: { n: 2 } });
    journal.recordSoon({ merchantId: b, type: 'request', data: { n: 3 } });
    await journal.flush();
    expect(await stored(a)).toEqual([]);
    expect(await stored(b)).toEqual([3]);
  });

  it('tells subscribers after the writing unit commits, and only about what committed', async () => {
    const { journal, a, record } = await setUp();
    const seen: number[] = [];
    let after = 0;
    let reads = Promise.resolve();
    let calls = 0;
    await journal.subscribe(a, () => {
      calls += 1;
      // One read at a time, from the cursor: what a live stream does.
      reads = reads.then(async () => {
        const entries = await journal.list(a, { afterId: after, limit: 100 });
        seen.push(...entries.map((entry) => entry.data.n as number));
        after = entries.at(-1)?.id ?? after;
      });
    });
    let calledInside = false;
    await store().transact(async (tx) => {
      await journal.record(tx, { merchantId: a, type: 'state_change', data: { n: 1 } });
      await journal.record(tx, { merchantId: a, type: 'state_change', data: { n: 2 } });
      calledInside = calls > 0;
    });
    await expect(
      store().transact(async (tx) => {
        await journal.record(tx, { merchantId: a, type: 'state_change', data: { n: 3 } });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // A later commit proves the rolled-back entry would have been seen by now.
    await record({ merchantId: a, type: 'state_change', data: { n: 4 } });
    await until(() => expect(seen).toContain(4));
    expect(calledInside).toBe(false);
    expect(seen).toEqual([1, 2, 4]);
  });

  it('recordSoon writes entries in the order recorded, one unit at a time, a unit taking all recorded while the one before wrote', async () => {
    const { clock, a, stored } = await setUp();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let units = 0;
    const gated: Store = {
      ...store(),
      engine,
      journalBus: store().journalBus,
      transact: async (work) => {
        units += 1;
        if (units === 1) await held;
        return store().transact(work);
      },
    };
    const journal = new Journal(gated, new MerchantClocks(clock));
    journal.recordSoon({ merchantId: a, type: 'request', data: { n: 1 } });
    await new Promise(setImmediate);
    for (let n = 2; n <= 20; n += 1) {
      journal.recordSoon({ merchantId: a, type: 'request', data: { n } });
      if (n % 5 === 0) await new Promise(setImmediate);
    }
    release();
    await journal.flush();
    expect(await stored(a)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(units).toBe(2);
  });

  it('keeps the order of entries recorded over many turns while earlier ones are still being written, on either engine', async () => {
    const { journal, a, b, stored } = await setUp();
    for (let n = 1; n <= 90; n += 1) {
      journal.recordSoon({ merchantId: n % 3 === 0 ? b : a, type: 'request', data: { n } });
      if (n % 2 === 0) await new Promise(setImmediate);
    }
    await journal.flush();
    const numbers = Array.from({ length: 90 }, (_, index) => index + 1);
    expect(await stored(a)).toEqual(numbers.filter((n) => n % 3 !== 0));
    expect(await stored(b)).toEqual(numbers.filter((n) => n % 3 === 0));
  });

  it('list sees every entry recorded before it: the units recorded soon are waited for', async () => {
    const { journal, a } = await setUp();
    journal.recordSoon({ merchantId: a, type: 'request', data: { n: 1 } });
    expect((await journal.list(a, { limit: 10 })).map((entry) => entry.data.n)).toEqual([1]);
  });

  it('reports entries recorded soon that it cannot write instead of throwing', async () => {
    const errors: unknown[] = [];
    const closed: Store = { ...store(), engine, journalBus: store().journalBus, transact: () => Promise.reject(new Error('store closed')) };
    const journal = new Journal(closed, new MerchantClocks(new ManualClock()), { onError: (error) => errors.push(error) });
    journal.recordSoon({ merchantId: 'any', type: 'request', data: {} });
    await journal.flush();
    expect(errors).toEqual([new Error('store closed')]);
  });

  it('an entry that cannot be written is reported alone: the others of its turn are written', async () => {
    const errors: unknown[] = [];
    const { journal, a } = await setUp({ onError: (error) => errors.push(error) });
    journal.recordSoon({ merchantId: a, type: 'request', data: { n: 1 } });
    // A type the table's CHECK refuses: the batch's unit rolls back, and each entry is written alone.
    journal.recordSoon({ merchantId: a, type: 'bogus' as JournalEntryType, data: { n: 2 } });
    journal.recordSoon({ merchantId: a, type: 'request', data: { n: 3 } });
    await journal.flush();
    expect(errors).toHaveLength(1);
    expect((await journal.list(a, { limit: 10 })).map((entry) => entry.data.n)).toEqual([1, 3]);
  });

  it('stops telling a subscriber that unsubscribed, and survives one that throws', async () => {
    const errors: unknown[] = [];
    const { journal, a, record } = await setUp({ onError: (error) => errors.push(error) });
    let calls = 0;
    let witnessCalls = 0;
    const unsubscribe = await journal.subscribe(a, () => {
      calls += 1;
    });
    await journal.subscribe(a, () => {
      throw new Error('listener bug');
    });
    await journal.subscribe(a, () => {
      witnessCalls += 1;
    });
    await record({ merchantId: a, type: 'request', data: {} });
    await until(() => expect([calls, witnessCalls, errors.length]).toEqual([1, 1, 1]));
    unsubscribe();
    await record({ merchantId: a, type: 'request', data: {} });
    // The witness still listening is told of the second entry: the one that unsubscribed would have been by now.
    await until(() => expect([witnessCalls, errors.length]).toEqual([2, 2]));
    expect(calls).toBe(1);
  });

  it('round-trips any JSON data and filter combination (property)', async () => {
    const { journal, a, b, record } = await setUp();
    const entry = fc.record({
      merchantId: fc.constantFrom(a, b),
      type: fc.constantFrom(...JOURNAL_ENTRY_TYPES),
      paymentId: fc.option(fc.constantFrom('pay_1', 'pay_2'), { nil: null }),
      data: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 20 }), fc.constantFrom('pay_1', 'pay_2'), async (entries, paymentId) => {
        await store().transact(async (tx) => {
          await journal.clear(tx, a);
          await journal.clear(tx, b);
        });
        for (const item of entries) await record(item);
        const expected = entries.filter((item) => item.merchantId === a && item.paymentId === paymentId);
        const listed = await journal.list(a, { paymentId, limit: 100 });
        expect(listed.map(({ type, paymentId: id, data }) => ({ type, paymentId: id, data }))).toEqual(
          expected.map(({ type, paymentId: id, data }) => ({ type, paymentId: id, data: JSON.parse(JSON.stringify(data)) })),
        );
      }),
      { numRuns: engine === 'sqlite' ? 50 : 25 },
    );
  });
});
