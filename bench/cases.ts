/**
 * What the bench and the profiler share: the target servers (each in its own process, see
 * target.ts; the simulator over a fresh SQLite file, or over a PostgreSQL database several
 * targets may share), the load of each case, and the CPU time a process has used.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs, { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Options } from 'autocannon';

export const MERCHANT_KEY = 'sk_test_wzpdco_demo';

/** The load generator's connections to one server; several servers share ceil(CONNECTIONS / n) each (measure.ts). */
export const CONNECTIONS = 10;

/** This checkout (bench/ is one of its folders). */
export const ROOT = path.resolve(import.meta.dirname, '..');

/** `storage-floor`: the echo plus create's storage alone (bench/storage-floor.mjs). */
export type TargetKind = 'baseline' | 'billpay' | 'storage-floor';

export interface Target {
  url: string;
  child: ChildProcess;
  /** The simulator's SQLite file (its WAL is `${dbFile}-wal`); undefined on PostgreSQL and for the baseline's. */
  dbFile: string | undefined;
}

export interface TargetOptions {
  /** Node flags (e.g. --cpu-prof) before the script. */
  nodeFlags?: readonly string[];
  /** Gets the lines the process prints besides its ready line (--trace-gc's, say). */
  onLine?: (line: string) => void;
  /** The checkout whose bench/target.ts runs, in its own folder (default this one; port.ts runs an older commit's). */
  checkout?: string;
  /** billpay over this PostgreSQL database (`postgres://…`) instead of a fresh SQLite file. */
  databaseUrl?: string | undefined;
  /**
   * billpay from its sources through tsx (bench/target.ts), for the profiler, whose frames then
   * name our files. Otherwise it is the checkout's build, dist/server/main.js, as `npm start`
   * runs it: tsx's transform adds work of its own (a `__name` call for every function created).
   */
  fromSources?: boolean;
}

const running = new Set<ChildProcess>();
// A bench that ends early (an error, an interrupt) leaves no server behind: SIGTERM lets each remove its SQLite file.
process.once('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

/**
 * Starts `kind` in a process of its own and resolves once it has printed its ready line: the
 * baseline (bench/target.ts), the storage floor (bench/storage-floor.mjs, on the build), or
 * billpay, built (see `fromSources`); the last two over a fresh SQLite file removed when they
 * stop, or over `databaseUrl`.
 */
export async function startTarget(kind: TargetKind, options: TargetOptions = {}): Promise<Target> {
  const { checkout = ROOT, databaseUrl } = options;
  if (kind === 'billpay' && !options.fromSources) return startBuilt(checkout, options);
  if (kind === 'storage-floor') requireFreshBuild(checkout);
  const script = kind === 'storage-floor' ? [path.join(checkout, 'bench', 'storage-floor.mjs')] : ['--import', 'tsx', path.join(checkout, 'bench', 'target.ts'), kind];
  const args = [...script, ...(databaseUrl ? [databaseUrl] : [])];
  return startChild(kind, checkout, args, {}, options, (line) => {
    if (!line.startsWith('{"port"')) return undefined;
    const { port, dbFile } = JSON.parse(line) as { port: number; dbFile?: string };
    return { url: `http://127.0.0.1:${port}`, dbFile };
  });
}

/** Checkouts whose dist/ was found built from their sources (the check hashes every source file). */
const freshBuilds = new Set<string>();

/**
 * Throws unless `checkout`'s dist/ was built from its current sources: a measurement of a stale
 * build would measure other code (`npm start` and `npm run bench` build first).
 */
export function requireFreshBuild(checkout: string): void {
  if (freshBuilds.has(checkout)) return;
  try {
    execFileSync(process.execPath, [path.join(checkout, 'scripts', 'build-stamp.mjs'), 'check'], { cwd: checkout, stdio: 'ignore' });
  } catch {
    throw new Error(`${path.join(checkout, 'dist')} is not built from its sources: run \`npm run build\` there first`);
  }
  freshBuilds.add(checkout);
}

/** billpay as `npm start` runs it, with target.ts's settings; refuses a dist/ older than the sources it would measure. */
async function startBuilt(checkout: string, options: TargetOptions): Promise<Target> {
  requireFreshBuild(checkout);
  const dir = options.databaseUrl ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'billpay-bench-'));
  const dbFile = dir && path.join(dir, 'bench.sqlite');
  const env = { PORT: '0', BILLPAY_DB: options.databaseUrl ?? (dbFile as string), BILLPAY_SELECTION_SECONDS: '3600', LOG_LEVEL: 'silent' };
  const target = startChild('billpay', checkout, [path.join(checkout, 'dist', 'server', 'main.js')], env, options, (line) => {
    const url = /listening on (http:\/\/\S+)/.exec(line)?.[1];
    return url ? { url, dbFile } : undefined;
  });
  if (dir) {
    const remove = () => fs.rmSync(dir, { recursive: true, force: true });
    // Once the server has closed the file; or, should the bench itself end first, as it exits.
    process.once('exit', remove);
    target.then(({ child }) => child.once('exit', remove), remove);
  }
  return target;
}

/** Spawns node with `args`, and resolves once `ready` recognises a line of its output. */
async function startChild(
  kind: TargetKind,
  checkout: string,
  args: readonly string[],
  env: Record<string, string>,
  options: TargetOptions,
  ready: (line: string) => { url: string; dbFile: string | undefined } | undefined,
): Promise<Target> {
  const { nodeFlags = [], onLine = () => {} } = options;
  const child = spawn(process.execPath, [...nodeFlags, ...args], { cwd: checkout, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const started = await new Promise<{ url: string; dbFile: string | undefined }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench target ${kind} exited (${code}) before it was ready`)));
    lines.on('line', (line) => {
      const found = ready(line);
      if (found) resolve(found);
      else onLine(line);
    });
  });
  return { ...started, child };
}

/**
 * Runs `work` with the targets (every thread of each) on the machine's last CPU and this process
 * (the load generator) on the others, then gives this process its CPUs back. Unpinned, the
 * scheduler now and then puts the load on the server's core: on the 2-core VM one build measured
 * against itself moved 0.76-1.25x from round to round unpinned, 0.92-1.07x pinned. Runs `work`
 * as it is where there is one CPU or no `taskset`.
 */
export async function pinnedApart<T>(targets: readonly Target[], work: () => Promise<T>): Promise<T> {
  const cpus = os.availableParallelism();
  const pin = (pid: number | undefined, list: string) => execFileSync('taskset', ['-a', '-p', '-c', list, String(pid)], { stdio: 'ignore' });
  const pinned = () => {
    try {
      for (const target of targets) pin(target.child.pid, String(cpus - 1));
      pin(process.pid, `0-${cpus - 2}`);
      return true;
    } catch {
      return false;
    }
  };
  if (cpus < 2 || !pinned()) return work();
  try {
    return await work();
  } finally {
    pin(process.pid, `0-${cpus - 1}`);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

export const stopTarget = (target: Target) => stopChild(target.child);

/** Starts targets together; if one cannot start, the others are stopped before the error is thrown. */
export async function startTargets(starting: readonly Promise<Target>[]): Promise<Target[]> {
  const settled = await Promise.allSettled(starting);
  const started = settled.flatMap((each) => (each.status === 'fulfilled' ? [each.value] : []));
  const failed = settled.find((each) => each.status === 'rejected');
  if (failed) {
    await Promise.all(started.map(stopTarget));
    throw failed.reason;
  }
  return started;
}

const cleanups = new Set<() => void>();
/** How long the targets get to stop on an interrupt before the cleanups run anyway. */
const INTERRUPT_GRACE_MS = 10_000;
async function interrupted(signal: NodeJS.Signals): Promise<void> {
  // The servers first: a cluster stopped under them would crash them mid-query.
  const grace = new Promise((resolve) => setTimeout(resolve, INTERRUPT_GRACE_MS).unref());
  await Promise.race([Promise.all([...running].map(stopChild)), grace]);
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch (error) {
      console.error(error);
    }
  }
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

const onInterrupt = (signal: NodeJS.Signals) => void interrupted(signal);

/**
 * Runs `cleanup` (a cluster's stop, a worktree's removal) if the bench is interrupted before the
 * returned function is called; `finally` blocks do not run on SIGINT or SIGTERM.
 */
export function cleanUpIfInterrupted(cleanup: () => void): () => void {
  if (cleanups.size === 0) {
    process.once('SIGINT', onInterrupt);
    process.once('SIGTERM', onInterrupt);
  }
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size > 0) return;
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  };
}

/** The bare Express hello-world the others are measured against. */
export function helloCase(url: string): Options {
  return { url: `${url}/` };
}

/** A create's JSON body; every create needs its own reference (unique per merchant). */
function createBody(sequence: number): string {
  return JSON.stringify({ purpose: 'application_fee', reference: `bench-${process.pid}-${sequence}`, amount: '11.00', officeCode: '305' });
}

/**
 * `build` as a template, for bodies whose only varying part is one id: built once with a marker,
 * then spliced per request. Building the SSLCommerz init's 34 fields took the load generator
 * about 90 µs a request (an object literal that long, after a spread, is slow to create in V8),
 * and on a 2-core machine that came out of the server's share, not the case's own cost.
 */
function spliced(build: (id: string) => string): (id: string) => string {
  const marker = 'SPLICE0MARKER';
  const parts = build(marker).split(marker);
  if (parts.length !== 2) throw new Error(`bench: the template must hold its id once, not ${parts.length - 1} times`);
  const [before, after] = parts as [string, string];
  return (id) => `${before}${id}${after}`;
}

/** POSTs `build(n)` for n = 1, 2, … to `path` with `headers`. */
function postCase(url: string, path: string, headers: Record<string, string>, build: (sequence: number) => string): Options {
  let sequence = 0;
  return {
    url,
    requests: [
      {
        method: 'POST',
        path,
        headers,
        setupRequest(request) {
          sequence += 1;
          return { ...request, body: build(sequence) };
        },
      },
    ],
  };
}

/** Creates application-fee payments. */
export function createPaymentCase(url: string): Options {
  return postCase(url, '/api/v1/payments', { 'content-type': 'application/json', authorization: `Bearer ${MERCHANT_KEY}` }, createBody);
}

/** The baseline's Express JSON echo, sent create's body. */
export function echoCase(url: string): Options {
  return postCase(url, '/echo', { 'content-type': 'application/json' }, createBody);
}

/** WZPDCO's ekPay credentials (fixtures/merchants.json). */
const EKPAY = { mer_reg_id: 'wzpdco_test', mer_pas_key: 'WzpdcoEkpay@1234' };
/** WZPDCO's SSLCommerz store (fixtures/merchants.json). */
const SSLCOMMERZ = { store_id: 'wzpdcotest', store_passwd: 'wzpdcotest@ssl' };

/** ekPay's merchant-api body as integrators send it (research §1.1), with the merchant's transaction id. */
function ekpayBody(trnxId: string): string {
  return JSON.stringify({
    mer_info: EKPAY,
    req_timestamp: '2026-12-04 14:05:11 GMT+6',
    feed_uri: { s_uri: 'http://127.0.0.1:9/success', f_uri: 'http://127.0.0.1:9/fail', c_uri: 'http://127.0.0.1:9/cancel' },
    cust_info: { cust_id: '42', cust_name: 'Rahim', cust_mobo_no: '01711111111', cust_email: 'r@example.com', cust_mail_addr: 'Dhaka' },
    trns_info: { trnx_id: trnxId, trnx_amt: '11.00', trnx_currency: 'BDT', ord_id: '1001', ord_det: 'bill' },
    ipn_info: { ipn_channel: '1', ipn_email: 'ops@example.com', ipn_uri: 'http://127.0.0.1:9/ipn' },
    mac_addr: '1.1.1.1',
  });
}

/** Opens ekPay sessions (POST /ekpaypg/v1/merchant-api); each with its own trnx_id. */
export function ekpayCreateCase(url: string): Options {
  const body = spliced(ekpayBody);
  return postCase(url, '/ekpaypg/v1/merchant-api', { 'content-type': 'application/json' }, (n) => body(`EKP${process.pid}x${n}`));
}

const BOUNDARY = '--------------------------bench0123456789';

/** sslcommerz-lts's init fields: every key it knows, empty strings for the unset ones (research §2.1). */
function sslcommerzInitFields(tranId: string): Record<string, string> {
  return {
    ...SSLCOMMERZ,
    total_amount: '100.00', currency: 'BDT', tran_id: tranId,
    success_url: 'http://127.0.0.1:9/success', fail_url: 'http://127.0.0.1:9/fail', cancel_url: 'http://127.0.0.1:9/cancel',
    ipn_url: 'http://127.0.0.1:9/ipn', multi_card_name: '', allowed_bin: '', emi_option: '0', emi_max_inst_option: '',
    emi_selected_inst: '', cus_name: 'Rahim', cus_email: 'r@example.com', cus_add1: 'Dhaka', cus_add2: '', cus_city: 'Dhaka',
    cus_state: '', cus_postcode: '1000', cus_country: 'Bangladesh', cus_phone: '01711111111', cus_fax: '',
    shipping_method: 'NO', num_of_item: '1', product_name: 'Electricity bill', product_category: 'Utility',
    productcategory: '', product_profile: 'general', value_a: '', value_b: '', value_c: '', value_d: '',
  };
}

/** The init body as sslcommerz-lts's form-data package writes it: multipart/form-data. */
function sslcommerzMultipartBody(tranId: string): string {
  const parts = Object.entries(sslcommerzInitFields(tranId)).map(
    ([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return `${parts.join('')}--${BOUNDARY}--\r\n`;
}

const MULTIPART = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
const URLENCODED = { 'content-type': 'application/x-www-form-urlencoded' };

/** One init body exactly as the multipart case sends it, for timing the server's parse of it alone. */
export function sslcommerzMultipartSample(): { contentType: string; body: Buffer } {
  return { contentType: MULTIPART['content-type'], body: Buffer.from(sslcommerzMultipartBody(`SSL${process.pid}sample`)) };
}

/** Opens SSLCommerz sessions (POST /gwprocess/v4/api.php) as the official Node client does: multipart. */
export function sslcommerzInitCase(url: string): Options {
  const body = spliced(sslcommerzMultipartBody);
  return postCase(url, '/gwprocess/v4/api.php', MULTIPART, (n) => body(`SSL${process.pid}x${n}`));
}

/** The init body as PHP integrations (http_build_query) write it: urlencoded. */
function sslcommerzUrlencodedBody(tranId: string): string {
  return new URLSearchParams(sslcommerzInitFields(tranId)).toString();
}

/** The same, urlencoded, as PHP integrations send it. */
export function sslcommerzUrlencodedCase(url: string): Options {
  const body = spliced(sslcommerzUrlencodedBody);
  return postCase(url, '/gwprocess/v4/api.php', URLENCODED, (n) => body(`SSU${process.pid}x${n}`));
}

/**
 * The dialects answer failures with HTTP 200 in their own shape, which autocannon would count
 * as successes: one request of each case first, checked to be a real session.
 */
export async function checkDialectCases(url: string): Promise<void> {
  const ekpay = await fetch(`${url}/ekpaypg/v1/merchant-api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: ekpayBody(`EKP${process.pid}probe`),
  });
  const ekpayAnswer = (await ekpay.json()) as { msg_code?: string; secure_token?: string };
  if (ekpayAnswer.msg_code !== '1000' || !ekpayAnswer.secure_token) throw new Error(`ekPay probe: ${JSON.stringify(ekpayAnswer)}`);
  for (const [headers, body] of [
    [MULTIPART, sslcommerzMultipartBody(`SSL${process.pid}probe`)],
    [URLENCODED, sslcommerzUrlencodedBody(`SSU${process.pid}probe`)],
  ] as const) {
    const ssl = await fetch(`${url}/gwprocess/v4/api.php`, { method: 'POST', headers, body });
    const sslAnswer = (await ssl.json()) as { status?: string; failedreason?: string };
    if (sslAnswer.status !== 'SUCCESS') throw new Error(`SSLCommerz probe (${headers['content-type']}): ${JSON.stringify(sslAnswer)}`);
  }
}

/** Reads the session view of one payment (the widget's poll), the tabs of an 11.00 bill included. */
export async function checkoutGetCase(url: string): Promise<Options> {
  const res = await fetch(`${url}/api/v1/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${MERCHANT_KEY}` },
    body: JSON.stringify({ purpose: 'application_fee', reference: `bench-checkout-${process.pid}`, amount: '11.00', officeCode: '305' }),
  });
  if (res.status !== 201) throw new Error(`creating the checkout case's payment: ${res.status} ${await res.text()}`);
  const payment = (await res.json()) as { id: string; clientSecret: string };
  return { url: `${url}/api/v1/checkout/${payment.id}`, headers: { 'billpay-client-secret': payment.clientSecret } };
}

/**
 * The fields of /proc/<pid>/stat after the parenthesised command name (Linux): state is [0], ppid
 * [1], utime [11], stime [12], cutime [13] and cstime [14]; undefined where there is none.
 */
export function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * User + system CPU time the process has used, in microseconds, from /proc (Linux); undefined
 * where there is none. With `reaped`, that of its children it has waited for as well. Per
 * request, it is the server's own cost, which a busy machine inflates far less than it lowers req/s.
 */
export function processCpuMicros(pid: number | undefined, { reaped = false } = {}): number | undefined {
  const fields = pid === undefined ? undefined : procStat(pid);
  if (!fields) return undefined;
  // In clock ticks.
  const ticks = Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0);
  return Number.isFinite(ticks) ? ticks * (1e6 / CLOCK_TICKS_PER_SECOND) : undefined;
}

/** USER_HZ: 100 on every Linux that Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;
