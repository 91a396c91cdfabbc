/**
 * A project outside this repository, as a user has one: npm and npx run in it with none of the
 * environment that `npm test` gives this repository's scripts (npm_* variables, its
 * node_modules/.bin on PATH), so nothing can reach back into the repository.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The environment of a shell outside any npm script, reading packages from the local cache first. */
export function outsideEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|INIT_CWD$|NODE_ENV$|NODE_OPTIONS$|VITEST)/i.test(name)) continue;
    env[name] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => !dir.includes(`node_modules${path.sep}.bin`))
    .join(path.delimiter);
  // Installs compile better-sqlite3 anyway; the cache saves the downloads. npx never installs
  // anything: it must find billpay-sim in the project.
  Object.assign(env, {
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_yes: 'false',
    LOG_LEVEL: 'warn',
  });
  return env;
}

/** Runs a command to its end; rejects with its output when it fails. */
export async function run(cwd: string, command: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { cwd, env: outsideEnv(), maxBuffer: 64 * 1024 * 1024 });
    return stdout + stderr;
  } catch (error) {
    const failed = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${failed.message}\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
  }
}

/** A fresh project with an empty package.json. */
export function newProject(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'outside', private: true }, null, 2)}\n`);
  return dir;
}

/** Where the project's lockfile says its billpay-sim came from. */
export function resolvedFrom(project: string): string {
  const lock = JSON.parse(fs.readFileSync(path.join(project, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { resolved?: string }>;
  };
  return lock.packages['node_modules/billpay-sim']?.resolved ?? '';
}

export interface RunningSimulator {
  url: string;
  /** SIGTERM to the whole `npx billpay-sim` process group; resolves when npx has exited. */
  stop(): Promise<void>;
}

/** `npx billpay-sim ARGS` in the project, until it prints its readiness line. */
export async function startSimulator(project: string, args: string[]): Promise<RunningSimulator> {
  // Its own process group, so that stopping reaches the server behind npx too.
  const child: ChildProcess = spawn('npx', ['billpay-sim', ...args], {
    cwd: project,
    env: outsideEnv(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-(child.pid as number), 'SIGTERM');
    await exited;
  };

  const ready = /billpay-sim listening on (http:\/\/127\.0\.0\.1:\d+)/;
  const deadline = performance.now() + 120_000;
  while (!ready.test(output)) {
    const gone = child.exitCode !== null || child.signalCode !== null;
    if (gone || performance.now() > deadline) {
      await stop();
      throw new Error(`npx billpay-sim ${gone ? `exited (${child.exitCode ?? child.signalCode})` : 'never got'} ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: ready.exec(output)?.[1] as string, stop };
}
