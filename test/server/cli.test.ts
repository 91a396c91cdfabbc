import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliUsageError, parseCommandLine } from '../../server/cli-args.js';
import { ConfigError } from '../../server/config.js';
import { applicationFee } from '../helpers/api.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'dist/server/cli.js');

describe('parseCommandLine', () => {
  it('maps the flags onto the same config the environment gives', () => {
    const command = parseCommandLine(['--port', '0', '--host', '0.0.0.0', '--db', ':memory:', '--fast-webhooks', '--fixtures', 'ci/fixtures'], {});
    expect(command).toMatchObject({
      kind: 'run',
      config: { port: 0, host: '0.0.0.0', dbFile: ':memory:', fastWebhooks: true },
      fixturesOverrides: 'ci/fixtures',
    });
  });

  it('takes the environment for what no flag sets, and flags over the environment', () => {
    const env = { PORT: '5000', BILLPAY_DB: 'env.sqlite', LOG_LEVEL: 'warn' };
    expect(parseCommandLine([], env)).toMatchObject({ config: { port: 5000, dbFile: 'env.sqlite', logLevel: 'warn', fastWebhooks: false } });
    expect(parseCommandLine(['--port', '6000'], env)).toMatchObject({ config: { port: 6000, dbFile: 'env.sqlite' } });
  });

  it('leaves a bad environment a ConfigError naming the variable, as npm start reports it', () => {
    expect(() => parseCommandLine([], { PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => parseCommandLine([], { PORT: 'eighty' })).toThrow('PORT:');
  });

  it.each([
    [['--help'], 'help'],
    [['-h', '--port', 'x'], 'help'],
    [['--version'], 'version'],
  ])('%j is %s', (argv, kind) => {
    expect(parseCommandLine(argv, {}).kind).toBe(kind);
  });

  it.each([
    [['--prot', '80'], "'--prot'"],
    [['serve'], "'serve'"],
    [['--port'], '--port'],
    [['--port', 'eighty'], '--port:'],
    [['--port', '70000'], '--port:'],
    [['--db', ''], '--db needs a value'],
    [['--fast-webhooks=yes'], 'fast-webhooks'],
  ])('refuses %j naming %s', (argv, words) => {
    expect(() => parseCommandLine(argv, {})).toThrow(CliUsageError);
    expect(() => parseCommandLine(argv, {})).toThrow(words);
  });
});

// ---- the built CLI, as `npx billpay-sim` runs it ----

function newestSourceMs(): number {
  let newest = fs.statSync(path.join(ROOT, 'index.ts')).mtimeMs;
  for (const dir of ['server', 'domain']) {
    for (const file of fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (file.endsWith('.ts')) newest = Math.max(newest, fs.statSync(path.join(ROOT, dir, file)).mtimeMs);
    }
  }
  return newest;
}

/** `npm run build:lib` when dist/ is older than the sources (its type errors elsewhere do not stop the emit). */
function ensureBuilt(): void {
  if (fs.existsSync(CLI) && fs.statSync(CLI).mtimeMs >= newestSourceMs()) return;
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    // tsc exits non-zero on a type error in any file, yet still writes dist/; checked just below.
  }
  if (!fs.existsSync(CLI) || fs.statSync(CLI).mtimeMs < newestSourceMs()) throw new Error('dist/server/cli.js could not be built');
}

interface CliRun {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function runCli(args: string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output: () => output, exited };
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

function writeFixtures(dir: string, files: Record<string, unknown>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
}

const ACME = {
  id: 'acme',
  name: 'Acme Power Ltd.',
  shortName: 'ACME',
  bnName: 'অ্যাকমি পাওয়ার',
  bnShortName: 'অ্যাকমি',
  utility: 'WZPDCO',
  billLayout: 'standard',
  secretKey: 'sk_test_acme_ci',
  webhookSecret: 'whsec_acme_ci',
};

describe('billpay-sim (built CLI)', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'billpay-cli-'));
  beforeAll(() => ensureBuilt(), 120_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('--help prints the usage and exits 0', async () => {
    const run = runCli(['--help']);
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/^Usage: billpay-sim \[options\]/);
    for (const flag of ['--port', '--host', '--db', '--fixtures', '--fast-webhooks', '--version']) expect(run.output()).toContain(flag);
  }, 30_000);

  it('--version prints the package version', async () => {
    const run = runCli(['--version']);
    expect(await run.exited).toBe(0);
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(run.output().trim()).toBe(version);
  }, 30_000);

  it('a bad environment exits 1 naming the variable; a port in use exits 1 naming it', async () => {
    const badEnv = runCli([], { PORT: 'eighty' });
    expect(await badEnv.exited).toBe(1);
    expect(badEnv.output()).toContain('PORT');
    const taken = net.createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as net.AddressInfo;
    const run = runCli(['--port', String(port), '--db', path.join(work, 'taken', 'billpay.sqlite')]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`cannot listen on 127.0.0.1:${port}`);
    taken.close();
  }, 30_000);

  it('an unknown flag is an error with the usage, exit code 2', async () => {
    const run = runCli(['--prot', '8080']);
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain("'--prot'");
    expect(run.output()).toContain('Usage: billpay-sim');
  }, 30_000);

  it('prints the readiness line, serves with the fixtures folder laid over the defaults, and stops on SIGTERM', async () => {
    const fixtures = path.join(work, 'good-fixtures');
    writeFixtures(fixtures, { 'merchants.json': { merchants: [ACME] }, 'settings.json': { selectionSeconds: 60 } });
    const dbFile = path.join(work, 'good', 'billpay.sqlite');
    const run = runCli(['--port', '0', '--db', dbFile, '--fixtures', fixtures, '--fast-webhooks']);
    await waitFor(() => /listening on http:\/\//.test(run.output()), 30_000);
    const url = /billpay-sim listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.output())?.[1] as string;
    expect(url).toBeDefined();

    const created = await fetch(`${url}/api/v1/payments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ACME.secretKey}` },
      body: JSON.stringify(applicationFee()),
    });
    expect(created.status).toBe(201);
    const payment = (await created.json()) as { createdAt: string; expiresAt: string };
    expect(Date.parse(payment.expiresAt) - Date.parse(payment.createdAt)).toBe(60_000);
    // The built-in merchants are still there.
    const desco = await fetch(`${url}/api/v1/test/clock`, { headers: { Authorization: 'Bearer sk_test_desco_demo' } });
    expect(desco.status).toBe(200);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  }, 60_000);

  it('loads the PostgreSQL driver only for a postgres:// database, not on SQLite (a start on SQLite does not pay for it)', async () => {
    // Reports every file of the pg package that Node compiles, however it is reached (require or import).
    const hook = path.join(work, 'report-pg.cjs');
    fs.writeFileSync(
      hook,
      `const Module = require('node:module');
       const compile = Module.prototype._compile;
       Module.prototype._compile = function (content, filename) {
         if (filename.includes('/node_modules/pg/')) process.stdout.write('pg loaded\\n');
         return compile.call(this, content, filename);
       };`,
    );
    const withHook = { NODE_OPTIONS: `--require ${hook}` };
    const sqlite = runCli(['--port', '0', '--db', path.join(work, 'no-pg', 'billpay.sqlite')], withHook);
    await waitFor(() => /listening on http:\/\//.test(sqlite.output()), 30_000);
    sqlite.child.kill('SIGTERM');
    expect(await sqlite.exited).toBe(0);
    expect(sqlite.output()).not.toContain('pg loaded');
    // The same hook sees the driver load for a PostgreSQL URL (nothing listens there: exit 1).
    const postgres = runCli(['--port', '0', '--db', `postgres://billpay@127.0.0.1:${await freePort()}/billpay`], withHook);
    expect(await postgres.exited).toBe(1);
    expect(postgres.output()).toContain('pg loaded');
  }, 60_000);

  it('refuses a broken fixtures folder naming file and field: exit 1, no database, nothing listening', async () => {
    const fixtures = path.join(work, 'broken-fixtures');
    const { secretKey: _missing, ...withoutKey } = ACME;
    writeFixtures(fixtures, { 'merchants.json': { merchants: [withoutKey] }, 'settings.json': { selectionSeconds: 'five' } });
    const dbDir = path.join(work, 'broken');
    const port = await freePort();
    const run = runCli(['--port', String(port), '--db', path.join(dbDir, 'billpay.sqlite'), '--fixtures', fixtures]);

    expect(await run.exited).toBe(1);
    const output = run.output();
    expect(output).toContain('invalid fixtures');
    expect(output).toMatch(/merchants\.json: merchants\[0\]\.secretKey: /);
    expect(output).toMatch(/settings\.json: selectionSeconds: /);
    expect(output).not.toContain('listening on');
    expect(fs.existsSync(dbDir)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  }, 30_000);

  it.each([
    ['a misspelt fixtures file', { 'merchant.json': { merchants: [] } }, /merchant\.json: not a fixtures file/],
    ['invalid JSON', { 'gateways.json': '{ "gateways": [ }' }, /gateways\.json: invalid JSON: Unexpected token/],
  ])('refuses %s, exit 1', async (name, files, message) => {
    const fixtures = path.join(work, name.replaceAll(' ', '-'));
    writeFixtures(fixtures, files);
    const run = runCli(['--port', '0', '--db', path.join(work, 'unused', 'billpay.sqlite'), '--fixtures', fixtures]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(message);
  }, 30_000);
});
