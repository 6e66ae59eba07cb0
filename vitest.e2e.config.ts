import { defineConfig } from 'vitest/config';

/**
 * The web UI's suite: the browser end-to-end test, where a real Chromium drives the built UI
 * against a running service, the sandbox and an SMTP server on loopback, and the unit tests of
 * the UI's pure logic beside its code. Separate from the main run because it needs
 * /usr/bin/chromium and takes a while; `npm test` runs it after the main suite.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts', 'ui/src/**/*.test.ts'],
    globalSetup: ['test/e2e/build-ui.ts'],
    // SQLite only: the browser flow is the same on both stores, and the store suites cover PostgreSQL.
    provide: { postgresUrl: '' },
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
