import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type express from 'express';
import { createApp, createServices, type AppDeps, type Services } from '../../server/app.js';
import { ManualClock } from '../../server/clock.js';
import { parseConfig, type Config } from '../../server/config.js';
import { loadFixtures } from '../../server/fixtures/load.js';
import { silentLogger, type Logger } from '../../server/logger.js';
import { sqliteMigrations } from '../../server/schema.js';
import { openDatabase, type Database } from '../../server/storage/database.js';
import { openStore } from '../../server/storage/open.js';
import { SqliteStore } from '../../server/storage/sqlite/store.js';
import type { Store } from '../../server/storage/port.js';
import { createTestDatabase, type TestDatabase } from './pg-cluster.js';
import type { Fixtures } from '../../domain/fixtures-schema.js';
import { tempDbFile } from './temp-db.js';

const LISTEN_BACKLOG = 2048;

export interface TestServerOptions {
  /** Where the ManualClock starts (default 2026-11-22T06:42:00Z). */
  start?: Date | string;
  /** Config overrides (selectionSeconds, publicUrl, …). */
  config?: Partial<Config>;
  fixtures?: Fixtures;
  /** Reopen an existing database (restart tests: a SQLite file, or on PostgreSQL the URL); default a fresh one. */
  dbFile?: string;
  logger?: Logger;
  /** Start the webhook dispatcher (default: events are recorded in the outbox but not sent). */
  webhooks?: boolean;
}

export interface TestServer {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  app: express.Express;
  /** The app's deps, and the SQLite connection under its store for tests that look at rows directly. */
  deps: AppDeps & { db: Database };
  services: Services;
  clock: ManualClock;
  dbFile: string;
  /** Stops the server and closes the database; removes the temp file unless `keepDb`. */
  close(options?: { keepDb?: boolean }): Promise<void>;
}

/**
 * The engine the HTTP suite runs on: SQLite by default; `BILLPAY_TEST_ENGINE=postgres` (the
 * `postgres` project of vitest.config.ts) runs the same tests on a database of the run's cluster.
 */
export const TEST_ENGINE: 'sqlite' | 'postgres' = process.env.BILLPAY_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

let defaultFixtures: Fixtures | undefined;

/** The real fixtures, loaded and validated once per test process. */
export function testFixtures(): Fixtures {
  defaultFixtures ??= loadFixtures();
  return defaultFixtures;
}

interface TestStorage {
  store: Store;
  /** The SQLite connection under the store; on PostgreSQL, reading it fails the test that looks at SQLite rows. */
  db: Database;
  location: string;
  remove(): Promise<void>;
}

/**
 * The databases a test server made, by location: a server started on a location another one kept
 * (`close({ keepDb: true })`) removes it when it closes without keeping it.
 */
const postgresDatabases = new Map<string, TestDatabase>();
const sqliteFiles = new Map<string, ReturnType<typeof tempDbFile>>();

async function openTestStorage(location: string | undefined): Promise<TestStorage> {
  if (TEST_ENGINE === 'postgres') {
    const database = location === undefined ? await createTestDatabase() : postgresDatabases.get(location);
    if (!database) throw new Error(`no test database at ${location}`);
    postgresDatabases.set(database.url, database);
    const store = await openStore(database.url, { logger: silentLogger() });
    const storage = {
      store,
      location: database.url,
      remove: async () => {
        postgresDatabases.delete(database.url);
        await database.drop();
      },
    };
    return Object.defineProperty(storage, 'db', {
      get() {
        throw new Error('this test reads SQLite rows directly: it runs on SQLite only (vitest.config.ts, the postgres project)');
      },
    }) as TestStorage;
  }
  const temp = location === undefined ? tempDbFile() : sqliteFiles.get(location);
  const file = location ?? (temp as { file: string }).file;
  if (temp) sqliteFiles.set(file, temp);
  const db = openDatabase(file, sqliteMigrations);
  const remove = async () => {
    sqliteFiles.delete(file);
    temp?.remove();
  };
  return { store: new SqliteStore(db), db, location: file, remove };
}

/**
 * Starts the real app on 127.0.0.1 (a free port) over a fresh database (a SQLite FILE, or on the
 * postgres project a PostgreSQL database of its own) and a ManualClock. Nothing is shared between
 * two test servers, so parallel tests never see each other.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const storage = await openTestStorage(options.dbFile);
  const dbFile = storage.location;
  const clock = new ManualClock(options.start);
  const config: Config = { ...parseConfig({ PORT: '0', BILLPAY_DB: dbFile, LOG_LEVEL: 'silent' }), ...options.config };
  const appDeps: AppDeps = {
    store: storage.store,
    clock,
    fixtures: options.fixtures ?? testFixtures(),
    config,
    logger: options.logger ?? silentLogger(),
  };
  // Not enumerable: `{ ...server.deps }` makes deps for another app without reading SQLite's connection.
  const deps = Object.defineProperty(appDeps, 'db', { get: () => storage.db, enumerable: false }) as AppDeps & { db: Database };
  const services = await createServices(deps);
  const app = createApp(deps, services);
  const server: Server = await new Promise((resolve, reject) => {
    // A backlog above the 1,000 connections the concurrency test opens at once (Node's default is
    // 511): on a busy machine an overflowing accept queue resets connections instead of queueing them.
    const listening = app.listen(0, '127.0.0.1', LISTEN_BACKLOG, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  const { port } = server.address() as AddressInfo;
  if (options.webhooks) services.webhooks.start();

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    app,
    deps,
    services,
    clock,
    dbFile,
    async close({ keepDb = false } = {}) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.webhooks.stop();
      await deps.store.close();
      if (!keepDb) await storage.remove();
    },
  };
}
