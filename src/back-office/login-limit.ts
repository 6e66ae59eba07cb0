import type { Executor } from '../db/database.js';
import { TooManyRequestsError } from '../shared/errors.js';

/**
 * The login limit: after 5 failed logins for one user name, or 10 from one address, within 15
 * minutes, further logins are refused with 429 until the oldest failure leaves the window. The
 * failures live in the database, so a restart does not reset them and several instances share
 * them. A refused login is not counted, so waiting always ends the lock.
 */

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_NAME = 5;
/** Higher than per name: several people may log in through one office address. */
// LIMITATION: behind a reverse proxy without WAWI_TRUST_PROXY=1 every login comes from the
// proxy's address, so 10 failed logins of anyone lock the login for everyone for 15 minutes.
export const MAX_FAILURES_PER_ADDRESS = 10;

export async function assertLoginAllowed(
  db: Executor,
  name: string,
  address: string,
  now: Date,
): Promise<void> {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString();
  const byName = await failuresSince(db, 'user_name', name, since);
  const byAddress = await failuresSince(db, 'address', address, since);

  const blocked =
    byName.count >= MAX_FAILURES_PER_NAME
      ? byName
      : byAddress.count >= MAX_FAILURES_PER_ADDRESS
        ? byAddress
        : null;
  if (!blocked?.oldest) return;

  const until = new Date(blocked.oldest).getTime() + LOGIN_WINDOW_MS;
  const seconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  throw new TooManyRequestsError(
    `too many failed logins; try again in ${Math.ceil(seconds / 60)} minutes`,
    seconds,
  );
}

export async function recordFailure(
  db: Executor,
  name: string,
  address: string,
  now: Date,
): Promise<void> {
  const expired = new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString();
  await db.deleteFrom('login_failures').where('at', '<', expired).execute();
  await db
    .insertInto('login_failures')
    .values({ user_name: name, address, at: now.toISOString() })
    .execute();
}

/**
 * A successful login forgives that name's failures, but not the address's: other names may still
 * be guessed from it.
 */
export async function forgetFailures(db: Executor, name: string): Promise<void> {
  await db.deleteFrom('login_failures').where('user_name', '=', name).execute();
}

async function failuresSince(
  db: Executor,
  column: 'user_name' | 'address',
  value: string,
  since: string,
): Promise<{ count: number; oldest: string | null }> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('at').as('oldest')])
    .where(column, '=', value)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();

  return { count: Number(row.count), oldest: row.oldest ?? null };
}
