import { randomUUID } from 'node:crypto';

import type { AppContext } from '../app/context.js';
import type { Executor } from '../db/database.js';
import { readSetting, SETTING } from '../settings/settings.js';

/**
 * The installation id the portal sees with every pairing: random, made once on first start and
 * never changed, so the portal can tell which installation redeemed a PIN.
 */
export async function installationId(db: Executor, now: Date): Promise<string> {
  const stored = await readSetting<string>(db, SETTING.installationId);
  if (stored) return stored;

  // Two instances starting on one PostgreSQL at once: the first insert wins, both read it back.
  await db
    .insertInto('settings')
    .values({
      key: SETTING.installationId,
      value: JSON.stringify(randomUUID()),
      updated_at: now.toISOString(),
    })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();

  return (await readSetting<string>(db, SETTING.installationId))!;
}

/** Called on start, so the id exists before anyone pairs and shows in the back office at once. */
export async function ensureInstallationId(context: AppContext): Promise<void> {
  const id = await installationId(context.db, context.clock.now());
  context.logger.debug({ installationId: id }, 'installation id');
}

/** The portal address the back office offers: the one last used, else WAWI_PORTAL_URL. */
export async function defaultPortalUrl(context: AppContext): Promise<string | null> {
  const stored = await readSetting<string>(context.db, SETTING.portalUrl);

  return stored ?? context.config.WAWI_PORTAL_URL ?? null;
}
