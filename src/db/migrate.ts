import { Migrator, type Migration, type MigrationProvider } from 'kysely';

import type { Logger } from '../shared/logger.js';
import type { Store, Dialect } from './database.js';
import * as foundation from './migrations/001-foundation.js';
import * as transmission from './migrations/002-transmission.js';
import * as backOffice from './migrations/003-back-office.js';
import * as bookingsByClosing from './migrations/004-bookings-by-closing.js';
import type { AnyDb } from './migrations/column-types.js';

type DialectMigration = { up(db: AnyDb, dialect: Dialect): Promise<void> };

/**
 * Every migration, in order. Migrations are compiled into the program rather than read from a
 * folder, so an installed service can never run a set that differs from its code.
 */
export const MIGRATIONS: Record<string, DialectMigration> = {
  '001-foundation': foundation,
  '002-transmission': transmission,
  '003-back-office': backOffice,
  '004-bookings-by-closing': bookingsByClosing,
};

class CompiledMigrations implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(MIGRATIONS).map(([name, migration]) => [
        name,
        { up: (db: AnyDb) => migration.up(db, this.dialect) },
      ]),
    );
  }
}

/** Brings the schema up to date; returns the names of the migrations it applied. */
export async function migrate(store: Store, logger?: Logger): Promise<string[]> {
  const migrator = new Migrator({
    db: store.db,
    provider: new CompiledMigrations(store.dialect),
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });

  const { error, results = [] } = await migrator.migrateToLatest();
  const applied = results.filter((result) => result.status === 'Success');
  for (const result of applied) {
    logger?.info({ migration: result.migrationName }, 'migration applied');
  }
  if (error) throw error instanceof Error ? error : new Error(String(error));

  return applied.map((result) => result.migrationName);
}
