import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { writeTransaction, type Database } from '../../../server/storage/database.js';
import { GroupCommit } from '../../../server/storage/group-commit.js';
import { freshDatabaseEachTest } from '../../helpers/temp-db.js';

let db: Database;
/** A second connection to the same file: it sees only what has committed. */
let other: Database;
freshDatabaseEachTest((opened) => {
  db = opened.db;
  db.exec('CREATE TABLE t (x INTEGER UNIQUE)');
  other = new BetterSqlite3(opened.file);
});
afterEach(() => {
  other.close();
});

const committed = () => (other.prepare('SELECT x FROM t ORDER BY x').pluck().all() as number[]);
const insert = (x: number) => db.prepare('INSERT INTO t (x) VALUES (?)').run(x);

describe('GroupCommit', () => {
  it('runs the writes asked for in one turn in one transaction, and settles them after its commit', async () => {
    const group = new GroupCommit(db);
    const seenByOther: number[][] = [];
    const results = Promise.all(
      [1, 2, 3].map((x) =>
        group.run(() => {
          insert(x);
          seenByOther.push(committed());
          return x * 10;
        }),
      ),
    );
    // Nothing has run yet: the group runs at the end of the turn.
    expect(committed()).toEqual([]);
    await expect(results).resolves.toEqual([10, 20, 30]);
    // While the group ran, none of its writes had committed: they shared one transaction.
    expect(seenByOther).toEqual([[], [], []]);
    expect(committed()).toEqual([1, 2, 3]);
    expect(db.inTransaction).toBe(false);
  });

  it('rolls back only the job that throws, and rejects only its promise', async () => {
    const group = new GroupCommit(db);
    const first = group.run(() => insert(1).changes);
    const duplicate = group.run(() => {
      insert(2);
      insert(1);
    });
    const third = group.run(() => insert(3).changes);
    await expect(duplicate).rejects.toThrow(/UNIQUE/);
    await expect(Promise.all([first, third])).resolves.toEqual([1, 1]);
    // The failed job's first insert (2) was undone with it.
    expect(committed()).toEqual([1, 3]);
  });

  it('lets a job use writeTransaction, which nests as a savepoint', async () => {
    const group = new GroupCommit(db);
    await group.run(() => {
      expect(() =>
        writeTransaction(db, () => {
          insert(7);
          throw new Error('inner');
        }),
      ).toThrow('inner');
      writeTransaction(db, () => insert(8));
    });
    expect(committed()).toEqual([8]);
  });

  it('rejects every job of the group when the transaction cannot be had, and commits nothing', async () => {
    db.pragma('busy_timeout = 0');
    other.prepare('BEGIN IMMEDIATE').run();
    const group = new GroupCommit(db);
    const jobs = [group.run(() => insert(1)), group.run(() => insert(2))];
    for (const job of jobs) await expect(job).rejects.toThrow(/locked|busy/i);
    other.prepare('ROLLBACK').run();
    expect(committed()).toEqual([]);
    expect(db.inTransaction).toBe(false);
    // The next group works again.
    await group.run(() => insert(3));
    expect(committed()).toEqual([3]);
  });

  it('flush() runs the queued jobs at once; a job queued by a job waits for the next group', async () => {
    const group = new GroupCommit(db);
    let inner: Promise<unknown> | undefined;
    const outer = group.run(() => {
      insert(1);
      inner = group.run(() => insert(2));
      // Flushing from inside a job does not start a second transaction inside this one.
      group.flush();
    });
    group.flush();
    expect(committed()).toEqual([1]);
    await outer;
    await inner;
    expect(committed()).toEqual([1, 2]);
  });
});
