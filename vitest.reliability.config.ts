import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: crashes, network faults, bad input, several workers, a long outage
 * and the security walk, against real processes and servers on loopback. Bounded: every loop has
 * a count and a deadline, and the whole run stays under ten minutes on two cores.
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
