import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  sql,
  type SqliteDatabase as SqliteConnection,
  type Transaction,
} from 'kysely';
import pg from 'pg';

import type { Logger } from '../shared/logger.js';
import type { Tables } from './schema.js';

export type Database = Kysely<Tables>;
export type Executor = Kysely<Tables> | Transaction<Tables>;
export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Database;
  dialect: Dialect;
  /** The SQLite file, for backups and the secret-scan tests; null on PostgreSQL. */
  file: string | null;
  /**
   * The SQLite connection under kysely, for the one hot path that runs its own prepared
   * statements (booking ingest); null on PostgreSQL. It is the connection a kysely transaction
   * holds, so it may be used only inside one.
   */
  sqlite: SqliteDatabase.Database | null;
  destroy(): Promise<void>;
}

// int8 and numeric come back from pg as strings; every bigint we store is cents, thousandths or
// a count, all far below 2^53, so they are safe as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function dialectOf(url: string): Dialect {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

/** Opens the store named by a DATABASE_URL: `sqlite:./data/x.db` or `postgres://…`. */
export function openStore(
  url: string,
  options: { poolSize?: number; logger?: Logger } = {},
): Store {
  return dialectOf(url) === 'sqlite'
    ? openSqlite(url)
    : openPostgres(url, options.poolSize ?? 10, options.logger);
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

  const database = withStatementCache(connection, STATEMENT_CACHE_SIZE);
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database }) });
  return { db, dialect: 'sqlite', file, sqlite: connection, destroy: () => db.destroy() };
}

/** Enough for every query text the service runs, with room for the varying `in (…)` lists. */
const STATEMENT_CACHE_SIZE = 200;

/**
 * kysely prepares every query anew, and preparing costs about as much as running a small query:
 * in a profile of booking ingest, `prepare` took 1.5 s of the service's 17 s. The same SQL text
 * gets its prepared statement back. Safe on the one connection kysely holds behind its mutex: no
 * two queries ever use a statement at once, and SQLite re-prepares a statement by itself after a
 * schema change.
 */
function withStatementCache(connection: SqliteDatabase.Database, size: number): SqliteConnection {
  const cache = new Map<string, SqliteDatabase.Statement>();

  return {
    close: () => connection.close(),
    prepare(text) {
      const cached = cache.get(text);
      if (cached) {
        // Map keeps insertion order: moving a hit to the end makes the first key the least used.
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }

      const statement = connection.prepare(text);
      cache.set(text, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

function openPostgres(url: string, poolSize: number, logger?: Logger): Store {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // A server restart or an administrator ends idle connections; pg then emits 'error' on the
  // pool, which would end the process if nobody listened. The pool drops the dead connection
  // and the next query opens a new one, so this is worth a log line, not a crash.
  pool.on('error', (error) => {
    logger?.warn({ err: error }, 'an idle database connection was closed by the server');
  });
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', file: null, sqlite: null, destroy: () => db.destroy() };
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
