import type { FastifyInstance } from 'fastify';

import { openContext, type AppContext } from './app/context.js';
import { adminApi } from './back-office/admin-api.js';
import { ensureInstallationId } from './connection/installation.js';
import type { Config } from './config/config.js';
import { buildHttpApp, type HttpPart } from './http/app.js';
import type { SendOutcome } from './jomosoft/client.js';
import { resultMailHook } from './mail/result-mail.js';
import { MailWorker, type MailWorkerOptions } from './mail/worker.js';
import { metricsPart } from './metrics/http.js';
import { serviceMetrics } from './metrics/metrics.js';
import type { Clock } from './shared/clock.js';
import { createLogger, type Logger } from './shared/logger.js';
import { TransmissionWorker, type TransmissionWorkerOptions } from './transmission/worker.js';
import { webUi } from './web-ui/static.js';

export interface ServiceOptions {
  http: boolean;
  workers: boolean;
  logger?: Logger;
  clock?: Clock;
  worker?: TransmissionWorkerOptions;
  mail?: MailWorkerOptions;
  httpParts?: HttpPart[];
}

export interface RunningService {
  context: AppContext;
  url: string | null;
  app: FastifyInstance | null;
  stop(): Promise<void>;
}

/** What `serve` answers besides the POS API, unless a test gives its own list. */
export const DEFAULT_HTTP_PARTS: HttpPart[] = [adminApi, metricsPart, webUi];

/** Starts what `serve` (HTTP and workers) or `worker` (workers only) runs. */
export async function startService(
  config: Config,
  options: ServiceOptions,
): Promise<RunningService> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const context = await openContext(config, logger, { clock: options.clock });
  await ensureInstallationId(context);

  const worker = options.workers ? transmissionWorker(context, options) : null;
  await worker?.start();
  const mailWorker = options.workers ? mailWorkerFor(context, options) : null;
  await mailWorker?.start();

  let app: FastifyInstance | null = null;
  let url: string | null = null;
  if (options.http) {
    app = await buildHttpApp(context, options.httpParts ?? DEFAULT_HTTP_PARTS);
    url = await app.listen({ port: config.PORT, host: config.HOST });
    logger.info({ url }, `wawi-bridge listening on ${url}`);
  }

  return {
    context,
    url,
    app,
    async stop() {
      await app?.close();
      await worker?.stop();
      await mailWorker?.stop();
      await context.store.destroy();
      logger.info('wawi-bridge stopped');
    },
  };
}

/**
 * The worker: each finished transmission queues its result mail (unless the caller hooks in
 * otherwise), and its JOMOsoft request outcomes are timed for the metrics.
 */
function transmissionWorker(context: AppContext, options: ServiceOptions): TransmissionWorker {
  const onFinished = options.worker?.onFinished ?? resultMailHook(context);

  const metrics = serviceMetrics(context);
  const onSendOutcome = (outcome: SendOutcome, itemBookings: number) => {
    metrics.observeSend(outcome);
    options.worker?.onSendOutcome?.(outcome, itemBookings);
  };

  return new TransmissionWorker(context, { ...options.worker, onFinished, onSendOutcome });
}

/** The crash tests name their points once, for both workers. */
function mailWorkerFor(context: AppContext, options: ServiceOptions): MailWorker {
  const crashPoint = options.worker?.crashPoint;

  return new MailWorker(context, { ...(crashPoint && { crashPoint }), ...options.mail });
}
