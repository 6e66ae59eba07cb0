import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import { startCluster, type Cluster } from '../test/helpers/postgres-cluster.js';
import type { StoreName } from './options.js';

/**
 * Where the figures run: a SQLite file in a temporary folder, and a database in a throwaway
 * PostgreSQL cluster (or in the server named by DATABASE_URL_BENCH). Each figure and size gets a
 * fresh, empty database, so no figure measures another's leftovers.
 */

export interface BenchDatabase {
  store: StoreName;
  url: string;
  drop(): Promise<void>;
}

export interface BenchStores {
  /** False for PostgreSQL when none is installed and DATABASE_URL_BENCH is not set. */
  available(store: StoreName): boolean;
  /** How PostgreSQL is reached, for the report. */
  postgresSource: string | null;
  create(store: StoreName): Promise<BenchDatabase>;
  close(): Promise<void>;
}

export async function openBenchStores(stores: StoreName[]): Promise<BenchStores> {
  let cluster: Cluster | null = null;
  let adminUrl = process.env.DATABASE_URL_BENCH ?? '';
  let postgresSource: string | null = adminUrl ? 'DATABASE_URL_BENCH' : null;
  if (!adminUrl && stores.includes('postgres')) {
    cluster = await startCluster();
    adminUrl = cluster?.url ?? '';
    // The test helper's cluster trades durability for speed; the report says so.
    if (cluster) postgresSource = 'throwaway cluster (fsync=off, synchronous_commit=off)';
  }

  return {
    postgresSource,
    available: (store) => store === 'sqlite' || adminUrl !== '',
    async create(store) {
      return store === 'sqlite' ? createSqlite() : createPostgres(adminUrl);
    },
    async close() {
      cluster?.stop();
    },
  };
}

function createSqlite(): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'wawi-bench-'));
  return {
    store: 'sqlite',
    url: `sqlite:${join(dir, 'wawi-bridge.db')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function createPostgres(adminUrl: string): Promise<BenchDatabase> {
  const name = `wawi_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;

  return {
    store: 'postgres',
    url: url.toString(),
    drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
