/**
 * A server for the bench to load, run in its own process so the load generator does not share
 * its event loop: `baseline` is a bare Express hello-world, `billpay` the real server as
 * `npm start` runs it (startServer: webhook dispatcher, sweep and WAL checkpoints included) over a
 * fresh SQLite file (`baseline` also echoes a JSON POST at /echo). Prints `{"port": …, "dbFile": …}` on stdout once listening.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import express from 'express';
import { parseConfig } from '../server/config.js';
import { startServer } from '../server/start.js';

const dbFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'billpay-bench-')), 'bench.sqlite');

async function startBillpay(): Promise<{ server: Server; stop(): Promise<void> }> {
  process.on('exit', () => fs.rmSync(path.dirname(dbFile), { recursive: true, force: true }));
  const config = parseConfig({
    PORT: '0',
    BILLPAY_DB: dbFile,
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

const running = process.argv[2] === 'baseline' ? await startBaseline() : await startBillpay();
const address = running.server.address();
console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, dbFile }));
process.on('SIGTERM', () => void running.stop().then(() => process.exit(0)));
