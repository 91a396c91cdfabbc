import { defineConfig } from 'vitest/config';
import SummaryReporter from './test/summary-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser (e2e) tests each start Chromium and a server; two cores cannot run many at once.
    maxWorkers: 2,
    // One throwaway PostgreSQL cluster per run, with a migrated template each test file clones.
    globalSetup: ['test/helpers/pg-cluster.ts'],
    reporters: ['default', new SummaryReporter()],
  },
});
