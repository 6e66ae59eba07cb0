import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import { inject } from 'vitest';

/**
 * The stores every storage suite runs on: SQLite always, PostgreSQL when one is available. Each
 * call to `create` makes a fresh, empty database and returns its URL with a way to drop it.
 */
export interface StoreKind {
  name: 'sqlite' | 'postgres';
  create(): Promise<{ url: string; drop(): Promise<void> }>;
}

const sqlite: StoreKind = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'wawi-sqlite-'));
    return {
      url: `sqlite:${join(dir, 'wawi-bridge.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

function postgres(adminUrl: string): StoreKind {
  return {
    name: 'postgres',
    async create() {
      const name = `wawi_${randomBytes(6).toString('hex')}`;
      await adminQuery(adminUrl, `create database ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`),
      };
    },
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

export function storeKinds(): StoreKind[] {
  const url = inject('postgresUrl');
  return url ? [sqlite, postgres(url)] : [sqlite];
}

export function postgresKind(): StoreKind | null {
  const url = inject('postgresUrl');
  return url ? postgres(url) : null;
}
