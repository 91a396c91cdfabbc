/**
 * Several real billpay-sim server PROCESSES on one PostgreSQL database of the run's cluster
 * (pg-cluster.ts), as a deployment behind a load balancer runs them: each is `server/main.ts`
 * started through tsx with BILLPAY_DB=<the database URL>, PORT=0 and fast webhooks, ready once it
 * prints `billpay-sim listening on http://…`. Tests spread their requests round-robin over the
 * live instances (`next()`), or aim at one (`instances[i]`), and may kill one (`kill('SIGKILL')`).
 * `stop()` ends the survivors with SIGTERM (a clean stop) and drops the database.
 *
 * Nothing here sleeps for a fixed time: waits end on the event they wait for (`waitUntil` polls a
 * check), with a generous limit only so that a failure names what never came.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './pg-cluster.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'server/main.ts');
const READY = /billpay-sim listening on (http:\/\/\S+)/;
/** The output kept per instance, for failure messages. */
const OUTPUT_KEPT = 64 * 1024;
/** How long a SIGTERM gets before SIGKILL in stop(). */
const STOP_GRACE_MS = 15_000;

export interface StartInstancesOptions {
  /** Default 3. */
  count?: number;
  /** The database to share; default a new one of the run's cluster (dropped by stop()). */
  database?: TestDatabase;
  /** For a new database: a copy of the migrated template (default) or an empty one. */
  migrated?: boolean;
  /** Extra environment for every instance (LOG_LEVEL, BILLPAY_SELECTION_SECONDS, …). */
  env?: Record<string, string>;
}

export interface Instance {
  /** "A", "B", "C", … in start order. */
  name: string;
  /** http://127.0.0.1:<port> */
  url: string;
  pid: number;
  /** False once the process has exited (killed or crashed). */
  readonly alive: boolean;
  /** Resolves with how the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it printed (stdout and stderr, the last 64 KiB). */
  output(): string;
  /** Sends the signal (a kill -9 with 'SIGKILL'); resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface Instances {
  readonly instances: readonly Instance[];
  database: TestDatabase;
  /** The next live instance, round-robin. */
  next(): Instance;
  /** Every instance's recent output, for a failed test's message. */
  describe(): string;
  /** SIGTERM to every live instance (SIGKILL after a grace), then drops the database unless it was given. */
  stop(): Promise<void>;
}

interface Spawned {
  instance: Instance;
  ready: Promise<void>;
  child: ChildProcess;
}

const running = new Set<ChildProcess>();
// A worker that dies before stop() must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function spawnInstance(name: string, databaseUrl: string, env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      BILLPAY_TEST_ENGINE: '',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      ...env,
      BILLPAY_DB: databaseUrl,
      PORT: '0',
      BILLPAY_FAST_WEBHOOKS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  let alive = true;
  let url = '';
  let resolveReady: () => void = () => {};
  let rejectReady: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
    if (url === '') {
      const match = READY.exec(output);
      if (match?.[1]) {
        url = match[1];
        resolveReady();
      }
    }
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = once(child, 'exit').then(([code, signal]) => {
    alive = false;
    running.delete(child);
    rejectReady(new Error(`instance ${name} exited (code ${code}, signal ${signal}) before it was ready:\n${output}`));
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  const instance: Instance = {
    name,
    get url() {
      return url;
    },
    pid: child.pid ?? -1,
    get alive() {
      return alive;
    },
    exited,
    output: () => output,
    async kill(signal) {
      if (!alive) return;
      child.kill(signal);
      await exited;
    },
  };
  return { instance, ready, child };
}

/**
 * Starts `count` instances at once on one database and resolves when every one is ready; if one
 * cannot start, the others are killed and the error carries its output.
 */
export async function startInstances(options: StartInstancesOptions = {}): Promise<Instances> {
  const { count = 3, env = {} } = options;
  const database = options.database ?? (await createTestDatabase({ migrated: options.migrated ?? true }));
  const names = Array.from({ length: count }, (_, index) => String.fromCharCode(65 + index));
  const spawned = names.map((name) => spawnInstance(name, database.url, env));
  const instances = spawned.map((each) => each.instance);
  let turn = 0;

  const describe = () =>
    instances
      .map((instance) => `--- instance ${instance.name} (pid ${instance.pid}, ${instance.alive ? 'alive' : 'exited'}):\n${instance.output().slice(-8000)}`)
      .join('\n');

  const stop = async () => {
    await Promise.all(
      instances.map(async (instance) => {
        if (!instance.alive) return;
        const forced = setTimeout(() => void instance.kill('SIGKILL'), STOP_GRACE_MS);
        await instance.kill('SIGTERM');
        clearTimeout(forced);
      }),
    );
    if (!options.database) await database.drop();
  };

  try {
    await Promise.all(spawned.map((each) => each.ready));
  } catch (error) {
    await Promise.all(instances.map((instance) => instance.kill('SIGKILL')));
    if (!options.database) await database.drop().catch(() => {});
    throw error;
  }

  return {
    instances,
    database,
    next() {
      for (let tried = 0; tried < instances.length; tried += 1) {
        const instance = instances[turn % instances.length] as Instance;
        turn += 1;
        if (instance.alive) return instance;
      }
      throw new Error(`no live instance:\n${describe()}`);
    },
    describe,
    stop,
  };
}

/** An answer of the API, its body parsed when it is JSON. */
/**
 * The lifecycle a multi-instance test file shares: starts the instances before its tests, prints
 * their output after a failed test, stops them after the last. Returns the running instances
 * (for tests and the file's own hooks, which run after these start and before these stop).
 */
export function useInstances(options: StartInstancesOptions = {}): () => Instances {
  let running: Instances | undefined;
  beforeAll(async () => {
    running = await startInstances(options);
  }, 180_000);
  afterEach((context) => {
    if (context.task.result?.state === 'fail' && running) console.error(running.describe());
  });
  afterAll(async () => {
    await running?.stop();
  }, 60_000);
  return () => {
    if (!running) throw new Error('useInstances: the instances run only inside tests and hooks');
    return running;
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  // The API's JSON (see /openapi.json); typed loosely as the tests read a few fields of each.
  body: any;
}

export interface CallOptions {
  /** The merchant's secret key (Authorization: Bearer). */
  key?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One HTTP request to an instance. Rejects only when no answer came (connection refused or reset). */
export async function call(instance: Instance | string, method: string, urlPath: string, options: CallOptions = {}): Promise<Reply> {
  const base = typeof instance === 'string' ? instance : instance.url;
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers.Authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${base}${urlPath}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') body = JSON.parse(text);
  return { status: res.status, headers: res.headers, body };
}

/** A call that must answer `status`; otherwise throws with what came instead. */
export async function expectStatus(status: number, reply: Promise<Reply> | Reply, what: string): Promise<Reply> {
  const res = await reply;
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

export interface TestMerchant {
  id: string;
  secretKey: string;
  webhookSecret: string;
}

/** An ephemeral merchant (POST /api/v1/test/merchants) made through `instance`. */
export async function createMerchant(instance: Instance, body: Record<string, unknown> = {}): Promise<TestMerchant> {
  const res = await expectStatus(201, call(instance, 'POST', '/api/v1/test/merchants', { body: { name: 'multi-instance', ...body } }), 'create merchant');
  return res.body as TestMerchant;
}

/**
 * Polls `check` until it returns something other than undefined, and resolves with it. The limit
 * is generous (not a performance bound): it only turns "never came" into an error naming `what`
 * and the last state `check` described.
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  { intervalMs = 100, limitMs = 90_000, state }: { intervalMs?: number; limitMs?: number; state?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`waited ${limitMs} ms for ${what}${state ? `: ${state()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Runs `count` tasks with at most `concurrency` in flight; resolves with their results in order. */
export async function inParallel<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < count) {
      const index = nextIndex;
      nextIndex += 1;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
