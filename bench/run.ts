/**
 * `npm run bench`: create-payment, the drop-in creates (ekPay merchant-api, SSLCommerz init) and
 * checkout GET against the real server, beside a bare Express hello-world and an Express JSON
 * echo measured in the same run, each server in its own process on loopback. Each case is warmed
 * up once; then the cases alternate in short rounds (BENCH_ROUNDS of BENCH_SECONDS each), so that
 * a busy machine slows them alike and each ratio compares measurements taken seconds apart. The
 * table shows each case's median round (req/s, p99, the server's CPU time per request) and the
 * median of its per-round ratio to the hello-world. Then the checkout steps' CPU against
 * create's (bench/flow.ts), and cold start; each goal is printed beside its ratio. After the
 * cases, the multipart init's floor: the server's parse of the client's body timed in process,
 * and native create's server CPU against each init's and the multipart one's minus that parse.
 * `bench/profile.ts` says where a case's time goes.
 *
 *   node --import tsx bench/run.ts [cases] [flow] [cold]   (default: all three parts)
 */
import os from 'node:os';
import autocannon, { type Options, type Result } from 'autocannon';
import {
  checkDialectCases,
  checkoutGetCase,
  createPaymentCase,
  echoCase,
  ekpayCreateCase,
  helloCase,
  sslcommerzInitCase,
  sslcommerzUrlencodedCase,
  sslcommerzMultipartSample,
  processCpuMicros,
  startTarget,
  stopTarget,
  type Target,
} from './cases.js';
import { addFormBody } from '../server/dialects/sslcommerz/form.js';
import { measureColdStart } from './cold-start.js';
import { FLOW_STEPS, measureCheckoutFlow, type FlowCpu } from './flow.js';
import { benchStorage } from './storage.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const WARMUP_SECONDS = 2;
const CONNECTIONS = 10;
/** Payments per round of the checkout flow. */
const FLOW_PAYMENTS = Number(process.env.BENCH_FLOW_PAYMENTS ?? 2000);
/** Each round measures the steps one after another: a busy second skews one step, so the median takes many. */
const FLOW_ROUNDS = Number(process.env.BENCH_FLOW_ROUNDS ?? 9);
const PARSE_BATCHES = 5;
const PARSES_PER_BATCH = 1000;
const PARTS = ['cases', 'flow', 'cold', 'storage'] as const;
type Part = (typeof PARTS)[number];
const chosen = process.argv.slice(2);
for (const name of chosen) {
  if (!(PARTS as readonly string[]).includes(name)) throw new Error(`bench: unknown part "${name}" (parts: ${PARTS.join(', ')})`);
}
const runs = (part: Part) => chosen.length === 0 || chosen.includes(part);

interface Measurement {
  result: Result;
  /** Server CPU µs per request; undefined where /proc is not there. */
  cpuPerRequest: number | undefined;
}

async function measure(options: Options, target: Target): Promise<Measurement> {
  const cpuBefore = processCpuMicros(target.child.pid);
  const result = await autocannon({ ...options, duration: SECONDS, connections: CONNECTIONS });
  const cpuAfter = processCpuMicros(target.child.pid);
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${options.url}: ${result.errors} errors, ${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats)})`);
  }
  const cpuPerRequest =
    cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / result.requests.total;
  return { result, cpuPerRequest };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The median of the per-round ratios of req/s. */
function ratio(rounds: Measurement[], references: Measurement[]): number {
  return median(rounds.map(({ result }, round) => result.requests.average / (references[round] as Measurement).result.requests.average));
}

function row(name: string, rounds: Measurement[], baselines: Measurement[]): string[] {
  const cpu = rounds.map((round) => round.cpuPerRequest).filter((micros) => micros !== undefined);
  return [
    name,
    Math.round(median(rounds.map(({ result }) => result.requests.average))).toLocaleString('en-US'),
    `${median(rounds.map(({ result }) => result.latency.p99)).toFixed(1)} ms`,
    cpu.length > 0 ? `${Math.round(median(cpu))} µs` : 'n/a',
    ratio(rounds, baselines).toFixed(2),
  ];
}

function printTable(rows: string[][]): void {
  const header = ['case', 'req/s', 'p99', 'server CPU/req', 'ratio to baseline'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const cells of rows) console.log(line(cells));
}

/**
 * The server's own multipart parse (form.ts, as the init route calls it) of the multipart case's
 * exact body, timed in this process once the load has stopped: CPU µs per parse, the median of
 * PARSE_BATCHES batches.
 */
async function multipartParseMicros(): Promise<number> {
  const { contentType, body } = sslcommerzMultipartSample();
  const parse = () => addFormBody('multipart', contentType, body, {});
  for (let warm = 0; warm < 500; warm += 1) await parse();
  const batches: number[] = [];
  for (let batch = 0; batch < PARSE_BATCHES; batch += 1) {
    const before = process.cpuUsage();
    for (let parsed = 0; parsed < PARSES_PER_BATCH; parsed += 1) await parse();
    const used = process.cpuUsage(before);
    batches.push((used.user + used.system) / PARSES_PER_BATCH);
  }
  return median(batches);
}

function medianCpu(rounds: Measurement[]): number | undefined {
  const cpu = rounds.map((round) => round.cpuPerRequest).filter((micros) => micros !== undefined);
  return cpu.length > 0 ? median(cpu) : undefined;
}

/**
 * What the multipart init's remaining gap is made of: native create's server CPU per request
 * against each init's, and against the multipart init's without its parse.
 */
async function printMultipartFloor(create: Measurement[], urlencoded: Measurement[], multipart: Measurement[]): Promise<void> {
  const parse = await multipartParseMicros();
  console.log('');
  console.log(`SSLCommerz multipart parse, in process (the server's parser, the client's exact 34-field body): ${parse.toFixed(0)} µs per parse`);
  const [createCpu, urlencodedCpu, multipartCpu] = [medianCpu(create), medianCpu(urlencoded), medianCpu(multipart)];
  if (createCpu === undefined || urlencodedCpu === undefined || multipartCpu === undefined) return;
  const against = (micros: number) => `${(createCpu / micros).toFixed(2)} (${Math.round(createCpu)} / ${Math.round(micros)} µs)`;
  console.log('native create / SSLCommerz init, server CPU per request:');
  console.log(`  urlencoded                   ${against(urlencodedCpu)}`);
  console.log(`  multipart                    ${against(multipartCpu)}`);
  console.log(`  multipart minus the parse    ${against(multipartCpu - parse)}`);
}

/** Every case against its baselines, in alternating rounds. */
async function benchCases(baseline: Target, billpay: Target): Promise<void> {
  await checkDialectCases(billpay.url);
  const cases = {
    baseline: { options: helloCase(baseline.url), target: baseline },
    echo: { options: echoCase(baseline.url), target: baseline },
    create: { options: createPaymentCase(billpay.url), target: billpay },
    ekpay: { options: ekpayCreateCase(billpay.url), target: billpay },
    sslcommerz: { options: sslcommerzInitCase(billpay.url), target: billpay },
    sslcommerzUrlencoded: { options: sslcommerzUrlencodedCase(billpay.url), target: billpay },
    checkout: { options: await checkoutGetCase(billpay.url), target: billpay },
  };
  type CaseName = keyof typeof cases;
  const names = Object.keys(cases) as CaseName[];
  const results = Object.fromEntries(names.map((name) => [name, [] as Measurement[]])) as Record<CaseName, Measurement[]>;
  for (const { options } of Object.values(cases)) {
    await autocannon({ ...options, duration: WARMUP_SECONDS, connections: CONNECTIONS });
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const name of names) results[name].push(await measure(cases[name].options, cases[name].target));
  }
  printTable([
    row('baseline: express hello-world', results.baseline, results.baseline),
    row('baseline: express JSON echo', results.echo, results.baseline),
    row('POST /api/v1/payments', results.create, results.baseline),
    row('ekPay POST /ekpaypg/v1/merchant-api', results.ekpay, results.baseline),
    row('SSLCommerz init, multipart (sslcommerz-lts)', results.sslcommerz, results.baseline),
    row('SSLCommerz init, urlencoded (PHP clients)', results.sslcommerzUrlencoded, results.baseline),
    row('GET /api/v1/checkout/:id', results.checkout, results.baseline),
  ]);
  console.log('');
  console.log(`create / express JSON echo: ${ratio(results.create, results.echo).toFixed(2)} (goal: at least 0.70)`);
  // A drop-in create does what a native create does, plus the dialect's parsing and session row.
  for (const [name, rounds] of [
    ['ekPay merchant-api', results.ekpay],
    ['SSLCommerz init, multipart', results.sslcommerz],
    ['SSLCommerz init, urlencoded', results.sslcommerzUrlencoded],
  ] as const) {
    console.log(`${name} / native create: ${ratio(rounds, results.create).toFixed(2)} (goal: at least 0.80)`);
  }
  await printMultipartFloor(results.create, results.sslcommerzUrlencoded, results.sslcommerz);
}

/** The checkout steps' server CPU against create's. */
async function benchFlow(billpay: Target): Promise<void> {
  // The checkout steps, on fresh payments each round (the first round warms up and is not counted).
  await measureCheckoutFlow(billpay, Math.min(500, FLOW_PAYMENTS), 0);
  const flows: FlowCpu[] = [];
  for (let round = 1; round <= FLOW_ROUNDS; round += 1) flows.push(await measureCheckoutFlow(billpay, FLOW_PAYMENTS, round));
  console.log('');
  console.log(`checkout flow, ${FLOW_ROUNDS} rounds of ${FLOW_PAYMENTS} payments: server CPU per request (median round)`);
  for (const step of FLOW_STEPS) {
    const micros = Math.round(median(flows.map((flow) => flow[step])));
    const stepRatio = median(flows.map((flow) => flow[step] / flow.create));
    console.log(
      `  ${step.padEnd(9)} ${String(micros).padStart(5)} µs` + (step === 'create' ? '' : `  ${stepRatio.toFixed(2)}x create (goal: at most 1.30x)`),
    );
  }
}

async function main(): Promise<void> {
  const load = os.loadavg()[0]?.toFixed(2) ?? '?';
  console.log(
    `billpay-sim bench: ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per case (after ${WARMUP_SECONDS} s of warm-up), loopback, ` +
      `${os.availableParallelism()} CPUs, load average ${load} at the start`,
  );
  if (runs('cases') || runs('flow')) {
    const [baseline, billpay] = await Promise.all([startTarget('baseline'), startTarget('billpay')]);
    try {
      if (runs('cases')) await benchCases(baseline, billpay);
      if (runs('flow')) await benchFlow(billpay);
    } finally {
      await Promise.all([stopTarget(baseline), stopTarget(billpay)]);
    }
  }
  if (runs('cold')) {
    const cold = await measureColdStart();
    console.log(
      `cold start to the ready line: billpay-sim ${Math.round(cold.billpayMs)} ms, express hello-world ${Math.round(cold.helloMs)} ms: ` +
        `${cold.ratio.toFixed(2)}x (goal: at most 2.00x)`,
    );
  }
  if (runs('storage')) await benchStorage();
}

await main();
