import type { Executor } from '../db/database.js';
import type { JomosoftConnection } from '../jomosoft/client.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { readSetting, SETTING, writeSetting } from '../settings/settings.js';

/** The JOMOsoft connection as stored: the client secret sealed, the last check's result beside. */
export interface StoredConnection {
  apiUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecretSealed: string;
  /** Where it came from: set by hand, or retrieved from the portal. */
  source: 'manual' | 'portal';
  verified: boolean;
  check: ConnectionCheck | null;
}

export interface ConnectionCheck {
  at: string;
  ok: boolean;
  tenant: { id: string; name: string } | null;
  apiVersion: string | null;
  /** The note for a person, in English; the UI translates by `code`. */
  note: string;
  code: string;
}

export async function readConnection(db: Executor): Promise<StoredConnection | null> {
  return readSetting<StoredConnection>(db, SETTING.connection);
}

export async function writeConnection(
  db: Executor,
  connection: StoredConnection,
  now: Date,
): Promise<void> {
  await writeSetting(db, SETTING.connection, connection, now);
}

/** The connection with its secret opened, for the JOMOsoft client only. */
export function openConnection(stored: StoredConnection, secrets: SecretBox): JomosoftConnection {
  return {
    apiUrl: stored.apiUrl,
    tokenUrl: stored.tokenUrl,
    clientId: stored.clientId,
    clientSecret: secrets.open(stored.clientSecretSealed),
  };
}

/** What `connection show` and the admin API may show: everything but the secret. */
export function describeConnection(stored: StoredConnection | null) {
  if (!stored) return null;

  return {
    apiUrl: stored.apiUrl,
    tokenUrl: stored.tokenUrl,
    clientId: stored.clientId,
    clientSecret: '********',
    source: stored.source,
    verified: stored.verified,
    check: stored.check,
  };
}
