import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: crashes, network faults, bad input, several workers, a long outage
 * and the security walk, against real processes and servers on loopback. Bounded: every loop has
 * a count and a deadline, and the whole run stays under ten minutes on two cores.
 *
 * Knobs (environment): RELIABILITY_SEED (first crash seed, default 1), RELIABILITY_CRASH_TRIALS
 * (per crash point, default 4), RELIABILITY_CRASH_BUDGET_S (no new trial after this, default 30),
 * RELIABILITY_FUZZ_RUNS (per property, default 100), RELIABILITY_WORKER_CLOSINGS (default 1000),
 * RELIABILITY_NODE_ARGS (extra node flags for every child, e.g. "--cpu-prof").
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts', 'test/reliability/helpers/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/reliability/helpers/summary-reporter.ts'],
  },
});
