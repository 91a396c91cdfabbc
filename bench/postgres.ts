/**
 * The bench's throwaway PostgreSQL: one cluster (test/helpers/pg-server.ts: initdb into a
 * temporary folder, loopback only, durability off like the tests'), with one database `bench`
 * migrated by the server's own migrations (servers started on it find them done). stop() stops
 * the cluster and removes its folder, and runs by itself if the bench is interrupted.
 * cpuMicros() is the CPU time the cluster has used: the postmaster's, its live processes'
 * (backends, checkpointer, autovacuum…) and those it has reaped.
 */
import { readFileSync } from 'node:fs';
import { postgresMigrations } from '../server/schema.js';
import { openPostgresPool } from '../server/storage/postgres.js';
import { migratePostgres } from '../server/storage/postgres-migrations.js';
import { databaseUrl, startCluster } from '../test/helpers/pg-server.js';
import { cleanUpIfInterrupted, procStat, processCpuMicros } from './cases.js';

export interface BenchDatabase {
  /** postgres://billpay@127.0.0.1:<port>/bench */
  url: string;
  /** The cluster's CPU µs so far; undefined where /proc is not there. */
  cpuMicros(): number | undefined;
  stop(): void;
}

/** The cluster's CPU µs: the postmaster with what it has reaped, and each process it runs now. */
function clusterCpuMicros(postmaster: number): number | undefined {
  let micros = processCpuMicros(postmaster, { reaped: true });
  if (micros === undefined) return undefined;
  let children: string;
  try {
    children = readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8');
  } catch {
    return undefined;
  }
  // A process that ends meanwhile is skipped: its time moves into the postmaster's reaped time.
  for (const child of children.split(' ').filter(Boolean)) micros += processCpuMicros(Number(child)) ?? 0;
  return micros;
}

export async function startBenchDatabase(): Promise<BenchDatabase> {
  const server = await startCluster();
  const forget = cleanUpIfInterrupted(server.stop);
  const stop = () => {
    forget();
    server.stop();
  };
  try {
    const admin = openPostgresPool(databaseUrl(server.cluster, 'postgres'), { max: 1 });
    let postmaster: number;
    try {
      await admin.query('CREATE DATABASE bench');
      const backend = (await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? -1;
      // Every backend is a child of the postmaster (read while this one still runs).
      postmaster = Number(procStat(backend)?.[1]);
    } finally {
      await admin.end();
    }
    const url = databaseUrl(server.cluster, 'bench');
    const migrator = openPostgresPool(url, { max: 1 });
    await migratePostgres(migrator, postgresMigrations).finally(() => migrator.end());
    return { url, cpuMicros: () => (Number.isInteger(postmaster) ? clusterCpuMicros(postmaster) : undefined), stop };
  } catch (error) {
    stop();
    throw error;
  }
}
