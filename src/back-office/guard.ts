import type { FastifyRequest } from 'fastify';

import type { AppContext } from '../app/context.js';
import { ForbiddenError, UnauthorizedError } from '../shared/errors.js';
import { isChanging } from './route.js';
import { csrfTokenMatches, sessionIdFrom, sessionOf, type Session } from './sessions.js';

/**
 * The admin API's gate, run before the body is even read: a live session, on a changing request
 * the CSRF token that session was given, and the admin role. A viewer reads, nothing more.
 */

const sessions = new WeakMap<FastifyRequest, Session>();

export function sessionGuard(context: AppContext, spec: { anyRole?: boolean }) {
  return async (request: FastifyRequest): Promise<void> => {
    const id = sessionIdFrom(request.headers.cookie);
    const session = id ? await sessionOf(context.db, id, context.clock.now()) : null;
    if (!session) {
      throw new UnauthorizedError('log in first: there is no session, or it has expired');
    }

    if (isChanging(request.method)) {
      const token = request.headers['x-csrf-token'];
      if (!csrfTokenMatches(session, typeof token === 'string' ? token : undefined)) {
        throw new ForbiddenError('the x-csrf-token header is missing or wrong; reload the page');
      }
      if (session.user.role !== 'admin' && !spec.anyRole) {
        throw new ForbiddenError(
          'a viewer may only read; ask an administrator to make this change',
        );
      }
    }

    sessions.set(request, session);
    request.log = request.log.child({ user: session.user.name });
  };
}

export function sessionOfRequest(request: FastifyRequest): Session | null {
  return sessions.get(request) ?? null;
}
