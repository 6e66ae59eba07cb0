import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { loadConfig } from '../../src/config/config.js';
import type { HttpPart } from '../../src/http/app.js';
import type { MailWorkerOptions } from '../../src/mail/worker.js';
import { startService, type RunningService } from '../../src/service.js';
import type { Clock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import { createToken } from '../../src/tokens/tokens.js';
import type { TransmissionWorkerOptions } from '../../src/transmission/worker.js';
import type { StoreKind } from './stores.js';

/** A running service on a fresh database, with a POS token and its captured log lines. */
export interface TestService extends RunningService {
  url: string;
  token: string;
  logs: string[];
  env: Record<string, string>;
  /** Calls the POS API with the test token. */
  pos(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export interface TestServiceOptions {
  workers?: boolean;
  env?: Record<string, string>;
  clock?: Clock;
  worker?: TransmissionWorkerOptions;
  mail?: MailWorkerOptions;
  httpParts?: HttpPart[];
}

export async function startTestService(
  kind: StoreKind,
  options: TestServiceOptions = {},
): Promise<TestService> {
  const database = await kind.create();
  const dataDir = mkdtempSync(join(tmpdir(), 'wawi-data-'));
  const env = {
    DATABASE_URL: database.url,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    WAWI_SECRET_KEY: randomBytes(32).toString('hex'),
    WAWI_SECRET_KEY_FILE: join(dataDir, 'secret.key'),
    WAWI_RETRY_INTERVAL: '200ms',
    ...options.env,
  };
  const logs: string[] = [];
  const capture = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });

  const service = await startService(loadConfig(env), {
    http: true,
    workers: options.workers ?? false,
    logger: createLogger('debug', capture),
    clock: options.clock,
    worker: { pollMs: 50, ...options.worker },
    mail: { pollMs: 50, ...options.mail },
    httpParts: options.httpParts,
  });
  const token = await createToken(service.context.db, 'test-pos', new Date());
  const url = service.url!;

  return {
    ...service,
    url,
    token,
    logs,
    env,
    pos: (method, path, body) => call(url, token, method, path, body),
    async close() {
      await service.stop();
      await database.drop();
    },
  };
}

export async function call(
  url: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(url + path, {
    method,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}
