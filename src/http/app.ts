import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';

import type { AppContext } from '../app/context.js';
import { installErrorHandler } from './errors.js';
import { registerPosApi } from './pos-api.js';
import { installSecurityHeaders } from './security-headers.js';

/** 10 MB: a full batch of 10,000 bookings is about 2.5 MB, so this leaves room and stops abuse. */
export const BODY_LIMIT = 10 * 1024 * 1024;

export interface HttpPart {
  (app: FastifyInstance, context: AppContext): void | Promise<void>;
}

/** Builds the HTTP service: the POS API plus whatever parts (admin API, web UI, metrics) are given. */
export async function buildHttpApp(
  context: AppContext,
  parts: HttpPart[] = [],
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: context.logger.child({ component: 'http' }) as FastifyBaseLogger,
    // One debug line per answered request (below) instead of Fastify's two info lines.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    trustProxy: context.config.WAWI_TRUST_PROXY,
    requestIdHeader: false,
  });

  installErrorHandler(app);
  installSecurityHeaders(app);
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { method: request.method, url: request.url, status: reply.statusCode, ms: reply.elapsedTime },
      'request answered',
    );
  });

  registerPosApi(app, context);
  for (const part of parts) await part(app, context);

  return app;
}
