/**
 * `npm run bench`: create-payment, the drop-in creates (ekPay merchant-api, SSLCommerz init) and
 * checkout GET against the real server (the build, dist/server/main.js, as `npm start` runs it:
 * `npm run bench` builds first), beside a bare Express hello-world, an Express JSON echo and
 * that echo doing create's storage alone (the floor of create / echo, bench/storage-floor.mjs),
 * measured in the same run, each server in its own process on loopback. Each case is warmed
 * up once; then the cases alternate in short rounds (BENCH_ROUNDS of BENCH_SECONDS each), so that
 * a busy machine slows them alike and each ratio compares measurements taken seconds apart. The
 * table shows each case's median round (req/s, p99, the server's CPU time per request) and the
 * median of its per-round ratio to the hello-world. Then the checkout steps' CPU against
 * create's (bench/flow.ts), and cold start; each goal is printed beside its ratio. After the
 * cases, the multipart init's floor: the server's parse of the client's body timed in process,
 * and native create's server CPU against each init's and the multipart one's minus that parse.
 * `bench/profile.ts` says where a case's time goes.
 *
 * The storage engine of `cases` and `flow`: BENCH_ENGINE=sqlite (default: a fresh SQLite file)
 * or BENCH_ENGINE=postgres (bench/postgres.ts: a throwaway cluster, durability off, one database
 * the run creates). With PostgreSQL, BENCH_INSTANCES=3 starts three simulator processes on that
 * database; autocannon spreads each case's connections over them (10 rounded up to a multiple of
 * the instances: 4 each), req/s and p99 are the whole run's, and the server CPU per request is
 * the instances' summed; a column beside it has the cluster's CPU per request. The baselines
 * stay one Express process with 10 connections, so the ratio to the baseline is the instances'
 * throughput together against one Express process's. `cold` and `storage` do not depend on
 * BENCH_ENGINE (`storage` measures both engines); `port` (bench/port.ts) is SQLite before and
 * after the storage port, from a git worktree of the pre-port commit, and runs only when named.
 *
 *   npm run bench [-- cases flow cold storage port]   (default: all but port)
 *   BENCH_ENGINE=postgres [BENCH_INSTANCES=3] npm run bench -- cases flow
 *
 * Smoke run: BENCH_ROUNDS=1 BENCH_SECONDS=1 BENCH_FLOW_ROUNDS=1 BENCH_FLOW_PAYMENTS=200.
 */
import os from 'node:os';
import {
  checkDialectCases,
  checkoutGetCase,
  CONNECTIONS,
  createPaymentCase,
  echoCase,
  ekpayCreateCase,
  helloCase,
  pinnedApart,
  sslcommerzInitCase,
  sslcommerzUrlencodedCase,
  sslcommerzMultipartSample,
  startTarget,
  startTargets,
  stopTarget,
  type Target,
} from './cases.js';
import { addFormBody } from '../server/dialects/sslcommerz/form.js';
import { measureColdStart } from './cold-start.js';
import { FLOW_STEPS, measureFlowInRounds } from './flow.js';
import {
  connectionsFor,
  median,
  medianOf,
  measureInRounds,
  microsCell,
  printTable,
  SETTINGS,
  type Measurement,
  type Servers,
} from './measure.js';
import { benchPort } from './port.js';
import { startBenchDatabase } from './postgres.js';
import { benchStorage } from './storage.js';

const PARSE_BATCHES = 5;
const PARSES_PER_BATCH = 1000;
const PARTS = ['cases', 'flow', 'cold', 'storage', 'port'] as const;
type Part = (typeof PARTS)[number];
/** Without names, every part but `port` (it checks out a git worktree and takes as long as cases and flow). */
const DEFAULT_PARTS: readonly Part[] = ['cases', 'flow', 'cold', 'storage'];
const chosen = process.argv.slice(2);
for (const name of chosen) {
  if (!(PARTS as readonly string[]).includes(name)) throw new Error(`bench: unknown part "${name}" (parts: ${PARTS.join(', ')})`);
}
const runs = (part: Part) => (chosen.length === 0 ? DEFAULT_PARTS.includes(part) : chosen.includes(part));

const ENGINE = process.env.BENCH_ENGINE || 'sqlite';
if (ENGINE !== 'sqlite' && ENGINE !== 'postgres') throw new Error(`bench: BENCH_ENGINE must be sqlite or postgres, not "${ENGINE}"`);
const INSTANCES = Number(process.env.BENCH_INSTANCES || 1);
if (!Number.isInteger(INSTANCES) || INSTANCES < 1) throw new Error(`bench: BENCH_INSTANCES must be a whole number from 1, not "${process.env.BENCH_INSTANCES}"`);
if (INSTANCES > 1 && ENGINE !== 'postgres') throw new Error('bench: several instances share one database: BENCH_INSTANCES needs BENCH_ENGINE=postgres');

/** The median of the per-round ratios of req/s. */
function ratio(rounds: Measurement[], references: Measurement[]): number {
  return median(rounds.map(({ result }, round) => result.requests.average / (references[round] as Measurement).result.requests.average));
}

const medianCpu = (rounds: Measurement[]) => medianOf(rounds.map((round) => round.cpuPerRequest));

function row(name: string, rounds: Measurement[], baselines: Measurement[]): string[] {
  return [
    name,
    Math.round(median(rounds.map(({ result }) => result.requests.average))).toLocaleString('en-US'),
    `${median(rounds.map(({ result }) => result.latency.p99)).toFixed(1)} ms`,
    microsCell(medianCpu(rounds)),
    ...(ENGINE === 'postgres' ? [microsCell(medianOf(rounds.map((round) => round.databaseCpuPerRequest)))] : []),
    ratio(rounds, baselines).toFixed(2),
  ];
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
async function benchCases(baseline: Target, floor: Target, billpay: Servers): Promise<void> {
  const { url } = billpay.targets[0];
  await checkDialectCases(url);
  const results = await measureInRounds({
    baseline: { options: helloCase(baseline.url), servers: { targets: [baseline] } },
    echo: { options: echoCase(baseline.url), servers: { targets: [baseline] } },
    floor: { options: echoCase(floor.url), servers: { targets: [floor] } },
    create: { options: createPaymentCase(url), servers: billpay },
    ekpay: { options: ekpayCreateCase(url), servers: billpay },
    sslcommerz: { options: sslcommerzInitCase(url), servers: billpay },
    sslcommerzUrlencoded: { options: sslcommerzUrlencodedCase(url), servers: billpay },
    checkout: { options: await checkoutGetCase(url), servers: billpay },
  });
  printTable(
    ['case', 'req/s', 'p99', 'server CPU/req', ...(ENGINE === 'postgres' ? ['PostgreSQL CPU/req'] : []), 'ratio to baseline'],
    [
      row('baseline: express hello-world', results.baseline, results.baseline),
      row('baseline: express JSON echo', results.echo, results.baseline),
      row("storage floor: the echo + create's storage", results.floor, results.baseline),
      row('POST /api/v1/payments', results.create, results.baseline),
      row('ekPay POST /ekpaypg/v1/merchant-api', results.ekpay, results.baseline),
      row('SSLCommerz init, multipart (sslcommerz-lts)', results.sslcommerz, results.baseline),
      row('SSLCommerz init, urlencoded (PHP clients)', results.sslcommerzUrlencoded, results.baseline),
      row('GET /api/v1/checkout/:id', results.checkout, results.baseline),
    ],
  );
  console.log('');
  console.log(`create / express JSON echo: ${ratio(results.create, results.echo).toFixed(2)} (goal: at least 0.70)`);
  console.log(
    `storage floor / express JSON echo: ${ratio(results.floor, results.echo).toFixed(2)} ` +
      "(the most create can reach: the echo doing only create's storage, bench/storage-floor.mjs)",
  );
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
async function benchFlow(billpay: Servers): Promise<void> {
  const [flows = []] = await measureFlowInRounds([billpay]);
  console.log('');
  console.log(`checkout flow, ${SETTINGS.flowRounds} rounds of ${SETTINGS.flowPayments} payments: server CPU per request (median round)`);
  for (const step of FLOW_STEPS) {
    const micros = medianOf(flows.map((flow) => flow[step].cpuPerRequest));
    const stepRatio = medianOf(
      flows.map(({ create, [step]: measured }) =>
        create.cpuPerRequest === undefined || measured.cpuPerRequest === undefined ? undefined : measured.cpuPerRequest / create.cpuPerRequest,
      ),
    );
    const database = ENGINE === 'postgres' ? `  PostgreSQL ${microsCell(medianOf(flows.map((flow) => flow[step].databaseCpuPerRequest))).padStart(8)}` : '';
    console.log(
      `  ${step.padEnd(9)} ${microsCell(micros).padStart(8)}${database}` +
        (step === 'create' || stepRatio === undefined ? '' : `  ${stepRatio.toFixed(2)}x create (goal: at most 1.30x)`),
    );
  }
}

/** The simulator's instances on the run's engine beside the baseline, for `cases` and `flow`; all stopped at the end. */
async function benchServers(): Promise<void> {
  const database = ENGINE === 'postgres' ? await startBenchDatabase() : undefined;
  try {
    const targets = await startTargets([
      startTarget('baseline'),
      startTarget('storage-floor', { databaseUrl: database?.url }),
      ...Array.from({ length: INSTANCES }, () => startTarget('billpay', { databaseUrl: database?.url })),
    ]);
    try {
      const [baseline, floor, first, ...others] = targets as [Target, Target, Target, ...Target[]];
      const billpay: Servers = { targets: [first, ...others], databaseCpuMicros: database?.cpuMicros };
      const measure = async () => {
        if (runs('cases')) await benchCases(baseline, floor, billpay);
        if (runs('flow')) await benchFlow(billpay);
      };
      // One server process at a time on a core of its own; PostgreSQL's cluster and several instances need the machine.
      if (database) await measure();
      else await pinnedApart(targets, measure);
    } finally {
      await Promise.all(targets.map(stopTarget));
    }
  } finally {
    database?.stop();
  }
}

async function main(): Promise<void> {
  const load = os.loadavg()[0]?.toFixed(2) ?? '?';
  console.log(
    `billpay-sim bench: ${CONNECTIONS} connections, ${SETTINGS.rounds} rounds of ${SETTINGS.seconds} s per case ` +
      `(after ${SETTINGS.warmupSeconds} s of warm-up), loopback, ${os.availableParallelism()} CPUs, load average ${load} at the start`,
  );
  if (runs('cases') || runs('flow')) {
    const engine = ENGINE === 'postgres' ? 'PostgreSQL (a throwaway cluster, durability off)' : 'SQLite (a fresh file)';
    const instances =
      INSTANCES === 1
        ? 'one instance'
        : `${INSTANCES} instances on one database, ${connectionsFor(INSTANCES)} connections spread over them`;
    console.log(`engine: ${engine}, ${instances}; the baselines: one Express process`);
    await benchServers();
  }
  if (runs('cold')) {
    const cold = await measureColdStart();
    console.log(
      `cold start to the ready line: billpay-sim ${Math.round(cold.billpayMs)} ms, express hello-world ${Math.round(cold.helloMs)} ms: ` +
        `${cold.ratio.toFixed(2)}x (goal: at most 2.00x)`,
    );
  }
  if (runs('storage')) await benchStorage();
  if (runs('port')) await benchPort();
}

await main();
