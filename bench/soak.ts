/**
 * Sustained load (issue 13): 32 loops, each creating a payment and completing it headlessly
 * (`POST /api/v1/test/payments/:id/complete`), against the simulator in its own process over a
 * fresh SQLite file (the build, dist/server/main.js), for SOAK_SECONDS (default 180). Every 10 s it prints the
 * WAL file's size, the server's resident memory and the window's latency; then it idles 15 s and
 * prints them again. Storage and memory must stay bounded: the WAL under 64 MB while loaded and
 * back to a few MB when idle.
 *
 *   node --import tsx bench/soak.ts            (after npm run build)
 *
 * SOAK_WEBHOOKS=1: each payment also names a webhook receiver of this process and is declined
 * once before it succeeds, so it sends two events (payment.attempt_failed, payment.succeeded);
 * the samples add the webhooks received and how many of them came before an earlier event of
 * their payment.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MERCHANT_KEY, startTarget, stopTarget } from './cases.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);
const WEBHOOKS = process.env.SOAK_WEBHOOKS === '1';
const LOOPS = 32;
const SAMPLE_MS = 10_000;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const walBytes = (dbFile: string) => (fs.existsSync(`${dbFile}-wal`) ? fs.statSync(`${dbFile}-wal`).size : 0);
function rssBytes(pid: number | undefined): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}
function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number);
}

/** The webhooks received, and those that arrived after a later event of their payment. */
const webhooks = { received: 0, outOfOrder: 0 };
/** Payments whose first event (payment.attempt_failed) arrived and whose second has not, and the reverse. */
const firstArrived = new Set<string>();
const secondArrivedFirst = new Set<string>();
const receiver = http.createServer(async (req, res) => {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  const event = JSON.parse(raw) as { type: string; data: { payment: { id: string } } };
  webhooks.received += 1;
  const paymentId = event.data.payment.id;
  if (event.type === 'payment.attempt_failed') {
    if (secondArrivedFirst.delete(paymentId)) webhooks.outOfOrder += 1;
    else firstArrived.add(paymentId);
  } else if (!firstArrived.delete(paymentId)) {
    secondArrivedFirst.add(paymentId);
  }
  res.writeHead(204).end();
});
let webhookUrl: string | undefined;
if (WEBHOOKS) {
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
}

const target = await startTarget('billpay');
if (target.dbFile === undefined) throw new Error('soak: the target runs over a SQLite file and names it in its ready line');
const dbFile: string = target.dbFile;
const headers = { 'content-type': 'application/json', authorization: `Bearer ${MERCHANT_KEY}` };
let latencies: number[] = [];
let done = 0;
let failures = 0;
let sequence = 0;
const deadline = Date.now() + SECONDS * 1000;

async function loop(): Promise<void> {
  while (Date.now() < deadline) {
    const started = performance.now();
    sequence += 1;
    const body = { purpose: 'application_fee', reference: `soak-${process.pid}-${sequence}`, amount: '11.00', officeCode: '305', webhookUrl };
    const created = await fetch(`${target.url}/api/v1/payments`, { method: 'POST', headers, body: JSON.stringify(body) });
    const payment = (await created.json()) as { id?: string };
    let completedOk = true;
    for (const outcome of WEBHOOKS ? ['declined', 'success'] : ['success']) {
      const completed = await fetch(`${target.url}/api/v1/test/payments/${payment.id}/complete`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ outcome }),
      });
      await completed.arrayBuffer();
      completedOk &&= completed.status === 200;
    }
    if (created.status !== 201 || !completedOk) failures += 1;
    latencies.push(performance.now() - started);
    done += 1;
  }
}

function sample(label: string): void {
  const sorted = latencies.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(10)} pairs ${String(done).padStart(7)}  failures ${failures}  WAL ${mb(walBytes(dbFile)).padStart(9)}  ` +
      `RSS ${mb(rssBytes(target.child.pid)).padStart(9)}  p50 ${percentile(sorted, 0.5).toFixed(1)} ms  p99 ${percentile(sorted, 0.99).toFixed(1)} ms` +
      (WEBHOOKS ? `  webhooks ${webhooks.received} (out of order ${webhooks.outOfOrder})` : ''),
  );
  latencies = [];
}

console.log(`soak: ${LOOPS} loops of create + ${WEBHOOKS ? 'decline + complete, with webhooks,' : 'complete'} for ${SECONDS} s`);
const started = Date.now();
const timer = setInterval(() => sample(`${Math.round((Date.now() - started) / 1000)} s`), SAMPLE_MS);
await Promise.all(Array.from({ length: LOOPS }, loop));
clearInterval(timer);
sample('end');
await new Promise((resolve) => setTimeout(resolve, 15_000));
sample('idle 15 s');
console.log(`database file ${mb(fs.statSync(dbFile).size)}`);
await stopTarget(target);
receiver.close();
