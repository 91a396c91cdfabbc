/**
 * How the bench measures a case: autocannon against one or more servers (several simulator
 * instances on one database get the load spread over them by autocannon itself: it gives its
 * connections to the URLs round-robin, so each gets ceil(CONNECTIONS / n)), and the servers' CPU
 * time per request: every target process's summed, and apart from it the database cluster's when
 * there is one. Cases are warmed up once and then measured in alternating rounds, so that a busy
 * machine slows them alike. Also the bench's settings, the median and the table the parts print.
 */
import autocannon, { type Options, type Result } from 'autocannon';
import { CONNECTIONS, processCpuMicros, type Target } from './cases.js';

/** The bench's settings, from the environment (tiny values make a smoke run). */
export const SETTINGS = {
  /** Seconds of each measured round of a case. */
  seconds: Number(process.env.BENCH_SECONDS ?? 2),
  rounds: Number(process.env.BENCH_ROUNDS ?? 9),
  warmupSeconds: 2,
  /** Payments per round of the checkout flow. */
  flowPayments: Number(process.env.BENCH_FLOW_PAYMENTS ?? 2000),
  /** Each round measures the steps one after another: a busy second skews one step, so the median takes many. */
  flowRounds: Number(process.env.BENCH_FLOW_ROUNDS ?? 9),
};

/** What serves a case. */
export interface Servers {
  /** One target, or several instances on one database; a case's URL is built against the first. */
  targets: readonly [Target, ...Target[]];
  /** The database cluster's CPU µs so far (PostgreSQL: its every process), when the targets share one. */
  databaseCpuMicros?: (() => number | undefined) | undefined;
}

export interface Measurement {
  result: Result;
  /** The target processes' CPU µs per request, summed over them; undefined where /proc is not there. */
  cpuPerRequest: number | undefined;
  /** The database cluster's CPU µs per request; undefined without one. */
  databaseCpuPerRequest: number | undefined;
}

/** autocannon's sample interval in a run of a fixed `amount` of requests. */
const AMOUNT_SAMPLE_MS = 10;

/** The connections to `count` servers: CONNECTIONS, rounded up to a multiple of `count` so each gets as many. */
export const connectionsFor = (count: number) => Math.ceil(CONNECTIONS / count) * count;

function targetsCpuMicros(targets: readonly Target[]): number | undefined {
  let sum = 0;
  for (const target of targets) {
    const micros = processCpuMicros(target.child.pid);
    if (micros === undefined) return undefined;
    sum += micros;
  }
  return sum;
}

const perRequest = (before: number | undefined, after: number | undefined, requests: number) =>
  before === undefined || after === undefined ? undefined : (after - before) / requests;

/**
 * Runs `options` (a `duration` or an `amount`; its `url` built against the first target) against
 * every target at once. Any error or non-2xx answer throws, naming `what`.
 */
export async function measure(options: Options, servers: Servers, what = String(options.url)): Promise<Measurement> {
  const { targets, databaseCpuMicros = () => undefined } = servers;
  const base = targets[0].url;
  if (typeof options.url !== 'string' || !options.url.startsWith(base)) {
    throw new Error(`bench: ${what}: the case's URL must start with the first target's (${base})`);
  }
  const rest = options.url.slice(base.length);
  const [cpuBefore, databaseBefore] = [targetsCpuMicros(targets), databaseCpuMicros()];
  const result = await autocannon({
    ...options,
    url: targets.map((target) => `${target.url}${rest}`),
    connections: connectionsFor(targets.length),
    // autocannon sees that an `amount` is done at its next sample: soon, so that `finish` is when it was.
    ...(options.amount === undefined ? {} : { sampleInt: AMOUNT_SAMPLE_MS }),
  });
  const [cpuAfter, databaseAfter] = [targetsCpuMicros(targets), databaseCpuMicros()];
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${what}: ${result.errors} errors, ${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats)})`);
  }
  return {
    result,
    cpuPerRequest: perRequest(cpuBefore, cpuAfter, result.requests.total),
    databaseCpuPerRequest: perRequest(databaseBefore, databaseAfter, result.requests.total),
  };
}

/** A case: its load (a `url` built against the first target of `servers`) and what serves it. */
export interface Case {
  options: Options;
  servers: Servers;
}

/** Each case warmed up once, then SETTINGS.rounds rounds of SETTINGS.seconds per case, the cases in turn. */
export async function measureInRounds<Name extends string>(cases: Record<Name, Case>): Promise<Record<Name, Measurement[]>> {
  const names = Object.keys(cases) as Name[];
  const results = Object.fromEntries(names.map((name) => [name, [] as Measurement[]])) as Record<Name, Measurement[]>;
  for (const name of names) await measure({ ...cases[name].options, duration: SETTINGS.warmupSeconds }, cases[name].servers);
  for (let round = 0; round < SETTINGS.rounds; round += 1) {
    for (const name of names) results[name].push(await measure({ ...cases[name].options, duration: SETTINGS.seconds }, cases[name].servers));
  }
  return results;
}

/** Requests per second over the whole run (a run of a fixed `amount` may last less than autocannon's one-second samples). */
export const requestsPerSecond = ({ result }: Measurement) => (1000 * result.requests.total) / (result.finish.getTime() - result.start.getTime());

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The median of the defined values; undefined if there are none. */
export function medianOf(values: (number | undefined)[]): number | undefined {
  const defined = values.filter((value) => value !== undefined);
  return defined.length > 0 ? median(defined) : undefined;
}

/** `micros` as "123 µs", or "n/a". */
export const microsCell = (micros: number | undefined) => (micros === undefined ? 'n/a' : `${Math.round(micros)} µs`);

export function printTable(header: readonly string[], rows: readonly string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column]?.length ?? 0)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const cells of rows) console.log(line(cells));
}
