import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';

import type { Config } from '../config/config.js';
import { openStore, type Database, type Store } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { loadSecretKey, secretBox, type SecretBox } from '../secrets/secret-box.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

/**
 * What the service's parts share: the store, the configuration, the logger, the clock, the
 * secret box, and a nudge that wakes the workers when a closing or a mail is queued, so they do
 * not wait for their next poll.
 */
export interface AppContext {
  store: Store;
  db: Database;
  config: Config;
  logger: Logger;
  clock: Clock;
  secrets: SecretBox;
  nudges: Nudges;
}

export type NudgeTopic = 'transmission' | 'mail';

export class Nudges {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  nudge(topic: NudgeTopic): void {
    this.emitter.emit(topic);
  }

  on(topic: NudgeTopic, listener: () => void): () => void {
    this.emitter.on(topic, listener);
    return () => this.emitter.off(topic, listener);
  }
}

export function defaultKeyFile(config: Config): string {
  return resolve(config.WAWI_SECRET_KEY_FILE ?? './data/secret.key');
}

/** Opens the store, brings its schema up to date and assembles the context. */
export async function openContext(
  config: Config,
  logger: Logger,
  options: { clock?: Clock; poolSize?: number } = {},
): Promise<AppContext> {
  const store = openStore(config.DATABASE_URL, { poolSize: options.poolSize, logger });
  try {
    await migrate(store, logger);
  } catch (error) {
    await store.destroy();
    throw error;
  }

  const key = loadSecretKey({ hexKey: config.WAWI_SECRET_KEY, keyFile: defaultKeyFile(config) });
  return {
    store,
    db: store.db,
    config,
    logger,
    clock: options.clock ?? systemClock,
    secrets: secretBox(key),
    nudges: new Nudges(),
  };
}
