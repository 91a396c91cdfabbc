/**
 * A temporary folder of fake commands for the install scripts' tests (scripts/ensure-*.sh): each
 * fake records its arguments in `calls`, then runs a line of sh. `id` answers the uid asked for,
 * so "as root" and "not root" can both be tested without being either.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ScriptRun {
  status: number | null;
  stdout: string;
  /** stdout and stderr together. */
  output: string;
  /** One line per fake command run: its name and arguments. */
  calls: string;
}

export interface FakeCommands {
  /** The temporary folder (the fakes are in its `bin`); remove() deletes it. */
  work: string;
  /** A fake command on PATH that records its arguments, then runs `then` (sh). */
  fake(name: string, then?: string): void;
  /** An executable file at `file` (an installed binary, as a package would leave it). */
  executable(file: string, body?: string): void;
  /** Runs `sh script ...args` with the fakes first on PATH, as the user `uid`. */
  run(script: string, uid: number, env?: Record<string, string>, args?: string[]): ScriptRun;
  remove(): void;
}

export function fakeCommands(prefix: string): FakeCommands {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const bin = path.join(work, 'bin');
  const calls = path.join(work, 'calls');
  fs.mkdirSync(bin);
  fs.writeFileSync(calls, '');
  const executable = (file: string, body = '') => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  };
  const fake = (name: string, then = 'true') => executable(path.join(bin, name), `echo "${name} $*" >> "${calls}"\n${then}`);
  return {
    work,
    fake,
    executable,
    run(script, uid, env = {}, args = []) {
      fake('id', `echo ${uid}`);
      const result = spawnSync('sh', [script, ...args], { env: { PATH: `${bin}:/usr/bin:/bin`, ...env }, encoding: 'utf8' });
      return { status: result.status, stdout: result.stdout, output: result.stdout + result.stderr, calls: fs.readFileSync(calls, 'utf8') };
    },
    remove: () => fs.rmSync(work, { recursive: true, force: true }),
  };
}
