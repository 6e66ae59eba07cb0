import type { Command } from 'commander';

import { loadConfig } from '../config/config.js';
import { openStore } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { startService, type ServiceOptions } from '../service.js';
import { crashPointsFromEnv } from '../transmission/crash-points.js';
import { createLogger } from '../shared/logger.js';

export function registerServiceCommands(program: Command): void {
  program
    .command('serve')
    .description('run the service: POS API, back office, transmission and mail workers')
    .action(async () => {
      const service = await startService(loadConfig(), workerOptions({ http: true }));
      await untilSignal();
      await service.stop();
    });

  program
    .command('worker')
    .description('run only the transmission and mail workers (several may share one PostgreSQL)')
    .action(async () => {
      const service = await startService(loadConfig(), workerOptions({ http: false }));
      await untilSignal();
      await service.stop();
    });

  program
    .command('migrate')
    .description('bring the database schema up to date and exit')
    .action(async () => {
      const config = loadConfig();
      const store = openStore(config.DATABASE_URL);
      try {
        const applied = await migrate(store, createLogger(config.LOG_LEVEL, process.stderr));
        console.log(
          applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.',
        );
      } finally {
        await store.destroy();
      }
    });
}

function workerOptions(options: { http: boolean }): ServiceOptions {
  const config = loadConfig();
  const crashPoint = crashPointsFromEnv(process.env.WAWI_CRASH_AT);
  return {
    ...options,
    workers: true,
    worker: { leaseMs: config.WAWI_LEASE_TIME, ...(crashPoint && { crashPoint }) },
  };
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
