/**
 * A server for the bench to load, run in its own process so the load generator does not share
 * its event loop: `baseline` is a bare Express hello-world, `billpay` the real app over a fresh
 * SQLite file. Prints `{"port": …}` on stdout once listening.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { createApp, createServices } from '../server/app.js';
import { systemClock } from '../server/clock.js';
import { parseConfig } from '../server/config.js';
import { loadFixtures } from '../server/fixtures/load.js';
import { silentLogger } from '../server/logger.js';
import { openDatabase } from '../server/storage/database.js';

function billpayApp(): express.Express {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'billpay-bench-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const dbFile = path.join(dir, 'bench.sqlite');
  const config = parseConfig({ BILLPAY_DB: dbFile, BILLPAY_SELECTION_SECONDS: '3600', LOG_LEVEL: 'silent' });
  const deps = { db: openDatabase(dbFile), clock: systemClock, fixtures: loadFixtures(), config, logger: silentLogger() };
  return createApp(deps, createServices(deps));
}

function baselineApp(): express.Express {
  const app = express();
  app.get('/', (_req, res) => {
    res.json({ hello: 'world' });
  });
  return app;
}

const app = process.argv[2] === 'baseline' ? baselineApp() : billpayApp();
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
