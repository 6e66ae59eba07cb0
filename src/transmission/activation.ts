import type { Executor } from '../db/database.js';
import { readConnection } from '../connection/store.js';
import { readSetting, SETTING } from '../settings/settings.js';

/** What is still missing before closings are transmitted, in the order a person fixes it. */
export type ActivationGap =
  'connection' | 'connection-not-verified' | 'mail-settings' | 'mail-recipients';

export interface ActivationStatus {
  active: boolean;
  missing: ActivationGap[];
}

/**
 * The interface is active once a verified connection, an SMTP setting and at least one mail
 * address exist. Closings made before that are recorded "not active" and never sent.
 */
export async function activationStatus(db: Executor): Promise<ActivationStatus> {
  const missing: ActivationGap[] = [];

  const connection = await readConnection(db);
  if (!connection) missing.push('connection');
  else if (!connection.verified) missing.push('connection-not-verified');

  const mail = await readSetting<{ recipients?: string[] }>(db, SETTING.mail);
  if (!mail) missing.push('mail-settings');
  else if (!mail.recipients || mail.recipients.length === 0) missing.push('mail-recipients');

  return { active: missing.length === 0, missing };
}
