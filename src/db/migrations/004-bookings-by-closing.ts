import { sql } from 'kysely';

import type { AnyDb } from './column-types.js';

/**
 * The index from a closing to its bookings leaves out the open bookings. Every booking used to
 * enter it at ingest with a NULL closing id, only to be moved at the closing; a partial index
 * skips the first write and the move. Measured on SQLite at a million bookings, both indexes on
 * the same machine one after the other: the closing's UPDATE took 9.2 s instead of 13.7 s, its
 * totals 0.6 s instead of 1.1 s. `closing_id = ?` implies NOT NULL, so SQLite and PostgreSQL
 * (a generic plan included) still use the index for a closing's rows.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('bookings_by_closing').execute();
  await db.schema
    .createIndex('bookings_by_closing')
    .on('bookings')
    .column('closing_id')
    .where(sql.ref('closing_id'), 'is not', null)
    .execute();
}
