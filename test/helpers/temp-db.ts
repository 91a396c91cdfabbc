import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { sqliteMigrations } from '../../server/schema.js';
import { openDatabase, type Database } from '../../server/storage/database.js';

/** A path for a fresh SQLite file in its own temp folder, and a way to remove the folder. */
export function tempDbFile(prefix = 'billpay-test-'): { file: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { file: path.join(dir, 'billpay.sqlite'), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Before each test: a fresh, migrated database file in its own temp folder, handed to `use`.
 * After each: closed (unless the test closed it) and removed.
 */
export function freshDatabaseEachTest(use: (opened: { db: Database; file: string }) => void): void {
  let opened: { db: Database; remove(): void } | undefined;
  beforeEach(() => {
    const temp = tempDbFile();
    const db = openDatabase(temp.file, sqliteMigrations);
    opened = { db, remove: temp.remove };
    use({ db, file: temp.file });
  });
  afterEach(() => {
    if (opened?.db.open) opened.db.close();
    opened?.remove();
  });
}
