import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type express from 'express';
import { createApp, createServices, type AppDeps, type Services } from '../../server/app.js';
import { ManualClock } from '../../server/clock.js';
import { parseConfig, type Config } from '../../server/config.js';
import { loadFixtures } from '../../server/fixtures/load.js';
import { silentLogger, type Logger } from '../../server/logger.js';
import { sqliteMigrations } from '../../server/schema.js';
import { openDatabase } from '../../server/storage/database.js';
import type { Fixtures } from '../../domain/fixtures-schema.js';
import { tempDbFile } from './temp-db.js';

const LISTEN_BACKLOG = 2048;

export interface TestServerOptions {
  /** Where the ManualClock starts (default 2026-11-22T06:42:00Z). */
  start?: Date | string;
  /** Config overrides (selectionSeconds, publicUrl, …). */
  config?: Partial<Config>;
  fixtures?: Fixtures;
  /** Reopen an existing database file (restart tests); default a fresh temp file. */
  dbFile?: string;
  logger?: Logger;
  /** Start the webhook dispatcher (default: events are recorded in the outbox but not sent). */
  webhooks?: boolean;
}

export interface TestServer {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  app: express.Express;
  deps: AppDeps;
  services: Services;
  clock: ManualClock;
  dbFile: string;
  /** Stops the server and closes the database; removes the temp file unless `keepDb`. */
  close(options?: { keepDb?: boolean }): Promise<void>;
}

let defaultFixtures: Fixtures | undefined;

/** The real fixtures, loaded and validated once per test process. */
export function testFixtures(): Fixtures {
  defaultFixtures ??= loadFixtures();
  return defaultFixtures;
}

/**
 * Starts the real app on 127.0.0.1 (a free port) over a fresh SQLite FILE and a ManualClock.
 * Nothing is shared between two test servers, so parallel tests never see each other.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const temp = options.dbFile === undefined ? tempDbFile() : undefined;
  const dbFile = options.dbFile ?? (temp as { file: string }).file;
  const clock = new ManualClock(options.start);
  const config: Config = { ...parseConfig({ PORT: '0', BILLPAY_DB: dbFile, LOG_LEVEL: 'silent' }), ...options.config };
  const deps: AppDeps = {
    db: openDatabase(dbFile, sqliteMigrations),
    clock,
    fixtures: options.fixtures ?? testFixtures(),
    config,
    logger: options.logger ?? silentLogger(),
  };
  const services = createServices(deps);
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
      deps.db.close();
      if (!keepDb) temp?.remove();
    },
  };
}
