import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

import { openStore } from '../../src/db/database.js';
import { postgresKind } from '../helpers/stores.js';

const postgres = postgresKind();

describe.skipIf(!postgres)('the PostgreSQL store', () => {
  it('survives the server closing its idle connections, and answers the next query', async () => {
    const database = await postgres!.create();
    const store = openStore(database.url);
    try {
      await sql`select 1`.execute(store.db);

      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity ' +
          'where datname = current_database() and pid <> pg_backend_pid()',
      );
      await admin.end();
      await new Promise((resolve) => setTimeout(resolve, 100));

      const answer = await sql<{ one: number }>`select 1 as one`.execute(store.db);
      expect(answer.rows[0]?.one).toBe(1);
    } finally {
      await store.destroy();
      await database.drop();
    }
  });
});
