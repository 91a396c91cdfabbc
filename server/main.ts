import type { Server } from 'node:http';
import { createApp, createServices } from './app.js';
import { systemClock } from './clock.js';
import { ConfigError, parseConfig, type Config } from './config.js';
import { loadFixtures } from './fixtures/load.js';
import { createLogger } from './logger.js';
import { startSweeper } from './payments/sweeper.js';
import { openDatabase } from './storage/database.js';

const SWEEP_INTERVAL_MS = 1000;
/** How long in-flight requests get to finish on shutdown before connections are cut. */
const SHUTDOWN_GRACE_MS = 5000;

function readConfig(): Config {
  try {
    return parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`billpay-sim: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

/** `npm start`: config, database, fixtures, app, listen, sweep; graceful stop on SIGINT/SIGTERM. */
function main(): void {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  const db = openDatabase(config.dbFile);
  const fixtures = loadFixtures();
  const deps = { db, clock: systemClock, fixtures, config, logger };
  const services = createServices(deps);
  const app = createApp(deps, services);
  const stopSweeper = startSweeper(services.payments, SWEEP_INTERVAL_MS, logger);

  const server: Server = app.listen(config.port, config.host, (error?: Error) => {
    if (error) {
      console.error(`billpay-sim: cannot listen on ${config.host}:${config.port}: ${error.message}`);
      process.exit(1);
    }
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    services.webhooks.start();
    console.log(`billpay-sim listening on http://${config.host}:${port}`);
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stopSweeper();
    // Stop accepting; idle keep-alive sockets close now, in-flight requests finish.
    server.close(() => {
      // Let webhook attempts in flight record their outcome before the database closes.
      void services.webhooks.stop().finally(() => {
        db.close();
        process.exit(0);
      });
    });
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main();
