import { describe, expect, it } from 'vitest';
import { openDatabase, WAL_SIZE_LIMIT_BYTES, writeTransaction, type Database } from '../../../server/storage/database.js';
import { sqliteMigrations } from '../../../server/schema.js';
import { freshDatabaseEachTest, tempDbFile } from '../../helpers/temp-db.js';

let db: Database;
freshDatabaseEachTest((opened) => {
  db = opened.db;
  db.exec('CREATE TABLE t (x INTEGER)');
});

const count = () => (db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
const insert = (x: number) => db.prepare('INSERT INTO t (x) VALUES (?)').run(x);

describe('writeTransaction', () => {
  it('commits what the work wrote and returns its result', () => {
    expect(writeTransaction(db, () => (insert(1), 'done'))).toBe('done');
    expect(count()).toBe(1);
    expect(db.inTransaction).toBe(false);
  });

  it('rolls everything back when the work throws', () => {
    expect(() =>
      writeTransaction(db, () => {
        insert(1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(count()).toBe(0);
    expect(db.inTransaction).toBe(false);
  });

  it('nests as a savepoint: an inner failure undoes only the inner work', () => {
    writeTransaction(db, () => {
      insert(1);
      expect(() =>
        writeTransaction(db, () => {
          insert(2);
          throw new Error('inner');
        }),
      ).toThrow('inner');
      writeTransaction(db, () => insert(3));
    });
    expect(db.prepare('SELECT x FROM t ORDER BY x').all()).toEqual([{ x: 1 }, { x: 3 }]);
  });

  it('an outer failure undoes the inner work that had been released', () => {
    expect(() =>
      writeTransaction(db, () => {
        writeTransaction(db, () => insert(1));
        throw new Error('outer');
      }),
    ).toThrow('outer');
    expect(count()).toBe(0);
  });
});

describe('openDatabase', () => {
  it('commits with synchronous NORMAL by default, FULL when asked, and cuts a restarted WAL back to the limit', () => {
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(WAL_SIZE_LIMIT_BYTES);
    const temp = tempDbFile();
    const full = openDatabase(temp.file, sqliteMigrations, { synchronous: 'FULL' });
    try {
      expect(full.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      full.close();
      temp.remove();
    }
  });
});
