/**
 * A throwaway PostgreSQL cluster, never Debian's default one: initdb into a temporary folder, then
 * pg_ctl start on a unix socket there and a free loopback port, with durability off (fsync,
 * synchronous_commit, full_page_writes: the data dies with it). As root it runs as Debian's
 * `postgres` user (PostgreSQL refuses to run as root). stop() stops it with `-m immediate` and
 * removes its folder. The tests' globalSetup (pg-cluster.ts) and the bench start theirs here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const START_ATTEMPTS = 3;

/** Where a cluster listens. */
export interface ClusterAddress {
  port: number;
  user: string;
}

export const CLUSTER_USER = 'billpay';

/** postgres://billpay@127.0.0.1:<port>/<database> */
export const databaseUrl = (cluster: ClusterAddress, database: string) => `postgres://${cluster.user}@127.0.0.1:${cluster.port}/${database}`;

export interface RunningCluster {
  cluster: ClusterAddress;
  stop(): void;
}

export async function startCluster(): Promise<RunningCluster> {
  const bindir = postgresBindir();
  const owner = clusterOwner();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'billpay-pg-'));
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, 'data');
  const run = (program: string, args: string[]) => {
    const result = spawnSync(path.join(bindir, program), args, { encoding: 'utf8', ...owner });
    if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
  };
  const stop = () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    run('initdb', ['-D', data, '-U', CLUSTER_USER, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions']);
    const port = await startOnFreePort((port) =>
      run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', serverOptions(dir, port), 'start']),
    );
    return { cluster: { port, user: CLUSTER_USER }, stop };
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The postgres server's options: socket in the cluster's folder, loopback only, no durability. */
function serverOptions(dir: string, port: number): string {
  const settings = ['listen_addresses=127.0.0.1', 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200'];
  return [`-k ${dir}`, `-p ${port}`, ...settings.map((setting) => `-c ${setting}`)].join(' ');
}

/** Another process may take the free port before the cluster binds it: then a new port, a few times. */
async function startOnFreePort(start: (port: number) => void): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    try {
      start(port);
      return port;
    } catch (error) {
      if (attempt === START_ATTEMPTS) throw error;
    }
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The folder of initdb and pg_ctl, asked of the script `npm test` runs (it installs them when missing). */
function postgresBindir(): string {
  const result = spawnSync('sh', [path.join(ROOT, 'scripts/ensure-postgres.sh'), '--print-bindir'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the PostgreSQL tests need initdb and pg_ctl:\n${result.stderr}`);
  return result.stdout.trim();
}

/** As root, Debian's `postgres` user runs the cluster; otherwise the current user does. */
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}
