/**
 * How fast one dispatcher empties the outbox, and whether the deliveries already made slow it
 * down: on a fresh SQLite file it queues `pending` deliveries (two events a payment, so the
 * payment-order rule is in play) to a receiver in this process and times the real store and
 * dispatcher sending them all; then again on a file that first holds `history` delivered ones.
 * Prints both rates and their ratio, which stays near 1 while a claim's cost does not grow with
 * the deliveries ever made (before migration 103 it was 0.14).
 *
 *   node --import tsx bench/webhook-drain.ts [pending, default 6000] [history, default 150000]
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { systemClock } from '../server/clock.js';
import { sqliteMigrations } from '../server/schema.js';
import { openDatabase } from '../server/storage/database.js';
import { SqliteStore } from '../server/storage/sqlite/store.js';
import { WebhookDispatcher } from '../server/webhooks/dispatcher.js';
import type { OutboxMessage } from '../server/webhooks/events.js';
import { FAST_RETRY_SCHEDULE } from '../server/webhooks/schedule.js';

const pending = Number(process.argv[2] ?? 6000);
const history = Number(process.argv[3] ?? 150_000);
const RECORDS_PER_UNIT = 5000;

const message = (paymentId: string): OutboxMessage => ({
  merchantId: 'bench',
  paymentId,
  type: 'payment.succeeded',
  at: new Date(),
  body: '{"type":"payment.succeeded"}',
  contentType: 'application/json',
  signed: false,
});

async function record(store: SqliteStore, count: number, url: string, paymentOf: (n: number) => string): Promise<void> {
  for (let from = 0; from < count; from += RECORDS_PER_UNIT) {
    await store.transact(async (tx) => {
      for (let n = from; n < Math.min(count, from + RECORDS_PER_UNIT); n++) await tx.outbox.record(message(paymentOf(n)), url);
    });
  }
}

/** Deliveries a second, sending `pending` after `delivered` were made. */
async function drainRate(delivered: number): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'billpay-drain-'));
  let received = 0;
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      res.writeHead(204).end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
  const store = new SqliteStore(openDatabase(path.join(dir, 'drain.sqlite'), sqliteMigrations));
  try {
    await record(store, delivered, url, (n) => `pay_old_${n}`);
    store.db.exec("UPDATE webhook_deliveries SET status = 'delivered', attempt_count = 1, next_attempt_at = NULL");
    await record(store, pending, url, (n) => `pay_${n >> 1}`);
    const dispatcher = new WebhookDispatcher({ store, clock: systemClock, schedule: FAST_RETRY_SCHEDULE, logger: pino({ level: 'warn' }) });
    const started = performance.now();
    dispatcher.start();
    while (received < pending) await new Promise((resolve) => setTimeout(resolve, 5));
    const seconds = (performance.now() - started) / 1000;
    await dispatcher.stop();
    return pending / seconds;
  } finally {
    await store.close();
    receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const fresh = await drainRate(0);
const loaded = await drainRate(history);
console.log(`webhook drain, ${pending} deliveries (2 a payment), one dispatcher, receiver in process, SQLite`);
console.log(`  fresh outbox:                  ${fresh.toFixed(0)}/s`);
console.log(`  after ${history} delivered: ${loaded.toFixed(0)}/s`);
console.log(`  ratio: ${(loaded / fresh).toFixed(2)} (goal: at least 0.80)`);
