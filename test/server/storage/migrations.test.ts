import { afterEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { sqliteMigrations } from '../../../server/schema.js';
import { appliedVersions, migrate, type SqliteMigration } from '../../../server/storage/migrations.js';
import { openDatabase } from '../../../server/storage/database.js';
import { tempDbFile } from '../../helpers/temp-db.js';

describe('migrate', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  it('applies pending migrations once, in order, and records the version', () => {
    const db = new BetterSqlite3(':memory:');
    const applied: number[] = [];
    const list: SqliteMigration[] = [1, 2, 5].map((version) => ({
      version,
      name: `m${version}`,
      up: (target) => {
        applied.push(version);
        target.exec(`CREATE TABLE t${version} (x INTEGER)`);
      },
    }));
    expect(migrate(db, list.slice(0, 2))).toEqual([1, 2]);
    expect(migrate(db, list)).toEqual([5]);
    expect(migrate(db, list)).toEqual([]);
    expect(applied).toEqual([1, 2, 5]);
    expect(appliedVersions(db)).toEqual([1, 2, 5]);
  });

  it('still applies a lower version added after a higher one (modules own version ranges)', () => {
    const db = new BetterSqlite3(':memory:');
    const make = (version: number): SqliteMigration => ({
      version,
      name: `m${version}`,
      up: (target) => target.exec(`CREATE TABLE t${version} (x INTEGER)`),
    });
    migrate(db, [make(1), make(100)]);
    expect(migrate(db, [make(1), make(2), make(100)])).toEqual([2]);
    expect(appliedVersions(db)).toEqual([1, 2, 100]);
  });

  it('rolls a failing migration back entirely and keeps the previous version', () => {
    const db = new BetterSqlite3(':memory:');
    const broken: SqliteMigration = {
      version: 2,
      name: 'broken',
      up: (target) => {
        target.exec('CREATE TABLE half (x INTEGER)');
        throw new Error('boom');
      },
    };
    const ok: SqliteMigration = { version: 1, name: 'ok', up: (target) => target.exec('CREATE TABLE ok (x INTEGER)') };
    expect(() => migrate(db, [ok, broken])).toThrow('boom');
    expect(appliedVersions(db)).toEqual([1]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
  });

  it('refuses a list that is out of order', () => {
    const db = new BetterSqlite3(':memory:');
    const noop = () => undefined;
    expect(() =>
      migrate(db, [
        { version: 2, name: 'b', up: noop },
        { version: 1, name: 'a', up: noop },
      ]),
    ).toThrow('out of order');
  });

  it('migration 5 keeps every transition in order, numbers new ones without sqlite_sequence, and drops the gateway transaction index', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, sqliteMigrations.filter((migration) => migration.version !== 5));
    // Transitions alone: the payments they belong to do not matter to this migration.
    db.pragma('foreign_keys = OFF');
    const insert = db.prepare('INSERT INTO payment_transitions (payment_id, from_state, to_state, event, at) VALUES (?, ?, ?, ?, ?)');
    insert.run('pay_a', 'created', 'selected', 'select', 1);
    insert.run('pay_b', 'created', 'selected', 'select', 2);
    insert.run('pay_a', 'selected', 'authorizing', 'confirm', 3);
    const before = db.prepare('SELECT * FROM payment_transitions ORDER BY seq').all();
    expect(db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'payment_transitions'").pluck().get()).toBe(3);

    expect(migrate(db, sqliteMigrations)).toEqual([5]);
    expect(db.prepare('SELECT * FROM payment_transitions ORDER BY seq').all()).toEqual(before);
    insert.run('pay_a', 'authorizing', 'succeeded', 'succeed', 4);
    expect(db.prepare("SELECT seq FROM payment_transitions WHERE payment_id = 'pay_a' ORDER BY seq").pluck().all()).toEqual([1, 3, 4]);
    expect(db.prepare("SELECT count(*) FROM sqlite_sequence WHERE name = 'payment_transitions'").pluck().get()).toBe(0);
    const indexes = db.prepare("SELECT name FROM pragma_index_list('payments')").pluck().all();
    expect(indexes).not.toContain('payments_gateway_transaction');
    expect(db.prepare("SELECT name FROM pragma_index_list('payment_transitions')").pluck().all()).toEqual(['payment_transitions_by_payment']);
  });

  it('opens a file with WAL and foreign keys on, and no column that could hold card data', () => {
    const temp = tempDbFile();
    cleanups.push(temp.remove);
    const db = openDatabase(temp.file, sqliteMigrations);
    cleanups.unshift(() => db.close());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(appliedVersions(db)).toEqual(sqliteMigrations.map((m) => m.version));
    const columns = db
      .prepare("SELECT p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'")
      .all() as Array<{ name: string }>;
    const forbidden = columns.filter(({ name }) => /(^|_)(pan|card_number|cvc|cvv|pin|otp|password)($|_)/.test(name));
    expect(forbidden).toEqual([]);
    // Money is TEXT, never REAL.
    const amountTypes = db.prepare("SELECT type FROM pragma_table_info('payments') WHERE name IN ('amount', 'late_fee')").all();
    expect(amountTypes).toEqual([{ type: 'TEXT' }, { type: 'TEXT' }]);
  });
});
