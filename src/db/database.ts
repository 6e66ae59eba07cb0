import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';

import type { Tables } from './schema.js';

export type Database = Kysely<Tables>;
export type Executor = Kysely<Tables> | Transaction<Tables>;
export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Database;
  dialect: Dialect;
  /** The SQLite file, for backups and the secret-scan tests; null on PostgreSQL. */
  file: string | null;
  destroy(): Promise<void>;
}

// int8 and numeric come back from pg as strings; every bigint we store is cents, thousandths or
// a count, all far below 2^53, so they are safe as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function dialectOf(url: string): Dialect {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

/** Opens the store named by a DATABASE_URL: `sqlite:./data/x.db` or `postgres://…`. */
export function openStore(url: string, options: { poolSize?: number } = {}): Store {
  return dialectOf(url) === 'sqlite' ? openSqlite(url) : openPostgres(url, options.poolSize ?? 10);
}

function openSqlite(url: string): Store {
  const file = resolve(url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, ''));
  mkdirSync(dirname(file), { recursive: true });

  const connection = new SqliteDatabase(file);
  // WAL lets readers go on while the worker writes; NORMAL sync is durable across process
  // crashes (the crash tests' SIGKILL) and loses at most the last commit on a power cut.
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 10000');

  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: connection }) });
  return { db, dialect: 'sqlite', file, destroy: () => db.destroy() };
}

function openPostgres(url: string, poolSize: number): Store {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', file: null, destroy: () => db.destroy() };
}

/** True when the database answers a trivial query. */
export async function databaseAnswers(db: Database): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
