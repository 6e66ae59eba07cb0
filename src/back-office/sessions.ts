import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import type { Executor } from '../db/database.js';
import type { User } from './users.js';

/**
 * Login sessions. The cookie holds 32 random bytes; the database holds only their SHA-256, so a
 * copy of the database opens no session. The CSRF token is derived from the session id, so it
 * needs no storage and changes with every login.
 */

export const SESSION_COOKIE = 'wb_session';
export const COOKIE_PATH = '/api/admin';

/** A working day and then some; after that the back office asks for the password again. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

export async function createSession(
  db: Executor,
  user: User,
  address: string,
  now: Date,
): Promise<{ id: string; session: Session }> {
  const id = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString();

  await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).execute();
  await db
    .insertInto('sessions')
    .values({
      id_hash: hashOf(id),
      user_id: user.id,
      address,
      created_at: now.toISOString(),
      expires_at: expiresAt,
    })
    .execute();

  return { id, session: { user, csrfToken: csrfTokenOf(id), expiresAt } };
}

/** The live session with this id, or null when it is unknown, ended or expired. */
export async function sessionOf(db: Executor, id: string, now: Date): Promise<Session | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id as userId', 'users.name', 'users.role', 'sessions.expires_at'])
    .where('sessions.id_hash', '=', hashOf(id))
    .where('sessions.expires_at', '>', now.toISOString())
    .executeTakeFirst();
  if (!row) return null;

  const user = { id: Number(row.userId), name: row.name, role: row.role };
  return { user, csrfToken: csrfTokenOf(id), expiresAt: row.expires_at };
}

export async function endSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', hashOf(id)).execute();
}

export function csrfTokenMatches(session: Session, given: string | undefined): boolean {
  if (!given) return false;

  const expected = Buffer.from(session.csrfToken);
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The session id from a Cookie header, if it carries one of the form we issue. */
export function sessionIdFrom(cookieHeader: string | undefined): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name !== SESSION_COOKIE) continue;

    const id = value.join('=');
    return /^[A-Za-z0-9_-]{43}$/.test(id) ? id : null;
  }

  return null;
}

/** Secure whenever the browser reached us over HTTPS, directly or through a trusted proxy. */
export function sessionCookie(id: string, secure: boolean): string {
  const maxAge = Math.floor(SESSION_LIFETIME_MS / 1000);
  return cookie(`${SESSION_COOKIE}=${id}`, `Max-Age=${maxAge}`, secure);
}

export function clearedSessionCookie(secure: boolean): string {
  return cookie(`${SESSION_COOKIE}=`, 'Max-Age=0', secure);
}

function cookie(value: string, maxAge: string, secure: boolean): string {
  const attributes = [value, `Path=${COOKIE_PATH}`, maxAge, 'HttpOnly', 'SameSite=Strict'];
  if (secure) attributes.push('Secure');

  return attributes.join('; ');
}

function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

function csrfTokenOf(id: string): string {
  return createHash('sha256').update(`csrf:${id}`).digest('base64url');
}
