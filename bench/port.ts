/**
 * SQLite before and after the storage port (issue #14: the SQLite figures within 10% of before
 * the port). A git worktree of the pre-port commit PRE_PORT is checked out in a temporary folder,
 * with this checkout's node_modules linked in, and built; that build's server and this
 * checkout's (each dist/server/main.js, as `npm start` runs it) each run over a fresh SQLite
 * file. Create (POST /api/v1/payments) and checkout GET (BENCH_SECONDS each) alternate between
 * the two in BENCH_ROUNDS rounds after a warm-up, then the checkout flow (bench/flow.ts,
 * BENCH_FLOW_ROUNDS rounds of BENCH_FLOW_PAYMENTS payments) likewise; for create, checkout GET and
 * the steps select, confirm and authorize it prints before, after and after/before (the median
 * of the per-round ratios) of req/s and of the server's CPU per request, and whether both are
 * within 10%. The worktree is removed at the end (`git worktree remove --force`, then prune),
 * also when the bench fails or is interrupted.
 *
 *   npm run bench -- port      (builds this checkout first)
 *
 * BENCH_BASE=<commit> compares this working tree with that commit instead of PRE_PORT: a change's
 * cost or gain measured side by side, on a machine too noisy for two separate runs to tell.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkoutGetCase, cleanUpIfInterrupted, createPaymentCase, pinnedApart, ROOT, startTarget, startTargets, stopTarget, type Target } from './cases.js';
import { measureFlowInRounds, type FlowStep } from './flow.js';
import { median, medianOf, measureInRounds, microsCell, printTable, requestsPerSecond, SETTINGS, type Measurement, type Servers } from './measure.js';

/** The last commit before the storage port (a6015a1 put every service on it). */
const PRE_PORT = '7faa0b9';
const BASE = process.env.BENCH_BASE || PRE_PORT;
/** Within 10%: after/before of req/s at least 0.90, of CPU per request at most 1.10. */
const GOAL = { requestsPerSecond: 0.9, cpuPerRequest: 1.1 };

function git(args: readonly string[]): void {
  execFileSync('git', args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Runs `use` with a worktree of BASE, removed afterwards. */
async function inBaseWorktree(use: (checkout: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'billpay-bench-base-'));
  const checkout = path.join(dir, 'checkout');
  const modules = path.join(checkout, 'node_modules');
  const remove = () => {
    // The link first, so that nothing below can reach the main checkout's node_modules through it.
    fs.rmSync(modules, { force: true });
    try {
      git(['worktree', 'remove', '--force', checkout]);
    } finally {
      git(['worktree', 'prune']);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    git(['worktree', 'add', '--detach', checkout, BASE]);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const forget = cleanUpIfInterrupted(remove);
  try {
    fs.symlinkSync(path.join(ROOT, 'node_modules'), modules, 'dir');
    // Measured as built, like this checkout (startTarget runs dist/server/main.js).
    execFileSync('npm', ['run', 'build'], { cwd: checkout, stdio: ['ignore', 'ignore', 'inherit'] });
    await use(checkout);
  } finally {
    forget();
    remove();
  }
}

/** The median of the per-round ratios after/before of `figure`, over the rounds where both have it. */
function ratio(before: Measurement[], after: Measurement[], figure: (measured: Measurement) => number | undefined): number | undefined {
  return medianOf(
    after.map((measured, round) => {
      const [then, now] = [figure(before[round] as Measurement), figure(measured)];
      return then === undefined || now === undefined ? undefined : now / then;
    }),
  );
}

const cpu = (measured: Measurement) => measured.cpuPerRequest;

function row(name: string, before: Measurement[], after: Measurement[]): string[] {
  const rate = (rounds: Measurement[]) => Math.round(median(rounds.map(requestsPerSecond))).toLocaleString('en-US');
  const [rateRatio, cpuRatio] = [ratio(before, after, requestsPerSecond), ratio(before, after, cpu)];
  const within = rateRatio !== undefined && cpuRatio !== undefined && rateRatio >= GOAL.requestsPerSecond && cpuRatio <= GOAL.cpuPerRequest;
  return [
    name,
    rate(before),
    rate(after),
    rateRatio?.toFixed(2) ?? 'n/a',
    microsCell(medianOf(before.map(cpu))),
    microsCell(medianOf(after.map(cpu))),
    cpuRatio?.toFixed(2) ?? 'n/a',
    within ? 'yes' : 'NO',
  ];
}

async function compare(before: Target, after: Target): Promise<void> {
  const sides: Record<'before' | 'after', Servers> = { before: { targets: [before] }, after: { targets: [after] } };
  const cases = await measureInRounds({
    createBefore: { options: createPaymentCase(before.url), servers: sides.before },
    createAfter: { options: createPaymentCase(after.url), servers: sides.after },
    checkoutBefore: { options: await checkoutGetCase(before.url), servers: sides.before },
    checkoutAfter: { options: await checkoutGetCase(after.url), servers: sides.after },
  });
  const [flowBefore = [], flowAfter = []] = await measureFlowInRounds([sides.before, sides.after]);
  const step = (name: FlowStep) => row(`checkout flow: ${name}`, flowBefore.map((flow) => flow[name]), flowAfter.map((flow) => flow[name]));
  console.log('');
  console.log(
    `SQLite ${BASE === PRE_PORT ? 'before the storage port' : 'at'} (${BASE}, a worktree) and after (this working tree), alternating: ` +
      `${SETTINGS.rounds} rounds of ${SETTINGS.seconds} s per case, ${SETTINGS.flowRounds} flow rounds of ${SETTINGS.flowPayments} payments`,
  );
  printTable(
    ['case', 'req/s before', 'after', 'after/before', 'server CPU/req before', 'after', 'after/before', 'within 10%'],
    [
      row('POST /api/v1/payments', cases.createBefore, cases.createAfter),
      row('GET /api/v1/checkout/:id', cases.checkoutBefore, cases.checkoutAfter),
      step('select'),
      step('confirm'),
      step('authorize'),
    ],
  );
  console.log(
    `goal (issue #14): after/before of req/s at least ${GOAL.requestsPerSecond.toFixed(2)}, ` +
      `of server CPU per request at most ${GOAL.cpuPerRequest.toFixed(2)}`,
  );
}

export async function benchPort(): Promise<void> {
  await inBaseWorktree(async (checkout) => {
    const targets = await startTargets([startTarget('billpay', { checkout }), startTarget('billpay')]);
    try {
      const [before, after] = targets as [Target, Target];
      await pinnedApart(targets, () => compare(before, after));
    } finally {
      await Promise.all(targets.map(stopTarget));
    }
  });
}
