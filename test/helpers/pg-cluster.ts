/**
 * The tests' throwaway PostgreSQL cluster (pg-server.ts): vitest's globalSetup (vitest.config.ts)
 * starts one for the run and migrates one template database with the server's own
 * migratePostgres, and createTestDatabase() clones it per test file (FILE_COPY: 0.18 s against
 * 0.58 s for WAL_LOG). At the end the cluster is stopped and its folder removed.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';
import { postgresMigrations } from '../../server/schema.js';
import { migratePostgres } from '../../server/storage/postgres-migrations.js';
import { openPostgresPool } from '../../server/storage/postgres.js';
import { databaseUrl, startCluster } from './pg-server.js';

const TEMPLATE = 'billpay_template';

/** What test files get (inject('postgres')): where the cluster listens. */
export interface PostgresCluster {
  port: number;
  user: string;
  /** The migrated database that createTestDatabase clones. */
  template: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresCluster;
  }
}

const urlOf = databaseUrl;

export interface TestDatabase {
  name: string;
  /** postgres://billpay@127.0.0.1:<port>/<name> */
  url: string;
  /** Drops it, closing whatever connections are still open to it. */
  drop(): Promise<void>;
}

/**
 * A new database of the run's cluster: a copy of the migrated template, or with `{ migrated: false }`
 * an empty one (a copy of template0).
 */
export async function createTestDatabase({ migrated = true } = {}): Promise<TestDatabase> {
  const cluster = inject('postgres');
  const name = `test_${randomUUID().replaceAll('-', '')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: urlOf(cluster, 'postgres') });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name} TEMPLATE ${migrated ? cluster.template : 'template0'} STRATEGY FILE_COPY`);
  return { name, url: urlOf(cluster, name), drop: () => admin(`DROP DATABASE ${name} WITH (FORCE)`) };
}

/** vitest globalSetup: one cluster and its migrated template for the whole run. */
export default async function setup(project: TestProject): Promise<() => void> {
  const server = await startCluster();
  try {
    const pool = openPostgresPool(urlOf(server.cluster, 'postgres'), { max: 1 });
    await pool.query(`CREATE DATABASE ${TEMPLATE}`);
    await pool.end();
    // Closed before any clone: CREATE DATABASE … TEMPLATE refuses a template with open connections.
    const template = openPostgresPool(urlOf(server.cluster, TEMPLATE));
    await migratePostgres(template, postgresMigrations).finally(() => template.end());
  } catch (error) {
    server.stop();
    throw error;
  }
  project.provide('postgres', { ...server.cluster, template: TEMPLATE });
  return server.stop;
}

