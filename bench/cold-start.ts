/**
 * Cold start: how long a fresh process takes from spawn to its ready line, for the simulator as
 * `npm start` runs it (the built dist/server/main.js, with the default configuration over a
 * fresh SQLite file) and for an Express hello-world, alternating so a busy machine slows both
 * alike. Issue 13's goal: the simulator within twice the hello-world's time.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireFreshBuild, ROOT } from './cases.js';

const HELLO = "require('express')().get('/', (q, s) => s.json({ hello: 'world' })).listen(0, '127.0.0.1', () => console.log('listening'))";

/** Milliseconds from spawn to the first stdout line containing `listening`. */
function timeToReady(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (!out.includes('listening')) return;
      const ms = performance.now() - started;
      // What it logs while stopping is no concern of the measurement.
      child.stdout.off('data', onData).resume();
      child.once('exit', () => resolve(ms));
      child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!out.includes('listening')) reject(new Error(`exited (${code}) before its ready line: ${out}`));
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export interface ColdStart {
  billpayMs: number;
  helloMs: number;
  /** Median of the per-run ratios. */
  ratio: number;
}

export async function measureColdStart(runs = 7): Promise<ColdStart> {
  requireFreshBuild(ROOT);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'billpay-cold-'));
  try {
    const billpay: number[] = [];
    const hello: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const env = { PORT: '0', BILLPAY_DB: path.join(dir, `run-${run}.sqlite`) };
      billpay.push(await timeToReady([path.join(ROOT, 'dist', 'server', 'main.js')], env));
      hello.push(await timeToReady(['-e', HELLO], {}));
    }
    return {
      billpayMs: median(billpay),
      helloMs: median(hello),
      ratio: median(billpay.map((ms, run) => ms / (hello[run] as number))),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
