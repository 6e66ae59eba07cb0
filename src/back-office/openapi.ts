import { z } from 'zod';

import type { AnyAdminRoute } from './route.js';
import { errorAnswer } from './schemas.js';

/**
 * The OpenAPI 3.1 document of the admin API, generated from the same route list and zod schemas
 * the server uses, so it cannot describe a route that does not exist or miss one that does.
 */

export const ADMIN_PREFIX = '/api/admin';

type Schema = Record<string, unknown>;

const DESCRIPTION =
  'The back office of the JOMOsoft booking interface. Log in with POST /login: the answer sets ' +
  'the HttpOnly session cookie wb_session and gives a CSRF token, which every changing request ' +
  '(POST, PUT, PATCH, DELETE) sends as x-csrf-token. The role admin may do everything, viewer ' +
  'only GET. Errors are `{ error, message, problems? }`; a problem names its field, e.g. ' +
  '`items[3].interfaceNo`.';

export function openApiDocument(routes: ReadonlyArray<AnyAdminRoute>) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const path = ADMIN_PREFIX + spec.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [spec.method.toLowerCase()]: operationOf(spec) };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'wawi-bridge admin API',
      version: '1',
      description: DESCRIPTION,
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'wb_session' } },
      schemas: { Error: jsonSchema(errorAnswer, 'output') },
    },
    security: [{ session: [] }],
    paths,
  };
}

function operationOf(spec: AnyAdminRoute) {
  const parameters = [
    ...[...spec.path.matchAll(/:(\w+)/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    })),
    ...queryParameters(spec),
  ];

  return {
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description && { description: spec.description }),
    ...(spec.public && { security: [] }),
    ...(parameters.length > 0 && { parameters }),
    ...(spec.body && {
      requestBody: {
        required: true,
        content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } },
      },
    }),
    responses: { [String(spec.status ?? 200)]: successOf(spec), ...errorsOf(spec) },
  };
}

function queryParameters(spec: AnyAdminRoute) {
  if (!spec.query) return [];

  const schema = jsonSchema(spec.query, 'input') as {
    properties?: Record<string, Schema>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

function successOf(spec: AnyAdminRoute) {
  if (spec.produces)
    return { description: 'a file', content: { [spec.produces]: { schema: { type: 'string' } } } };
  if (!spec.answer) return { description: 'done' };

  return {
    description: 'done',
    content: { 'application/json': { schema: jsonSchema(spec.answer, 'output') } },
  };
}

function errorsOf(spec: AnyAdminRoute) {
  const error = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  const answers: Record<string, unknown> = {};
  if (spec.body || spec.query)
    answers['400'] = error('the request is invalid; problems name each field');
  answers['401'] = error(spec.public ? 'wrong user name or password' : 'no session, or it expired');
  if (spec.public) answers['429'] = error('too many failed logins; see Retry-After');
  if (!spec.public && spec.method !== 'GET')
    answers['403'] = error('the CSRF token is missing, or the user is a viewer');
  if (spec.path.includes(':')) answers['404'] = error('no such record');

  return answers;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Schema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    reused: 'inline',
  }) as Schema;
  return rest;
}
