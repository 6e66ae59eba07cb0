import type { Executor } from '../db/database.js';

/**
 * Small settings kept as JSON under a key: the JOMOsoft connection, the mail settings, the retry
 * interval, the installation id. Secrets inside them are encrypted before they get here.
 */
export async function readSetting<T>(db: Executor, key: string): Promise<T | null> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();

  return row ? (JSON.parse(row.value) as T) : null;
}

export async function writeSetting(
  db: Executor,
  key: string,
  value: unknown,
  now: Date,
): Promise<void> {
  const row = { key, value: JSON.stringify(value), updated_at: now.toISOString() };
  await db
    .insertInto('settings')
    .values(row)
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({ value: row.value, updated_at: row.updated_at }),
    )
    .execute();
}

export async function deleteSetting(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', key).execute();
}

export const SETTING = {
  connection: 'jomosoft.connection',
  mail: 'mail.settings',
  retryInterval: 'transmission.retry-interval',
  installationId: 'installation.id',
  portalUrl: 'portal.url',
  attention: 'mail.attention',
} as const;
