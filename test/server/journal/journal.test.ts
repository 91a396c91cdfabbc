import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../server/clock.js';
import { Journal, JOURNAL_ENTRY_TYPES, type JournalEntryType } from '../../../server/journal/journal.js';
import { openDatabase, writeTransaction, type Database } from '../../../server/storage/database.js';
import { sqliteMigrations } from '../../../server/schema.js';
import { tempDbFile } from '../../helpers/temp-db.js';

let temp: ReturnType<typeof tempDbFile>;
let db: Database;
let clock: ManualClock;
/** Merchant "b" runs an hour ahead of "a". */
const clocks = { merchantNow: (id: string) => new Date(clock.now().getTime() + (id === 'b' ? 3_600_000 : 0)) };

beforeEach(() => {
  temp = tempDbFile();
  db = openDatabase(temp.file, sqliteMigrations);
  clock = new ManualClock('2026-11-22T06:42:00.000Z');
});
afterEach(() => {
  db.close();
  temp.remove();
});

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('Journal', () => {
  it('lists one merchant’s entries oldest first, stamped with that merchant’s clock', () => {
    const journal = new Journal(db, clocks);
    journal.record({ merchantId: 'a', type: 'request', data: { path: '/one' } });
    journal.record({ merchantId: 'b', type: 'request', data: { path: '/other' } });
    clock.advance(1000);
    journal.record({ merchantId: 'a', type: 'state_change', paymentId: 'pay_1', data: { from: 'x', to: 'y' } });

    const entries = journal.list('a', { limit: 10 });
    expect(entries.map((entry) => entry.data)).toEqual([{ path: '/one' }, { from: 'x', to: 'y' }]);
    expect(entries.map((entry) => entry.at)).toEqual(['2026-11-22T06:42:00.000Z', '2026-11-22T06:42:01.000Z']);
    expect(entries[1]).toMatchObject({ type: 'state_change', paymentId: 'pay_1' });
    expect(journal.list('b', { limit: 10 })[0]?.at).toBe('2026-11-22T07:42:00.000Z');
  });

  it('filters by payment and by types, and pages forward from a cursor or back from the newest', () => {
    const journal = new Journal(db, clocks);
    for (let index = 0; index < 6; index += 1) {
      const type: JournalEntryType = index % 2 === 0 ? 'request' : 'fault';
      journal.record({ merchantId: 'a', type, paymentId: index < 3 ? 'pay_1' : 'pay_2', data: { index } });
    }
    const indexes = (entries: Array<{ data: Record<string, unknown> }>) => entries.map((entry) => entry.data.index);
    expect(indexes(journal.list('a', { paymentId: 'pay_2', limit: 10 }))).toEqual([3, 4, 5]);
    expect(indexes(journal.list('a', { types: ['fault'], limit: 10 }))).toEqual([1, 3, 5]);
    expect(indexes(journal.list('a', { types: ['fault', 'request'], limit: 10 }))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(indexes(journal.list('a', { limit: 2 }))).toEqual([4, 5]);
    const [first] = journal.list('a', { limit: 10 });
    expect(indexes(journal.list('a', { afterId: first?.id, limit: 2 }))).toEqual([1, 2]);
  });

  it('keeps only the newest entries of each merchant, never touching another merchant’s', () => {
    const journal = new Journal(db, clocks, { maxEntriesPerMerchant: 50 });
    journal.record({ merchantId: 'b', type: 'request', data: { index: -1 } });
    for (let index = 0; index < 200; index += 1) journal.record({ merchantId: 'a', type: 'request', data: { index } });
    const kept = journal.list('a', { limit: 1000 });
    // Pruned every few writes: bounded by max + one prune period, and always the newest ones.
    expect(kept.length).toBeGreaterThanOrEqual(50);
    expect(kept.length).toBeLessThanOrEqual(55);
    expect(kept.at(-1)?.data.index).toBe(199);
    expect(kept.map((entry) => entry.data.index)).toEqual(kept.map((_, position) => 200 - kept.length + position));
    expect(journal.list('b', { limit: 10 })).toHaveLength(1);
  });

  it('never reuses an id, even after the newest entries are cleared', () => {
    const journal = new Journal(db, clocks);
    journal.record({ merchantId: 'a', type: 'request', data: {} });
    const before = journal.lastId('a');
    expect(before).toBeGreaterThan(0);
    expect(journal.clear('a')).toBe(1);
    expect(journal.list('a', { limit: 10 })).toEqual([]);
    expect(journal.lastId('a')).toBe(before);
    journal.record({ merchantId: 'a', type: 'request', data: {} });
    expect(journal.list('a', { limit: 10 }).map((entry) => entry.id)).toEqual([before + 1]);
    expect(journal.clear('a')).toBe(1);
    expect(journal.clear('a')).toBe(0);
    journal.record({ merchantId: 'a', type: 'request', data: {} });
    expect(journal.lastId('a')).toBe(before + 2);
  });

  it('tells subscribers after the writing transaction, and only about what committed', async () => {
    const journal = new Journal(db, clocks);
    const seen: number[][] = [];
    let after = 0;
    journal.subscribe('a', () => {
      const entries = journal.list('a', { afterId: after, limit: 100 });
      seen.push(entries.map((entry) => entry.data.n as number));
      after = entries.at(-1)?.id ?? after;
    });
    let calledInside = false;
    writeTransaction(db, () => {
      journal.record({ merchantId: 'a', type: 'state_change', data: { n: 1 } });
      journal.record({ merchantId: 'a', type: 'state_change', data: { n: 2 } });
      calledInside = seen.length > 0;
    });
    expect(() =>
      writeTransaction(db, () => {
        journal.record({ merchantId: 'a', type: 'state_change', data: { n: 3 } });
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    await nextTurn();
    expect(calledInside).toBe(false);
    expect(seen).toEqual([[1, 2]]);
  });

  it('recordSoon gathers entries and writes them on the next turn, in order, or at flush()', async () => {
    const journal = new Journal(db, clocks);
    const stored = () => db.prepare("SELECT json_extract(data, '$.n') FROM journal_entries ORDER BY id").pluck().all();
    journal.recordSoon({ merchantId: 'a', type: 'request', data: { n: 1 } });
    journal.record({ merchantId: 'a', type: 'state_change', data: { n: 2 } });
    journal.recordSoon({ merchantId: 'a', type: 'request', data: { n: 3 } });
    expect(stored()).toEqual([2]);
    await nextTurn();
    expect(stored()).toEqual([2, 1, 3]);
    journal.recordSoon({ merchantId: 'a', type: 'request', data: { n: 4 } });
    journal.flush();
    expect(stored()).toEqual([2, 1, 3, 4]);
  });

  it('list sees every entry recorded before it: queued ones are written first', () => {
    const journal = new Journal(db, clocks);
    journal.recordSoon({ merchantId: 'a', type: 'request', data: { n: 1 } });
    expect(journal.list('a', { limit: 10 }).map((entry) => entry.data.n)).toEqual([1]);
  });

  it('reports queued entries it cannot write instead of throwing', async () => {
    const errors: unknown[] = [];
    const journal = new Journal(db, clocks, { onError: (error) => errors.push(error) });
    journal.recordSoon({ merchantId: 'a', type: 'request', data: {} });
    db.close();
    await nextTurn();
    expect(errors).toHaveLength(1);
    db = openDatabase(temp.file, sqliteMigrations);
  });

  it('an entry that cannot be written is reported alone: the others of its turn are written', async () => {
    const errors: unknown[] = [];
    const journal = new Journal(db, clocks, { onError: (error) => errors.push(error) });
    journal.recordSoon({ merchantId: 'a', type: 'request', data: { n: 1 } });
    // A type the table's CHECK refuses: only this entry's job rolls back.
    journal.recordSoon({ merchantId: 'a', type: 'bogus' as JournalEntryType, data: { n: 2 } });
    journal.recordSoon({ merchantId: 'a', type: 'request', data: { n: 3 } });
    await nextTurn();
    expect(errors).toHaveLength(1);
    expect(journal.list('a', { limit: 10 }).map((entry) => entry.data.n)).toEqual([1, 3]);
  });

  it('stops telling a subscriber that unsubscribed, and survives one that throws', async () => {
    const errors: unknown[] = [];
    const journal = new Journal(db, clocks, { onError: (error) => errors.push(error) });
    let calls = 0;
    const unsubscribe = journal.subscribe('a', () => {
      calls += 1;
    });
    journal.subscribe('a', () => {
      throw new Error('listener bug');
    });
    journal.record({ merchantId: 'a', type: 'request', data: {} });
    await nextTurn();
    unsubscribe();
    journal.record({ merchantId: 'a', type: 'request', data: {} });
    await nextTurn();
    expect(calls).toBe(1);
    expect(errors).toHaveLength(2);
  });

  it('round-trips any JSON data and filter combination (property)', () => {
    const journal = new Journal(db, clocks);
    const entry = fc.record({
      merchantId: fc.constantFrom('a', 'b'),
      type: fc.constantFrom(...JOURNAL_ENTRY_TYPES),
      paymentId: fc.option(fc.constantFrom('pay_1', 'pay_2'), { nil: null }),
      data: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), fc.constantFrom('pay_1', 'pay_2'), (entries, paymentId) => {
        journal.clear('a');
        journal.clear('b');
        for (const item of entries) journal.record(item);
        const expected = entries.filter((item) => item.merchantId === 'a' && item.paymentId === paymentId);
        const listed = journal.list('a', { paymentId, limit: 100 });
        expect(listed.map(({ type, paymentId: id, data }) => ({ type, paymentId: id, data }))).toEqual(
          expected.map(({ type, paymentId: id, data }) => ({ type, paymentId: id, data: JSON.parse(JSON.stringify(data)) })),
        );
      }),
      { numRuns: 50 },
    );
  });
});
