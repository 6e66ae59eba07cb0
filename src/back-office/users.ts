import type { Executor } from '../db/database.js';
import type { UserRole } from '../db/schema.js';
import { ConflictError, InputError, NotFoundError } from '../shared/errors.js';
import {
  decoyHash,
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  verifyPassword,
} from './passwords.js';

/**
 * Back-office users. `admin` may change everything, `viewer` only reads. Names are kept in lower
 * case, so "Anna" and "anna" are one user and the login limit counts them together.
 */

export const ROLES = ['admin', 'viewer'] as const satisfies readonly UserRole[];

export interface User {
  id: number;
  name: string;
  role: UserRole;
}

export interface UserSummary {
  name: string;
  role: UserRole;
  createdAt: string;
}

const NAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

export function normaliseUserName(text: string): string {
  return text.trim().toLowerCase();
}

export async function createUser(
  db: Executor,
  input: { name: string; role: UserRole; password: string },
  now: Date,
): Promise<UserSummary> {
  const name = normaliseUserName(input.name);
  checkNewUser(name, input.role, input.password);

  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  if (existing) throw new ConflictError(`a user named "${name}" already exists`);

  const row = {
    name,
    role: input.role,
    password_hash: await hashPassword(input.password),
    created_at: now.toISOString(),
  };
  await db.insertInto('users').values(row).execute();

  return { name, role: input.role, createdAt: row.created_at };
}

export async function listUsers(db: Executor): Promise<UserSummary[]> {
  const rows = await db
    .selectFrom('users')
    .select(['name', 'role', 'created_at'])
    .orderBy('name')
    .execute();

  return rows.map((row) => ({ name: row.name, role: row.role, createdAt: row.created_at }));
}

/** Deletes the user and, through the foreign key, every session of theirs. */
export async function deleteUser(db: Executor, name: string): Promise<void> {
  const normalised = normaliseUserName(name);
  await db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select('id')
      .where('name', '=', normalised)
      .executeTakeFirst();
    if (!user) throw new NotFoundError(`no user named "${normalised}"`);

    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await trx.deleteFrom('users').where('id', '=', user.id).execute();
  });
}

/** The user with this name and password, or null; as slow for an unknown name as a known one. */
export async function authenticate(
  db: Executor,
  name: string,
  password: string,
): Promise<User | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'password_hash'])
    .where('name', '=', normaliseUserName(name))
    .executeTakeFirst();

  const matches = await verifyPassword(password, row?.password_hash ?? (await decoyHash()));
  return row && matches ? { id: row.id, name: row.name, role: row.role } : null;
}

function checkNewUser(name: string, role: string, password: string): void {
  const problems = [];
  if (!NAME.test(name)) {
    problems.push({
      path: 'name',
      message: 'must be 1 to 64 letters, digits or . _ @ - and start with a letter or digit',
    });
  }
  if (!(ROLES as readonly string[]).includes(role)) {
    problems.push({ path: 'role', message: `must be one of ${ROLES.join(', ')}` });
  }
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    problems.push({
      path: 'password',
      message: `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`,
    });
  }

  if (problems.length > 0) throw new InputError(problems);
}
