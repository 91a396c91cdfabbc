import { describe, expect, it } from 'vitest';
import { openDatabase, WAL_SIZE_LIMIT_BYTES, type Database } from '../../../server/storage/database.js';
import { sqliteMigrations } from '../../../server/schema.js';
import { freshDatabaseEachTest, tempDbFile } from '../../helpers/temp-db.js';

let db: Database;
freshDatabaseEachTest((opened) => {
  db = opened.db;
  db.exec('CREATE TABLE t (x INTEGER)');
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
