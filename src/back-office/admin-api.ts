import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import type { AppContext } from '../app/context.js';
import type { HttpPart } from '../http/app.js';
import { parseOrThrow } from '../shared/validation.js';
import { connectionRoutes } from './connection-routes.js';
import { sessionGuard, sessionOfRequest } from './guard.js';
import { mailRoutes } from './mail-routes.js';
import { masterDataRoutes } from './master-data-routes.js';
import { ADMIN_PREFIX, openApiDocument } from './openapi.js';
import { requireSession, route, type AnyAdminRoute } from './route.js';
import { sessionRoutes } from './session-routes.js';
import { settingsRoutes } from './settings-routes.js';
import { transmissionRoutes } from './transmission-routes.js';

/**
 * The admin API of docs/admin-api.md under /api/admin, for the back-office web UI. Every
 * route but the login needs a session; see guard.ts for what a changing request needs on top.
 */

const openApiRoute = route({
  method: 'GET',
  path: '/openapi.json',
  tag: 'Documentation',
  summary: 'This document: OpenAPI 3.1, generated from the schemas the server checks with',
  handle: async () => (document ??= openApiDocument(ADMIN_ROUTES)),
});

/** Every admin route; the tests walk this list. */
export const ADMIN_ROUTES: ReadonlyArray<AnyAdminRoute> = [
  ...sessionRoutes,
  ...connectionRoutes,
  ...mailRoutes,
  ...settingsRoutes,
  ...masterDataRoutes,
  ...transmissionRoutes,
  openApiRoute,
];

/** Made on first request, so a command that never serves does not pay for it. */
let document: ReturnType<typeof openApiDocument> | null = null;

export const adminApi: HttpPart = (app, context) => {
  void app.register(
    async (admin) => {
      // Answers about one person's data: no browser or proxy may keep them.
      admin.addHook('onSend', async (_request, reply, payload) => {
        void reply.header('cache-control', 'no-store');
        return payload;
      });
      for (const spec of ADMIN_ROUTES) registerRoute(admin, context, spec);
    },
    { prefix: ADMIN_PREFIX },
  );
};

function registerRoute(admin: FastifyInstance, context: AppContext, spec: AnyAdminRoute): void {
  admin.route({
    method: spec.method,
    url: spec.path,
    onRequest: spec.public ? [] : [sessionGuard(context, spec)],
    handler: async (request, reply) => {
      const answer = await spec.handle(callOf(context, spec, request, reply));
      if (reply.sent) return reply;

      return reply.status(spec.status ?? 200).send(spec.status === 204 ? undefined : answer);
    },
  });
}

function callOf(
  context: AppContext,
  spec: AnyAdminRoute,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const session = sessionOfRequest(request);

  return {
    context,
    request,
    reply,
    body: spec.body ? parseOrThrow(spec.body, request.body ?? {}) : undefined,
    query: spec.query ? parseOrThrow(spec.query, request.query ?? {}) : undefined,
    params: request.params as Record<string, string>,
    actor: session?.user.name ?? 'anonymous',
    session: () => requireSession(session),
  };
}
