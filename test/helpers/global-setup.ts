import type { TestProject } from 'vitest/node';

import { startCluster, type Cluster } from './postgres-cluster.js';

/**
 * Starts one PostgreSQL for the whole run (or takes DATABASE_URL_TEST) and hands its URL to the
 * test files; each file then makes databases of its own, so files run in parallel.
 */
let cluster: Cluster | null = null;

export async function setup(project: TestProject): Promise<void> {
  let url = process.env.DATABASE_URL_TEST ?? '';
  if (!url) {
    cluster = await startCluster();
    url = cluster?.url ?? '';
  }
  if (!url) {
    console.warn(
      '\n!!! No PostgreSQL server is installed and DATABASE_URL_TEST is not set:\n' +
        '!!! the storage suites run on SQLite ONLY. Install postgresql to run them on both.\n',
    );
  }
  project.provide('postgresUrl', url);
}

export async function teardown(): Promise<void> {
  cluster?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
