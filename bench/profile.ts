/**
 * Where a bench case's server time goes: runs the billpay target under `node --cpu-prof`, loads
 * it like the bench does, and prints the functions that cost the most, in microseconds per
 * request, by self time and by total (inclusive) time. Only the loaded seconds are counted.
 *
 *   node --import tsx bench/profile.ts [create|ekpay|sslcommerz|sslcommerz-urlencoded|checkout] [seconds, default 5] [rows, default 30]
 *   node --import tsx bench/profile.ts [select|confirm|authorize] [payments, default 3000] [rows, default 30]
 *
 * The checkout steps run the flow of bench/flow.ts over that many payments and profile only
 * the step named. Every report ends with the garbage collector's share.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Options } from 'autocannon';
import {
  checkoutGetCase,
  CONNECTIONS,
  createPaymentCase,
  ekpayCreateCase,
  sslcommerzInitCase,
  sslcommerzUrlencodedCase,
  startTarget,
  stopTarget,
} from './cases.js';
import { summarizeProfile, type CpuProfile, type FrameTime } from './cpuprofile.js';
import { runCheckoutFlow, type FlowStep } from './flow.js';

const WARMUP_SECONDS = 2;
/** Sampling every 100 µs: fine enough for a request of a few hundred µs, cheap enough not to skew it. */
const SAMPLING_MICROS = 100;

const [caseName = 'create', amountArg, rowsArg = '30'] = process.argv.slice(2);
const CASES: Record<string, (url: string) => Options | Promise<Options>> = {
  create: createPaymentCase,
  ekpay: ekpayCreateCase,
  sslcommerz: sslcommerzInitCase,
  'sslcommerz-urlencoded': sslcommerzUrlencodedCase,
  checkout: checkoutGetCase,
};
const STEPS: readonly string[] = ['select', 'confirm', 'authorize'];
const found = CASES[caseName];
if (!found && !STEPS.includes(caseName)) {
  throw new Error(`case must be one of ${[...Object.keys(CASES), ...STEPS].join(', ')}, not ${caseName}`);
}
const seconds = Number(amountArg ?? 5);
const rows = Number(rowsArg);

const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

function printFrames(title: string, frames: FrameTime[], requests: number, pick: (frame: FrameTime) => number): void {
  console.log(`\n${title} (µs per request)`);
  for (const frame of [...frames].sort((a, b) => pick(b) - pick(a)).slice(0, rows)) {
    console.log(`${(pick(frame) / requests).toFixed(1).padStart(8)}  ${frame.frame}`);
  }
}

/** Self time summed by where the code lives: a package, a folder of ours, Node's internals, or native. */
function areas(frames: FrameTime[]): FrameTime[] {
  const byArea = new Map<string, number>();
  for (const { frame, selfMicros } of frames) {
    const where = frame.split(' ')[1] ?? '';
    const area = where.startsWith('node:')
      ? 'node internals'
      : where === ''
        ? `native: ${frame}`
        : where.startsWith('@')
          ? where.split('/').slice(0, 2).join('/')
          : /^(server|domain|widget)\//.test(where)
            ? where.split('/').slice(0, -1).join('/')
            : (where.split('/')[0] ?? where);
    byArea.set(area, (byArea.get(area) ?? 0) + selfMicros);
  }
  return [...byArea].map(([frame, selfMicros]) => ({ frame, selfMicros, totalMicros: selfMicros }));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'billpay-profile-'));
  try {
    const target = await startTarget('billpay', { fromSources: true, nodeFlags: ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', String(SAMPLING_MICROS)] });
    let requests = 0;
    let window = { from: 0, to: 0 };
    try {
      if (found) {
        const options: Options = await found(target.url);
        await autocannon({ ...options, duration: WARMUP_SECONDS, connections: CONNECTIONS });
        const from = monotonicMicros();
        const result = await autocannon({ ...options, duration: seconds, connections: CONNECTIONS });
        window = { from, to: monotonicMicros() };
        requests = result.requests.total;
        console.log(`${caseName}: ${Math.round(result.requests.average)} req/s over ${seconds} s, ${requests} requests, profiled`);
      } else {
        const step = caseName as FlowStep;
        const payments = Number(amountArg ?? 3000);
        // A first round warms the server up; the second is the one profiled.
        const servers = { targets: [target] as const };
        await runCheckoutFlow(servers, Math.min(1000, payments), 0, step);
        await runCheckoutFlow(servers, payments, 1, step, async (name, run) => {
          if (name !== step) return run();
          const from = monotonicMicros();
          const measured = await run();
          window = { from, to: monotonicMicros() };
          return measured;
        });
        requests = payments;
        console.log(`${caseName}: ${payments} requests (after the flow's earlier steps), profiled`);
      }
    } finally {
      await stopTarget(target);
    }
    // One file per thread; the main thread's is thread 0 (`CPU.<date>.<time>.<pid>.0.<n>.cpuprofile`).
    const main = readdirSync(dir).find((file) => file.includes(`.${target.child.pid}.0.`));
    if (!main) throw new Error(`no main-thread profile in ${dir}`);
    const profile = JSON.parse(readFileSync(path.join(dir, main), 'utf8')) as CpuProfile;
    const summary = summarizeProfile(profile, { root: path.resolve(import.meta.dirname, '..'), window });
    const busy = summary.sampledMicros - summary.idleMicros;
    console.log(`main thread: ${(busy / requests).toFixed(0)} µs busy per request (profiler overhead included), ${((100 * summary.idleMicros) / summary.sampledMicros).toFixed(0)} % idle`);
    printFrames('self time by area', areas(summary.frames), requests, (frame) => frame.selfMicros);
    printFrames('self time', summary.frames, requests, (frame) => frame.selfMicros);
    printFrames('total time', summary.frames, requests, (frame) => frame.totalMicros);
    const gc = summary.frames.find((frame) => frame.frame === '(garbage collector)')?.selfMicros ?? 0;
    console.log(`\ngarbage collector: ${(gc / requests).toFixed(1)} µs per request, ${((100 * gc) / busy).toFixed(0)} % of the busy time`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
