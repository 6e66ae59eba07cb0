import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

import type { FastifyRequest } from 'fastify';

import type { HttpPart } from '../http/app.js';
import { ForbiddenError, UnauthorizedError } from '../shared/errors.js';
import { serviceMetrics } from './metrics.js';

/**
 * `GET /metrics` in the Prometheus text format. With `WAWI_METRICS_TOKEN` set it wants
 * `Authorization: Bearer <token>`; without, it answers loopback clients only, and not requests
 * that came through a proxy, which would look like loopback to us.
 */
export const metricsPart: HttpPart = (app, context) => {
  const metrics = serviceMetrics(context);

  app.get('/metrics', async (request, reply) => {
    allowScrape(request, context.config.WAWI_METRICS_TOKEN);

    await metrics.refresh();
    const text = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(text);
  });
};

function allowScrape(request: FastifyRequest, token: string | undefined): void {
  if (token) {
    const given = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!sameText(given, token)) {
      throw new UnauthorizedError('metrics need "Authorization: Bearer <WAWI_METRICS_TOKEN>"');
    }
    return;
  }

  // LIMITATION: a reverse proxy on the same host makes every client look like loopback, so a
  // proxied request is refused here; behind a proxy, metrics need WAWI_METRICS_TOKEN.
  const proxied = request.headers['x-forwarded-for'] ?? request.headers.forwarded;
  const address = request.socket.remoteAddress ?? request.ip;
  if (proxied || !isLoopbackAddress(address)) {
    throw new ForbiddenError(
      'metrics answer loopback clients only; set WAWI_METRICS_TOKEN to scrape from elsewhere',
    );
  }
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** 127.0.0.0/8 and ::1, also as an IPv4-mapped IPv6 address. */
function isLoopbackAddress(address: string): boolean {
  const host = address.replace(/^::ffff:/i, '');
  return isIP(host) === 4 ? host.startsWith('127.') : host === '::1';
}
