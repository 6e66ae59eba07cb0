import type { FastifyInstance } from 'fastify';

import { openContext, type AppContext } from './app/context.js';
import type { Config } from './config/config.js';
import { buildHttpApp, type HttpPart } from './http/app.js';
import type { SendOutcome } from './jomosoft/client.js';
import { metricsPart } from './metrics/http.js';
import { serviceMetrics } from './metrics/metrics.js';
import type { Clock } from './shared/clock.js';
import { createLogger, type Logger } from './shared/logger.js';
import { TransmissionWorker, type TransmissionWorkerOptions } from './transmission/worker.js';

export interface ServiceOptions {
  http: boolean;
  workers: boolean;
  logger?: Logger;
  clock?: Clock;
  worker?: TransmissionWorkerOptions;
  httpParts?: HttpPart[];
}

export interface RunningService {
  context: AppContext;
  url: string | null;
  app: FastifyInstance | null;
  stop(): Promise<void>;
}

/** What `serve` answers besides the POS API, unless a test gives its own list. */
export const DEFAULT_HTTP_PARTS: HttpPart[] = [metricsPart];

/** Starts what `serve` (HTTP and workers) or `worker` (workers only) runs. */
export async function startService(
  config: Config,
  options: ServiceOptions,
): Promise<RunningService> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const context = await openContext(config, logger, { clock: options.clock });

  const worker = options.workers ? transmissionWorker(context, options) : null;
  await worker?.start();

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
      await context.store.destroy();
      logger.info('wawi-bridge stopped');
    },
  };
}

/** The worker, with its JOMOsoft request outcomes timed for the metrics. */
function transmissionWorker(context: AppContext, options: ServiceOptions): TransmissionWorker {
  const metrics = serviceMetrics(context);
  const onSendOutcome = (outcome: SendOutcome, itemBookings: number) => {
    metrics.observeSend(outcome);
    options.worker?.onSendOutcome?.(outcome, itemBookings);
  };

  return new TransmissionWorker(context, { ...options.worker, onSendOutcome });
}
