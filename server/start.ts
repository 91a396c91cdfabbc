/**
 * The one start sequence, shared by `npm start` (main.ts) and `npx billpay-sim` (cli.ts):
 * fixtures are loaded and validated before anything is created, so a broken fixtures folder
 * leaves no database file behind and nothing listening; then the database, the services, the
 * listening server, the webhook dispatcher and the sweep. `runServer` adds what an entry point
 * does: the readiness line, clear errors with exit code 1, and a graceful stop on SIGINT/SIGTERM.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { createApp, createServices, type Services } from './app.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { answerClientErrors } from './http/client-errors.js';
import { defaultFixturesDir, FixturesError, loadFixtures } from './fixtures/load.js';
import { createLogger, type Logger } from './logger.js';
import { startSweeper } from './payments/sweeper.js';
import { openStore } from './storage/open.js';

const SWEEP_INTERVAL_MS = 1000;
/** How long in-flight requests get to finish on shutdown before connections are cut. */
const SHUTDOWN_GRACE_MS = 5000;

export interface StartOptions {
  /** A folder of fixtures files that extend or override the package's (`--fixtures DIR`). */
  fixturesOverrides?: string | undefined;
}

export interface RunningServer {
  /** http://host:port, with the port actually bound. */
  url: string;
  server: Server;
  services: Services;
  logger: Logger;
  /** Stops accepting, ends event streams, lets requests and webhook attempts finish, closes the database. */
  stop(): Promise<void>;
}

/** Thrown when the port cannot be bound. */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, host, (error?: Error) => {
      if (error) reject(new ListenError(`cannot listen on ${host}:${port}: ${error.message}`));
      else resolve(server);
    });
    answerClientErrors(server);
  });
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  // First, before the database file is created or migrated: a bad fixtures folder starts nothing.
  const fixtures = loadFixtures(defaultFixturesDir(), { overrides: options.fixturesOverrides });
  const logger = createLogger(config.logLevel);
  const store = await openStore(config.dbFile, { synchronous: config.synchronous, logger });
  let server: Server;
  let services: Services;
  try {
    const deps = { store, clock: systemClock, fixtures, config, logger };
    services = await createServices(deps);
    server = await listen(createApp(deps, services), config.port, config.host);
  } catch (error) {
    await store.close();
    throw error;
  }
  services.webhooks.start();
  const stopSweeper = startSweeper([services.payments, services.refunds], SWEEP_INTERVAL_MS, logger);
  const { port } = server.address() as AddressInfo;

  let stopped: Promise<void> | undefined;
  // Idempotent: a second signal while stopping waits for the same stop.
  const stop = () => {
    stopped ??= new Promise<void>((resolve) => {
      stopSweeper();
      // Event streams never end by themselves; idle keep-alive sockets close now, in-flight requests finish.
      services.liveEvents.closeAll();
      services.liveSessions.closeAll();
      server.close(async () => {
        try {
          // Let webhook attempts in flight record their outcome, and request entries be written, before the database closes.
          await services.webhooks.stop();
          await services.journal.flush();
        } finally {
          // Commits the units still asked for, then closes (on SQLite: the last checkpoint, the WAL removed).
          await store.close();
          resolve();
        }
      });
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    });
    return stopped;
  };
  return { url: `http://${config.host}:${port}`, server, services, logger, stop };
}

/**
 * An entry point's start: prints `billpay-sim listening on http://…` once ready, and exits 0
 * after a graceful stop on SIGINT/SIGTERM. Bad fixtures or a port that cannot be bound print
 * `billpay-sim: …` and exit 1.
 */
export async function runServer(config: Config, options: StartOptions = {}): Promise<void> {
  let running: RunningServer;
  try {
    running = await startServer(config, options);
  } catch (error) {
    if (error instanceof FixturesError) {
      console.error(`billpay-sim: invalid fixtures, not starting:\n${error.message}`);
      process.exit(1);
    }
    if (error instanceof ListenError) {
      console.error(`billpay-sim: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  console.log(`billpay-sim listening on ${running.url}`);

  const shutdown = (signal: string) => {
    running.logger.info({ signal }, 'shutting down');
    void running.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
