/**
 * migratePostgres on the run's throwaway cluster: instances that start together on one empty
 * database migrate it once (the advisory lock), a second run applies nothing, and a failing
 * migration leaves nothing of itself behind and the lock free.
 */
import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresMigrations } from '../../../server/schema.js';
import { appliedPostgresVersions, migratePostgres, type PostgresMigration } from '../../../server/storage/postgres-migrations.js';
import { openPostgresPool } from '../../../server/storage/postgres.js';
import { createTestDatabase } from '../../helpers/pg-cluster.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An empty database and `count` pools on it, as `count` server instances would open them. */
async function emptyDatabase(count: number): Promise<pg.Pool[]> {
  const database = await createTestDatabase({ migrated: false });
  cleanups.push(database.drop);
  const pools = Array.from({ length: count }, () => openPostgresPool(database.url));
  cleanups.push(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
  });
  return pools;
}

const recorded = async (pool: pg.Pool) =>
  (await pool.query<{ version: number; name: string; applied_at: string }>('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')).rows;

describe('migratePostgres', () => {
  const versions = postgresMigrations.map((migration) => migration.version);

  it('migrates an empty database once when three instances start together', async () => {
    const pools = await emptyDatabase(3);
    const applied = await Promise.all(pools.map((pool) => migratePostgres(pool, postgresMigrations)));
    // Whoever took the lock first applied everything; the others found nothing left to do.
    expect(applied.flat().sort((a, b) => a - b)).toEqual(versions);
    expect(applied.filter((list) => list.length > 0)).toHaveLength(1);
    const rows = await recorded(pools[0]!);
    expect(rows.map((row) => row.version)).toEqual(versions);
    expect(rows.map((row) => row.name)).toEqual(postgresMigrations.map((migration) => migration.name));
    expect(rows.every((row) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(row.applied_at))).toBe(true);
  });

  it('applies nothing when run again', async () => {
    const [pool] = await emptyDatabase(1);
    await migratePostgres(pool!, postgresMigrations);
    const before = await recorded(pool!);
    expect(await migratePostgres(pool!, postgresMigrations)).toEqual([]);
    expect(await recorded(pool!)).toEqual(before);
  });

  it('applies a lower version added after a higher one (modules own version ranges)', async () => {
    const [pool] = await emptyDatabase(1);
    const make = (version: number): PostgresMigration => ({
      version,
      name: `m${version}`,
      up: async (db) => void (await db.query(`CREATE TABLE t${version} (x bigint)`)),
    });
    expect(await migratePostgres(pool!, [make(1), make(100)])).toEqual([1, 100]);
    expect(await migratePostgres(pool!, [make(1), make(2), make(100)])).toEqual([2]);
    expect(await appliedPostgresVersions(pool!)).toEqual([1, 2, 100]);
  });

  it('rolls a failing migration back entirely, keeps the ones before it, and frees the lock', async () => {
    const [first, second] = await emptyDatabase(2);
    const ok: PostgresMigration = { version: 1, name: 'ok', up: async (db) => void (await db.query('CREATE TABLE ok (x bigint)')) };
    const broken: PostgresMigration = {
      version: 2,
      name: 'broken',
      async up(db) {
        await db.query('CREATE TABLE half (x bigint)');
        throw new Error('boom');
      },
    };
    await expect(migratePostgres(first!, [ok, broken])).rejects.toThrow('boom');
    expect(await appliedPostgresVersions(first!)).toEqual([1]);
    expect((await first!.query("SELECT to_regclass('half') AS half")).rows).toEqual([{ half: null }]);
    // Another instance gets the lock and applies the fixed migration.
    const fixed: PostgresMigration = { ...broken, up: async (db) => void (await db.query('CREATE TABLE half (x bigint)')) };
    expect(await migratePostgres(second!, [ok, fixed])).toEqual([2]);
  });

  it('refuses a list out of order before touching the database', async () => {
    const [pool] = await emptyDatabase(1);
    const noop = async () => undefined;
    await expect(
      migratePostgres(pool!, [
        { version: 2, name: 'b', up: noop },
        { version: 1, name: 'a', up: noop },
      ]),
    ).rejects.toThrow('out of order');
    expect((await pool!.query("SELECT to_regclass('schema_migrations') AS t")).rows).toEqual([{ t: null }]);
  });
});
