import type { FastifyError, FastifyInstance } from 'fastify';

import {
  ConflictError,
  ForbiddenError,
  InputError,
  NotFoundError,
  TooManyRequestsError,
  UnauthorizedError,
  type Problem,
} from '../shared/errors.js';

/**
 * The one place where errors become HTTP answers. Every answer has the same shape:
 * `{ error: <code>, message: <one readable sentence>, problems?: [{ path, index?, field?, message }] }`.
 * An unexpected error answers 500 with a request id to find the log line; its text never leaves
 * the server, since it may hold anything.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const answer = answerFor(error);
    if (answer.status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(answer.status).send({
        error: 'internal',
        message: `internal error; see the log for request ${request.id}`,
      });
    }

    request.log.info({ status: answer.status, message: answer.body.message }, 'request refused');
    if (answer.headers) void reply.headers(answer.headers);
    return reply.status(answer.status).send(answer.body);
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: 'not-found', message: `no route ${request.method} ${request.url}` }),
  );
}

interface Answer {
  status: number;
  body: { error: string; message: string; problems?: ReturnType<typeof describeProblem>[] };
  headers?: Record<string, string>;
}

function answerFor(error: FastifyError): Answer {
  if (error instanceof InputError) return problemAnswer(400, 'invalid-request', error);
  if (error instanceof ConflictError) return problemAnswer(409, 'conflict', error);
  if (error instanceof NotFoundError) return simple(404, 'not-found', error.message);
  if (error instanceof UnauthorizedError) return simple(401, 'unauthorized', error.message);
  if (error instanceof ForbiddenError) return simple(403, 'forbidden', error.message);
  if (error instanceof TooManyRequestsError) {
    const retryAfter = String(error.retryAfterSeconds);
    return {
      ...simple(429, 'too-many-requests', error.message),
      headers: { 'retry-after': retryAfter },
    };
  }

  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return simple(
        413,
        'too-large',
        'the request body is larger than 10 MB; send smaller batches',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return simple(415, 'unsupported-media-type', 'send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return simple(400, 'invalid-json', 'the request body is empty; send a JSON object');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return simple(400, 'invalid-request', 'the Content-Length does not match the body');
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return simple(400, 'invalid-json', `the request body is not valid JSON: ${error.message}`);
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return simple(error.statusCode, 'invalid-request', error.message);
  }

  return simple(500, 'internal', error.message);
}

function problemAnswer(status: number, code: string, error: InputError | ConflictError): Answer {
  return {
    status,
    body: { error: code, message: error.message, problems: error.problems.map(describeProblem) },
  };
}

function simple(status: number, error: string, message: string): Answer {
  return { status, body: { error, message } };
}

/** `bookings[3].quantity` → index 3, field "quantity", so a POS can point at the record. */
function describeProblem(problem: Problem) {
  const match = /^[A-Za-z]+\[(\d+)\](?:\.(.+))?$/.exec(problem.path);
  return match
    ? {
        path: problem.path,
        index: Number(match[1]),
        field: match[2] ?? null,
        message: problem.message,
      }
    : { path: problem.path, message: problem.message };
}
