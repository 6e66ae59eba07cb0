import { createHash, randomBytes } from 'node:crypto';

import type { Executor } from '../db/database.js';
import { ConflictError, NotFoundError } from '../shared/errors.js';

/**
 * POS API tokens. Only a SHA-256 hash is stored: a token is 32 random bytes, so a fast hash is
 * enough (nobody can guess the preimage), and a lookup per request stays cheap.
 */
const PREFIX = 'wbt_';

export interface TokenSummary {
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Makes a token; the clear text is returned once and never stored. */
export async function createToken(db: Executor, name: string, now: Date): Promise<string> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const existing = await db
    .selectFrom('api_tokens')
    .select('name')
    .where('name', '=', name)
    .executeTakeFirst();
  if (existing) throw new ConflictError(`a token named "${name}" already exists`);

  await db
    .insertInto('api_tokens')
    .values({ name, token_hash: hashToken(token), created_at: now.toISOString(), revoked_at: null })
    .execute();

  return token;
}

export async function listTokens(db: Executor): Promise<TokenSummary[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['name', 'created_at', 'revoked_at'])
    .orderBy('id')
    .execute();

  return rows.map((row) => ({
    name: row.name,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  }));
}

export async function revokeToken(db: Executor, name: string, now: Date): Promise<void> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('name', '=', name)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();

  if (Number(result.numUpdatedRows) === 0) {
    throw new NotFoundError(`no active token named "${name}"`);
  }
}

/** The name of the active token with this clear text, or null. */
export async function tokenOwner(db: Executor, token: string): Promise<string | null> {
  if (!token.startsWith(PREFIX)) return null;

  const row = await db
    .selectFrom('api_tokens')
    .select('name')
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();

  return row?.name ?? null;
}
