import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';

import type { Dialect } from '../database.js';

/**
 * The few places where SQLite and PostgreSQL need different column types. Everything else in
 * the migrations is written once for both.
 */
export function addSerial<T extends string>(
  table: CreateTableBuilder<T, never>,
  dialect: Dialect,
  name: string,
): CreateTableBuilder<T, never> {
  return dialect === 'sqlite'
    ? table.addColumn(name, 'integer', (column) => column.primaryKey().autoIncrement())
    : table.addColumn(name, 'bigserial', (column) => column.primaryKey());
}

export const notNull = (column: ColumnDefinitionBuilder) => column.notNull();

// eslint-style marker for migrations: each takes the untyped database, never the live schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;
