import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from '../../../server/storage/migrations.js';
import { webhookMigrations } from '../../../server/webhooks/migrations.js';

/** A fresh SQLite file per test with only the webhook tables, opened as the server opens its own. */
export function createOutboxFile(): { file: string; open(): Database; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'billpay-webhooks-'));
  const file = path.join(dir, 'outbox.sqlite');
  return {
    file,
    open() {
      const db = new BetterSqlite3(file);
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db, webhookMigrations.sqlite);
      return db;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
