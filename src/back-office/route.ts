import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

import type { AppContext } from '../app/context.js';
import { UnauthorizedError } from '../shared/errors.js';
import type { Session } from './sessions.js';

/**
 * One route of the admin API as data: method, path, schemas and handler. The same list registers
 * the routes, generates the OpenAPI document and drives the route walk in the tests, so the
 * documentation cannot drift from what is served.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface AdminCall<Body, Query> {
  context: AppContext;
  request: FastifyRequest;
  reply: FastifyReply;
  body: Body;
  query: Query;
  params: Record<string, string>;
  /** Who is asking, for the audit log; "anonymous" only on the login route. */
  actor: string;
  /** The caller's session; every route but login has one. */
  session(): Session;
}

export interface AdminRoute<Body = unknown, Query = unknown> {
  method: Method;
  /** Below /api/admin, with `:name` for path parameters. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Only the login answers without a session. */
  public?: boolean;
  /** A changing request a viewer may make too: only the logout, which changes nothing stored. */
  anyRole?: boolean;
  body?: z.ZodType<Body>;
  query?: z.ZodType<Query>;
  /** The JSON answer on success; absent for 204 and for files. */
  answer?: z.ZodType;
  /** Default 200. */
  status?: number;
  /** For a file answer such as CSV. */
  produces?: string;
  handle(call: AdminCall<Body, Query>): Promise<unknown>;
}

/** A route of any body and query, as the route list holds them. */
export type AnyAdminRoute = AdminRoute<unknown, unknown>;

/** Keeps the body and query types of a route tied to its schemas. */
export function route<Body = undefined, Query = undefined>(
  spec: AdminRoute<Body, Query>,
): AdminRoute<Body, Query> {
  return spec;
}

export function isChanging(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

export function requireSession(session: Session | null): Session {
  if (!session) throw new UnauthorizedError();
  return session;
}
