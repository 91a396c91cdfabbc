/**
 * A server for the bench to load, run in its own process so the load generator does not share
 * its event loop: `baseline` is a bare Express hello-world (it also echoes a JSON POST at /echo),
 * `billpay` the real server from its sources (startServer, as `npm start` runs it: webhook
 * dispatcher, sweep and, on SQLite, WAL checkpoints included; the profiler's target, cases.ts
 * runs the build otherwise) over a fresh SQLite file, or with a `postgres://` URL as
 * its next argument over that database (several targets may share it, as instances behind a
 * load balancer do). Prints `{"port": …, "dbFile": …}` on stdout once listening (no dbFile on
 * PostgreSQL nor for the baseline).
 *
 *   node --import tsx bench/target.ts baseline | billpay [postgres://…]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import express from 'express';
import { parseConfig } from '../server/config.js';
import { startServer } from '../server/start.js';

const [kind, databaseUrl] = process.argv.slice(2);

/** A fresh SQLite file, removed when the process exits. */
function freshDbFile(): string {
  const dbFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'billpay-bench-')), 'bench.sqlite');
  process.on('exit', () => fs.rmSync(path.dirname(dbFile), { recursive: true, force: true }));
  return dbFile;
}

async function startBillpay(location: string): Promise<{ server: Server; stop(): Promise<void> }> {
  const config = parseConfig({
    PORT: '0',
    BILLPAY_DB: location,
    BILLPAY_SELECTION_SECONDS: '3600',
    LOG_LEVEL: 'silent',
  });
  return startServer(config);
}

function startBaseline(): Promise<{ server: Server; stop(): Promise<void> }> {
  const app = express();
  app.get('/', (_req, res) => {
    res.json({ hello: 'world' });
  });
  // Issue 13's yardstick for create: the same JSON body parsed and sent back, nothing else.
  app.post('/echo', express.json(), (req, res) => {
    res.json(req.body);
  });
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () =>
      resolve({ server, stop: () => new Promise<void>((done) => server.close(() => done())) }),
    );
  });
}

const location = kind === 'baseline' ? undefined : (databaseUrl ?? freshDbFile());
const running = location === undefined ? await startBaseline() : await startBillpay(location);
const dbFile = location === databaseUrl ? undefined : location;
const address = running.server.address();
console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, dbFile }));
process.on('SIGTERM', () => void running.stop().then(() => process.exit(0)));
