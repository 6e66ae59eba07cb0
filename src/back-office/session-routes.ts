import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';

import { UnauthorizedError } from '../shared/errors.js';
import { assertLoginAllowed, forgetFailures, recordFailure } from './login-limit.js';
import { route, type AdminCall } from './route.js';
import { loginBody, sessionAnswer } from './schemas.js';
import {
  clearedSessionCookie,
  createSession,
  endSession,
  sessionCookie,
  sessionIdFrom,
  type Session,
} from './sessions.js';
import { authenticate, normaliseUserName } from './users.js';

/** Login, logout and the current session. */

const tag = 'Session';

type LoginBody = z.output<typeof loginBody>;

export const sessionRoutes = [
  route({
    method: 'POST',
    path: '/login',
    tag,
    summary: 'Log in; sets the session cookie and answers the CSRF token',
    description:
      'After 5 failed logins for one name, or 10 from one address, within 15 minutes the ' +
      'login answers 429 with Retry-After.',
    public: true,
    body: loginBody,
    answer: sessionAnswer,
    handle: login,
  }),
  route({
    method: 'POST',
    path: '/logout',
    tag,
    summary: 'End the session',
    status: 204,
    anyRole: true,
    async handle({ context, request, reply }) {
      const id = sessionIdFrom(request.headers.cookie);
      if (id) await endSession(context.db, id);
      void reply.header('set-cookie', clearedSessionCookie(isSecure(request)));
    },
  }),
  route({
    method: 'GET',
    path: '/session',
    tag,
    summary: 'The logged-in user and the CSRF token, or 401',
    answer: sessionAnswer,
    handle: async ({ session }) => describeSession(session()),
  }),
];

async function login({ context, request, reply, body }: AdminCall<LoginBody, undefined>) {
  const { name, password } = body;
  const userName = normaliseUserName(name);
  const address = request.ip;
  const now = context.clock.now();

  await assertLoginAllowed(context.db, userName, address, now);
  const user = await authenticate(context.db, userName, password);
  if (!user) {
    await recordFailure(context.db, userName, address, now);
    context.logger.warn(
      { user: userName, address },
      `failed login for "${userName}" from ${address}`,
    );
    throw new UnauthorizedError('the user name or the password is wrong');
  }

  await forgetFailures(context.db, userName);
  const { id, session } = await createSession(context.db, user, address, now);
  context.logger.info(
    { user: user.name, role: user.role, address },
    `"${user.name}" logged in from ${address}`,
  );

  void reply.header('set-cookie', sessionCookie(id, isSecure(request)));
  return describeSession(session);
}

function describeSession(session: Session) {
  return {
    user: { name: session.user.name, role: session.user.role },
    csrfToken: session.csrfToken,
  };
}

/** request.protocol honours X-Forwarded-Proto only when WAWI_TRUST_PROXY is set. */
function isSecure(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}
