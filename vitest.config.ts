import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import SummaryReporter from './test/summary-reporter.js';

/**
 * The HTTP suite: every test file that starts the real server (startTestServer). The `postgres`
 * project runs these again with the server on PostgreSQL, except the files below, which look at
 * the SQLite file itself (its rows, WAL, a second connection) rather than through the API.
 */
const SQLITE_ONLY = new Set<string>([
  // The query plan of SQLite's deadline index, and counts of rows mid-sweep read from the file.
  'test/server/payments/sweep-scale.test.ts',
  // A second connection to the file holding its write lock.
  'test/server/checkout/sqlite-write-lock.test.ts',
]);
const httpSuite = readdirSync('test/server', { recursive: true, encoding: 'utf8' })
  .map((file) => `test/server/${file}`)
  .filter(
      (file) =>
      file.endsWith('.test.ts') &&
      !file.endsWith('.browser.test.ts') &&
      !SQLITE_ONLY.has(file) &&
      readFileSync(file, 'utf8').includes('startTestServer('),
  );

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser (e2e) tests each start Chromium and a server; two cores cannot run many at once.
    maxWorkers: 2,
    // One throwaway PostgreSQL cluster per run, with a migrated template each test file clones.
    globalSetup: ['test/helpers/pg-cluster.ts'],
    reporters: ['default', new SummaryReporter()],
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'] } },
      { extends: true, test: { name: 'postgres', include: httpSuite, env: { BILLPAY_TEST_ENGINE: 'postgres' } } },
    ],
  },
});
