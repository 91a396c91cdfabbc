/**
 * Several instances on one database, for the races between instances: on PostgreSQL each
 * instance is a PostgresStore with a pool of its own on one fresh database (a clone of the
 * template). SQLite has one instance per file (one process owns it), so there every instance is
 * a SqliteStore opened on the same file one after another, never two at once: two connections of
 * one process would wait for each other's write lock on the one thread.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { sqliteMigrations } from '../../../../server/schema.js';
import { openDatabase } from '../../../../server/storage/database.js';
import type { Engine, Store } from '../../../../server/storage/port.js';
import { openPostgresPool } from '../../../../server/storage/postgres.js';
import { PostgresStore } from '../../../../server/storage/postgres/store.js';
import { SqliteStore } from '../../../../server/storage/sqlite/store.js';
import { createTestDatabase } from '../../../helpers/pg-cluster.js';
import { tempDbFile } from '../../../helpers/temp-db.js';
import { ENGINES } from './stores.js';

export interface SharedDatabase {
  /** A new instance (store) on the database. On SQLite, close the one before first. */
  open(): Store;
  /** `count` instances at once on PostgreSQL; on SQLite one instance, `count` times. */
  openMany(count: number): Store[];
  /** Stops one instance: closes its store, as a process that exits would. */
  stop(store: Store): Promise<void>;
  /** Closes every instance still open and deletes the database. */
  close(): Promise<void>;
}

export async function openSharedDatabase(engine: Engine): Promise<SharedDatabase> {
  const opened: Store[] = [];
  const closeAll = () => Promise.all(opened.splice(0).map((store) => store.close()));
  const stop = async (store: Store) => {
    opened.splice(opened.indexOf(store), 1);
    await store.close();
  };
  if (engine === 'sqlite') {
    const temp = tempDbFile();
    const open = () => {
      const store = new SqliteStore(openDatabase(temp.file, sqliteMigrations));
      opened.push(store);
      return store;
    };
    return {
      open,
      stop,
      openMany: (count) => Array.from({ length: count }, () => opened[opened.length - 1] ?? open()),
      close: async () => (await closeAll(), temp.remove()),
    };
  }
  const database = await createTestDatabase();
  const open = () => {
    const store = new PostgresStore(openPostgresPool(database.url, { max: 8 }));
    opened.push(store);
    return store;
  };
  return {
    open,
    stop,
    openMany: (count) => Array.from({ length: count }, open),
    close: async () => (await closeAll(), await database.drop()),
  };
}

/**
 * Declares `define`'s tests once per engine, as `<title> (<engine>)`, over `count` instances on one
 * fresh database (openMany), opened before the tests and closed after them.
 */
export function describeEachInstances(
  title: string,
  count: number,
  define: (context: { instances(): Store[]; engine: Engine }) => void,
): void {
  for (const engine of ENGINES) {
    describe(`${title} (${engine})`, () => {
      let database: SharedDatabase | undefined;
      let instances: Store[] = [];
      beforeAll(async () => {
        database = await openSharedDatabase(engine);
        instances = database.openMany(count);
      });
      afterAll(async () => {
        await database?.close();
      });
      define({
        engine,
        instances: () => {
          if (instances.length === 0) throw new Error('the instances open in beforeAll');
          return instances;
        },
      });
    });
  }
}
