/**
 * The PostgreSQL schema beside the SQLite one, on the run's throwaway cluster (test/helpers/pg-cluster.ts):
 * migratePostgres builds an empty database, and its tables, columns and indexes are the SQLite
 * schema's, so a SQLite column or index added without its PostgreSQL twin fails here. Then the
 * constraints the PostgreSQL adapter will lean on under concurrency (research: multi-instance.md)
 * refuse what they must, with the constraint's name in the error.
 */
import BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresMigrations, sqliteMigrations } from '../../../server/schema.js';
import { migrate } from '../../../server/storage/migrations.js';
import { appliedPostgresVersions, migratePostgres } from '../../../server/storage/postgres-migrations.js';
import { openPostgresPool } from '../../../server/storage/postgres.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg-cluster.js';

/** `table.column type [not null]`, the engine's type named as the other engine's equivalent. */
type Column = string;
/** `table UNIQUE? (columns) PARTIAL?` */
type Index = string;

/** SQLite's INTEGER is bigint on PostgreSQL (epoch ms outgrow int4), TEXT is text. */
const POSTGRES_TYPE: Record<string, string> = { INTEGER: 'bigint', TEXT: 'text' };

function sqliteSchema(): { columns: Column[]; indexes: Index[]; named: string[] } {
  const db = new BetterSqlite3(':memory:');
  migrate(db, sqliteMigrations);
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  const columns: Column[] = [];
  const indexes: Index[] = [];
  for (const table of tables) {
    const info = db.prepare('SELECT name, type, "notnull", pk FROM pragma_table_info(?)').all(table) as Array<{
      name: string;
      type: string;
      notnull: number;
      pk: number;
    }>;
    // A primary key is never NULL on either engine, whatever SQLite's table_info says of rowid tables.
    for (const column of info) columns.push(describeColumn(table, column.name, POSTGRES_TYPE[column.type] ?? column.type, column.notnull === 1 || column.pk > 0));
    const list = db.prepare('SELECT name, "unique", partial, origin FROM pragma_index_list(?)').all(table) as Array<{
      name: string;
      unique: number;
      partial: number;
      origin: string;
    }>;
    for (const index of list) {
      const keys = db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(index.name) as string[];
      indexes.push(describeIndex(table, index.unique === 1, keys, index.partial === 1));
    }
    // An INTEGER PRIMARY KEY is the rowid, with no index of its own; PostgreSQL has one.
    const primary = info.filter((column) => column.pk > 0);
    if (!list.some((index) => index.origin === 'pk') && primary.length > 0) {
      indexes.push(describeIndex(table, true, primary.map((column) => column.name), false));
    }
  }
  const named = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").pluck().all() as string[];
  db.close();
  return { columns: columns.sort(), indexes: indexes.sort(), named: named.sort() };
}

async function postgresSchema(pool: pg.Pool): Promise<{ columns: Column[]; indexes: Index[]; names: string[] }> {
  const columns = await pool.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
    "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public'",
  );
  const indexes = await pool.query<{ table: string; name: string; unique: boolean; partial: boolean; keys: string[] }>(`
    SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, x.indpred IS NOT NULL AS partial,
           ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_series(1, x.indnatts) AS k ORDER BY k) AS keys
      FROM pg_index x
      JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public'`);
  return {
    columns: columns.rows.map((c) => describeColumn(c.table_name, c.column_name, c.data_type, c.is_nullable === 'NO')).sort(),
    indexes: indexes.rows.map((i) => describeIndex(i.table, i.unique, i.keys, i.partial)).sort(),
    names: indexes.rows.map((i) => i.name),
  };
}

const describeColumn = (table: string, column: string, type: string, notNull: boolean): Column =>
  `${table}.${column} ${type}${notNull ? ' not null' : ''}`;
const describeIndex = (table: string, unique: boolean, keys: string[], partial: boolean): Index =>
  `${table}${unique ? ' UNIQUE' : ''} (${keys.join(', ')})${partial ? ' PARTIAL' : ''}`;

let database: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase({ migrated: false });
  pool = openPostgresPool(database.url);
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe('the PostgreSQL schema', () => {
  it('has the SQLite migrations’ versions and names, and migratePostgres applies them all to an empty database', async () => {
    const versionsAndNames = (list: ReadonlyArray<{ version: number; name: string }>) => list.map(({ version, name }) => `${version} ${name}`);
    expect(versionsAndNames(postgresMigrations)).toEqual(versionsAndNames(sqliteMigrations));
    const versions = postgresMigrations.map((migration) => migration.version);
    expect(await migratePostgres(pool, postgresMigrations)).toEqual(versions);
    expect(await appliedPostgresVersions(pool)).toEqual(versions);
  });

  it('has the tables and columns of the SQLite schema, with the same types and NOT NULLs', async () => {
    const sqlite = sqliteSchema();
    const postgres = await postgresSchema(pool);
    expect(postgres.columns).toEqual(sqlite.columns);
    // Spot checks of the rules: money is text, epoch ms are bigint, a webhook's body is text.
    expect(postgres.columns).toEqual(
      expect.arrayContaining(['payments.amount text not null', 'payments.created_at bigint not null', 'webhook_events.body text not null']),
    );
  });

  it('has the indexes of the SQLite schema (keys, uniqueness, partial), the named ones under the same names', async () => {
    const sqlite = sqliteSchema();
    const postgres = await postgresSchema(pool);
    expect(postgres.indexes).toEqual(sqlite.indexes);
    expect(postgres.names).toEqual(expect.arrayContaining(sqlite.named));
  });

  it('is what every test database is cloned from (createTestDatabase: the template, migrated by migratePostgres)', async () => {
    const clone = await createTestDatabase();
    const clonePool = openPostgresPool(clone.url);
    try {
      expect(await appliedPostgresVersions(clonePool)).toEqual(postgresMigrations.map((migration) => migration.version));
      expect((await postgresSchema(clonePool)).columns).toEqual((await postgresSchema(pool)).columns);
    } finally {
      await clonePool.end();
      await clone.drop();
    }
  });
});

describe('the constraints PostgreSQL races are settled by', () => {
  const NOW_MS = 1_764_900_000_000;
  let serial = 0;

  beforeAll(async () => {
    await pool.query(
      `INSERT INTO merchants (id, name, short_name, secret_key_sha256, bill_layout, created_at)
       VALUES ('desco', 'DESCO', 'DESCO', 'sha-desco', 'desco', $1)`,
      [NOW_MS],
    );
  });

  const insertPayment = (values: { reference?: string; billKey?: string; status?: string; trackingNumber?: string } = {}) => {
    serial += 1;
    return pool.query(
      `INSERT INTO payments (id, merchant_id, reference, purpose, status, bill_key, tracking_number, amount, late_fee,
                             client_secret_sha256, base_url, created_at, updated_at)
       VALUES ($1, 'desco', $2, 'postpaid_bill', $3, $4, $5, '11.00', '0.00', 'sha', 'http://127.0.0.1', $6, $6)`,
      [`pay_${serial}`, values.reference ?? `ref_${serial}`, values.status ?? 'awaiting_method', values.billKey ?? null, values.trackingNumber ?? null, NOW_MS],
    );
  };

  /** The insert fails with a unique violation (23505) of `constraint`. */
  const refusedBy = async (insert: Promise<unknown>, constraint: string) =>
    expect(insert).rejects.toMatchObject({ code: '23505', constraint });

  it('one payment per (merchant, reference)', async () => {
    await insertPayment({ reference: 'bill-1' });
    await refusedBy(insertPayment({ reference: 'bill-1' }), 'payments_merchant_reference');
  });

  it('one live payment per bill; a failed, cancelled or expired one does not count', async () => {
    await insertPayment({ billKey: '062212345678', status: 'expired' });
    await insertPayment({ billKey: '062212345678', status: 'awaiting_method' });
    await refusedBy(insertPayment({ billKey: '062212345678', status: 'succeeded' }), 'payments_one_live_per_bill');
  });

  it('unique tracking numbers, once issued (many payments have none)', async () => {
    await insertPayment();
    await insertPayment();
    await insertPayment({ trackingNumber: '4901251205123456000' });
    await refusedBy(insertPayment({ trackingNumber: '4901251205123456000' }), 'payments_tracking_number');
  });

  it('one idempotency key per merchant', async () => {
    const insertKey = () =>
      pool.query(
        `INSERT INTO idempotency_keys (merchant_id, key, request_sha256, response_status, response_body, created_at)
         VALUES ('desco', 'key-1', 'sha', 201, '{}', $1)`,
        [NOW_MS],
      );
    await insertKey();
    await refusedBy(insertKey(), 'idempotency_keys_pkey');
  });

  it('gives epoch ms back as numbers and a webhook body byte for byte', async () => {
    const body = '{"type":"payment.succeeded","id":"evt_1","data":{"z":1,"a":2}}';
    await pool.query(
      `INSERT INTO webhook_events (id, merchant_id, payment_id, type, created_at, body)
       VALUES ('evt_1', 'desco', 'pay_1', 'payment.succeeded', $1, $2)`,
      [NOW_MS, body],
    );
    const { rows } = await pool.query("SELECT created_at, body FROM webhook_events WHERE id = 'evt_1'");
    expect(rows).toEqual([{ created_at: NOW_MS, body }]);
  });
});
