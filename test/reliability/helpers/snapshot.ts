import { createHash } from 'node:crypto';

import { sql } from 'kysely';

import type { Database } from '../../../src/db/database.js';

/**
 * Every table's row count and a SHA-256 over its rows, independent of row order: two snapshots
 * are equal exactly when no request changed anything stored.
 */
export interface Snapshot {
  counts: Record<string, number>;
  checksum: string;
}

export async function snapshot(db: Database): Promise<Snapshot> {
  const tables = (await db.introspection.getTables())
    .map((table) => table.name)
    .filter((name) => !name.startsWith('kysely_') && !name.startsWith('sqlite_'))
    .sort();

  const counts: Record<string, number> = {};
  const hash = createHash('sha256');
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
      db,
    );
    counts[table] = rows.length;
    const lines = rows.map((row) => JSON.stringify(row, (_key, value) => normalise(value))).sort();
    hash.update(`${table}\n${lines.join('\n')}\n`);
  }

  return { counts, checksum: hash.digest('hex') };
}

function normalise(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return value;
}
