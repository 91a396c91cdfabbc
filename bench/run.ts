/**
 * `npm run bench`: create-payment and checkout GET against the real server, beside a bare
 * Express hello-world measured in the same run, each server in its own process on loopback.
 * The cases alternate for BENCH_ROUNDS rounds so that a busy machine slows them alike; the
 * table shows each case's median round (req/s, p99) and the median of its per-round ratio to
 * the baseline. BENCH_SECONDS sets the length of one case in one round.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon, { type Options, type Result } from 'autocannon';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = 1;
const CONNECTIONS = 10;
const MERCHANT_KEY = 'sk_test_wzpdco_demo';

interface Target {
  url: string;
  child: ChildProcess;
}

async function startTarget(kind: 'baseline' | 'billpay'): Promise<Target> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'target.ts'), kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(lines, 'line')) as [string];
  lines.close();
  return { url: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`, child };
}

async function stopTarget(target: Target): Promise<void> {
  const exited = once(target.child, 'exit');
  target.child.kill('SIGTERM');
  await exited;
}

async function measure(options: Options): Promise<Result> {
  await autocannon({ ...options, duration: WARMUP_SECONDS, connections: CONNECTIONS });
  const result = await autocannon({ ...options, duration: SECONDS, connections: CONNECTIONS });
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${options.url}: ${result.errors} errors, ${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats)})`);
  }
  return result;
}

/** Every create needs its own reference (unique per merchant). */
function createPaymentCase(url: string): Options {
  let sequence = 0;
  return {
    url,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/payments',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${MERCHANT_KEY}` },
        setupRequest(request) {
          sequence += 1;
          const body = { purpose: 'application_fee', reference: `bench-${process.pid}-${sequence}`, amount: '11.00', officeCode: '305' };
          return { ...request, body: JSON.stringify(body) };
        },
      },
    ],
  };
}

async function checkoutGetCase(url: string): Promise<Options> {
  const res = await fetch(`${url}/api/v1/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${MERCHANT_KEY}` },
    body: JSON.stringify({ purpose: 'application_fee', reference: `bench-checkout-${process.pid}`, amount: '11.00', officeCode: '305' }),
  });
  const payment = (await res.json()) as { id: string; clientSecret: string };
  return { url: `${url}/api/v1/checkout/${payment.id}`, headers: { 'billpay-client-secret': payment.clientSecret } };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function row(name: string, results: Result[], baselines: Result[]): string[] {
  const ratios = results.map((result, round) => result.requests.average / (baselines[round] as Result).requests.average);
  return [
    name,
    Math.round(median(results.map((result) => result.requests.average))).toLocaleString('en-US'),
    `${median(results.map((result) => result.latency.p99)).toFixed(1)} ms`,
    median(ratios).toFixed(2),
  ];
}

function printTable(rows: string[][]): void {
  const header = ['case', 'req/s', 'p99', 'ratio to baseline'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const cells of rows) console.log(line(cells));
}

async function main(): Promise<void> {
  console.log(
    `billpay-sim bench: ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per case (+${WARMUP_SECONDS} s warm-up), loopback`,
  );
  const [baselineTarget, billpay] = await Promise.all([startTarget('baseline'), startTarget('billpay')]);
  try {
    const cases = {
      baseline: { url: `${baselineTarget.url}/` } as Options,
      create: createPaymentCase(billpay.url),
      checkout: await checkoutGetCase(billpay.url),
    };
    const results: Record<keyof typeof cases, Result[]> = { baseline: [], create: [], checkout: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const name of Object.keys(cases) as Array<keyof typeof cases>) results[name].push(await measure(cases[name]));
    }
    printTable([
      row('baseline: express hello-world', results.baseline, results.baseline),
      row('POST /api/v1/payments', results.create, results.baseline),
      row('GET /api/v1/checkout/:id', results.checkout, results.baseline),
    ]);
  } finally {
    await Promise.all([stopTarget(baselineTarget), stopTarget(billpay)]);
  }
}

await main();
