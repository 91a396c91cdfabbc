import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDbFile } from '../helpers/temp-db.js';

/** server/main.ts as `npm start` runs it (from source here, through tsx). */
const MAIN = path.resolve(import.meta.dirname, '../../server/main.ts');

function startMain(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  return { child, output: () => output };
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('server/main.ts', () => {
  const temp = tempDbFile();
  afterAll(() => temp.remove());

  it('prints the listening line, serves, and exits 0 on SIGTERM', async () => {
    const { child, output } = startMain({ PORT: '0', BILLPAY_DB: temp.file });
    // Generous: tsx compiles the whole server from source, and CI may be running Chromium beside it.
    await waitFor(() => /listening on http:\/\//.test(output()), 50_000);
    const url = /billpay-sim listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1];
    expect(url).toBeDefined();
    const res = await fetch(`${url}/api/v1/test-instruments`);
    expect(res.status).toBe(200);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  }, 60_000);

  it('refuses a bad environment with a message naming the variable, exit code 1', async () => {
    const { child, output } = startMain({ PORT: 'eighty', BILLPAY_DB: temp.file });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output()).toContain('PORT');
  }, 60_000);
});
