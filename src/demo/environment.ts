import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

import { pino } from 'pino';

import { loadConfig } from '../config/config.js';
import { startService, type RunningService } from '../service.js';
import { ConfigError } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';

/** What the demo leaves in its data folder; a folder holding anything else is not wiped. */
const DEMO_FILES = /^(wawi-bridge\.db(-wal|-shm|-journal)?|secret\.key|service\.log)$/;

/** Empties the demo's data folder, refusing to touch one that holds files it did not make. */
export function freshDataFolder(path: string): string {
  const folder = resolve(path);
  if (existsSync(folder)) {
    const foreign = readdirSync(folder).filter((name) => !DEMO_FILES.test(name));
    if (foreign.length > 0) {
      throw new ConfigError(
        `${folder} holds files the demo did not make (${foreign.slice(0, 3).join(', ')}); ` +
          'give another folder with --data',
      );
    }
    rmSync(folder, { recursive: true, force: true });
  }
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** The port if it is free on loopback, else 0 (any free port). */
export function portOrAnyFree(port: number): Promise<number> {
  if (port === 0) return Promise.resolve(0);

  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(0));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(port)));
  });
}

/**
 * The service as `serve` runs it, on SQLite in the demo's folder, with a short retry interval
 * so the outage step takes seconds, not minutes. Its log goes to a file, so the terminal shows
 * the demo's story.
 */
export async function startDemoService(options: {
  folder: string;
  port: number;
  retryInterval: string;
  portalUrl: string;
}): Promise<{ service: RunningService; logFile: string }> {
  const logFile = join(options.folder, 'service.log');
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(options.folder, 'wawi-bridge.db')}`,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    WAWI_RETRY_INTERVAL: options.retryInterval,
    WAWI_SECRET_KEY_FILE: join(options.folder, 'secret.key'),
    WAWI_PORTAL_URL: options.portalUrl,
  });
  const logger = createLogger('info', pino.destination({ dest: logFile, sync: true }));

  const service = await startService(config, { http: true, workers: true, logger });
  return { service, logFile };
}
