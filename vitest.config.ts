import { defineConfig } from 'vitest/config';
import SummaryReporter from './test/summary-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser (e2e) tests each start Chromium and a server; two cores cannot run many at once.
    maxWorkers: 2,
    reporters: ['default', new SummaryReporter()],
  },
});
