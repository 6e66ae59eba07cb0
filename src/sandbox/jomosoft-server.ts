import { timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

import type { Logger } from '../shared/logger.js';
import type { Catalogue } from './catalogue.js';
import type { Faults } from './faults.js';
import type { Ledger } from './ledger.js';
import type { ApiAnswer } from './request-shape.js';
import type { TokenStore } from './tokens.js';

/**
 * The sandbox's JOMOsoft: the OAuth token endpoint and the API of contracts §2, with the faults
 * switched on in the control API. A development and test stand-in, not JOMOsoft.
 */

export const TOKEN_PATH = '/oauth/token';

export interface JomosoftState {
  catalogue: Catalogue;
  credentials: { clientId: string; clientSecret: string };
  faults(): Faults;
  tokens: TokenStore;
  ledger: Ledger;
  logger: Logger;
}

export function buildJomosoftApp(state: JomosoftState, closing: AbortSignal): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  app.setErrorHandler((error, _request, reply) => answerError(state.logger, error, reply));
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'Nicht gefunden' }));

  app.post(TOKEN_PATH, (request, reply) => {
    send(reply, issueToken(state, request));
  });

  app.get('/v1/status', (request, reply) =>
    answerApi(state, request, reply, closing, () => ({
      status: 200,
      body: { tenant: state.catalogue.tenant, apiVersion: '2.4' },
    })),
  );

  app.post('/v1/sales-bookings', (request, reply) => {
    state.ledger.countRequest();
    return answerApi(state, request, reply, closing, () => receiveBookings(state, request));
  });

  return app;
}

function issueToken(state: JomosoftState, request: FastifyRequest): ApiAnswer {
  state.tokens.countRequest();
  const form = (request.body ?? {}) as Record<string, string | undefined>;
  const client = clientOf(request, form);

  if (form['grant_type'] !== 'client_credentials') {
    return { status: 400, body: { error: 'unsupported_grant_type' } };
  }
  if (
    !matches(client.id, state.credentials.clientId) ||
    !matches(client.secret, state.credentials.clientSecret)
  ) {
    state.logger.debug({ clientId: client.id }, 'sandbox JOMOsoft refused client credentials');
    return {
      status: 401,
      body: {
        error: 'invalid_client',
        error_description: 'Client-Authentifizierung fehlgeschlagen',
      },
      headers: { 'www-authenticate': 'Basic realm="JOMOsoft"' },
    };
  }

  const token = state.tokens.issue();
  return {
    status: 200,
    body: { access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn },
    headers: { 'cache-control': 'no-store' },
  };
}

/** Client credentials from the form, or from HTTP Basic as RFC 6749 also allows. */
function clientOf(
  request: FastifyRequest,
  form: Record<string, string | undefined>,
): { id: string | undefined; secret: string | undefined } {
  const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '');
  if (!basic?.[1]) return { id: form['client_id'], secret: form['client_secret'] };

  const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
  return { id: formDecoded(id), secret: formDecoded(secret) };
}

/** RFC 6749 form-encodes Basic credentials; a broken encoding is a wrong credential. */
function formDecoded(text: string | undefined): string | undefined {
  try {
    return text === undefined ? undefined : decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function matches(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Every API request passes the same gate of token and faults, then waits `slowMs` to answer. */
async function answerApi(
  state: JomosoftState,
  request: FastifyRequest,
  reply: FastifyReply,
  closing: AbortSignal,
  handle: () => ApiAnswer,
): Promise<FastifyReply> {
  const faults = state.faults();
  const answer = gate(state, request, faults) ?? handle();

  try {
    if (faults.slowMs > 0) await sleep(faults.slowMs, undefined, { signal: closing });
  } catch {
    // The listener is closing and its connections are gone: there is no one left to answer.
    return reply.hijack();
  }

  const garble = faults.garbledAnswer && answer.status === 200 && request.method === 'POST';
  return garble
    ? reply.code(200).type('application/json').send('{"results":[{"key":')
    : send(reply, answer);
}

function gate(state: JomosoftState, request: FastifyRequest, faults: Faults): ApiAnswer | null {
  const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? null;
  if (!state.tokens.accept(bearer, faults)) {
    return {
      status: 401,
      body: { error: 'invalid_token', message: 'Zugriffstoken ungültig oder abgelaufen' },
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    };
  }
  if (faults.refuseCredentials) {
    const { id } = state.catalogue.tenant;
    return {
      status: 403,
      body: { error: `Mandant ${id} ist für diese Schnittstelle nicht freigeschaltet` },
    };
  }
  if (faults.rateLimitSeconds > 0) {
    return {
      status: 429,
      body: { error: 'Zu viele Anfragen, bitte später erneut versuchen' },
      headers: { 'retry-after': String(faults.rateLimitSeconds) },
    };
  }
  if (faults.serverError) {
    return { status: 503, body: { error: 'JOMOsoft ist wegen Wartungsarbeiten nicht verfügbar' } };
  }

  return null;
}

function receiveBookings(state: JomosoftState, request: FastifyRequest): ApiAnswer {
  const idempotencyKey = request.headers['idempotency-key'];
  const key = Array.isArray(idempotencyKey) ? idempotencyKey[0] : idempotencyKey;
  const receipt = state.ledger.receive(request.body, key, state.faults());

  state.logger.info(
    {
      idempotencyKey: key,
      closingId: closingIdOf(request.body),
      status: receipt.answer.status,
      replayed: receipt.replayed,
      ...receipt.counts,
    },
    'sandbox JOMOsoft received sales bookings',
  );
  return receipt.answer;
}

function closingIdOf(body: unknown): unknown {
  return (body as { closing?: { id?: unknown } } | null)?.closing?.id;
}

function send(reply: FastifyReply, answer: ApiAnswer): FastifyReply {
  return reply
    .code(answer.status)
    .headers(answer.headers ?? {})
    .send(answer.body);
}

/** Bad JSON and the like: the same `{error}` shape as every other answer, in German. */
function answerError(logger: Logger, error: unknown, reply: FastifyReply): FastifyReply {
  const status = (error as { statusCode?: number }).statusCode ?? 500;
  const text = error instanceof Error ? error.message : String(error);
  if (status >= 500) logger.error({ err: error }, 'sandbox JOMOsoft failed');

  const message = status >= 500 ? 'Interner Fehler' : `Ungültige Anfrage: ${text}`;
  return reply.code(status).send({ error: message });
}
