import { sql } from 'kysely';

import type { Dialect } from '../database.js';
import { addSerial, notNull, type AnyDb } from './column-types.js';

/** Settings, the transmission outbox with its item bookings and attempts, and the mail outbox. */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (column) => column.primaryKey())
    .addColumn('value', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();

  // One row per closing. Its columns are the whole state an operator needs to see why a
  // transmission waits: attempts, last error, next attempt, who holds the lease and until when.
  await addSerial(db.schema.createTable('transmissions'), dialect, 'seq')
    .addColumn('id', 'text', (column) => column.notNull().unique())
    .addColumn('closing_id', 'text', (column) => column.notNull().unique())
    .addColumn('status', 'text', notNull)
    .addColumn('reason', 'text')
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('waiting_since', 'text')
    .addColumn('grouped', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('item_bookings', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('transmitted', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'text', notNull)
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('transmissions_unfinished')
    .on('transmissions')
    .column('seq')
    .where(sql.ref('status'), 'in', ['waiting', 'sending', 'retrying'])
    .execute();

  await db.schema
    .createTable('item_bookings')
    .addColumn('transmission_id', 'text', notNull)
    .addColumn('position', 'integer', notNull)
    .addColumn('key', 'text', (column) => column.notNull().unique())
    .addColumn('status', 'text', notNull)
    .addColumn('cost_centre', 'text')
    .addColumn('price_group', 'text')
    .addColumn('article', 'text')
    .addColumn('vat_rate', 'integer', notNull)
    .addColumn('quantity', 'bigint', notNull)
    .addColumn('gross_amount', 'bigint', notNull)
    .addColumn('net_amount', 'bigint', notNull)
    .addColumn('point_of_sale_id', 'text', notNull)
    .addColumn('price_level_id', 'text', notNull)
    .addColumn('items', 'text', notNull)
    .addColumn('missing', 'text')
    .addColumn('message', 'text')
    .addColumn('request_no', 'integer')
    .addPrimaryKeyConstraint('item_bookings_pk', ['transmission_id', 'position'])
    .execute();

  await addSerial(db.schema.createTable('transmission_attempts'), dialect, 'id')
    .addColumn('transmission_id', 'text', notNull)
    .addColumn('attempt', 'integer', notNull)
    .addColumn('request_no', 'integer')
    .addColumn('started_at', 'text', notNull)
    .addColumn('finished_at', 'text')
    .addColumn('outcome', 'text', notNull)
    .addColumn('http_status', 'integer')
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createIndex('transmission_attempts_by_transmission')
    .on('transmission_attempts')
    .columns(['transmission_id', 'attempt'])
    .execute();

  await addSerial(db.schema.createTable('mails'), dialect, 'seq')
    .addColumn('id', 'text', (column) => column.notNull().unique())
    .addColumn('kind', 'text', notNull)
    .addColumn('transmission_id', 'text')
    .addColumn('message_id', 'text', (column) => column.notNull().unique())
    .addColumn('language', 'text', notNull)
    .addColumn('subject', 'text', notNull)
    .addColumn('text', 'text', notNull)
    .addColumn('html', 'text', notNull)
    .addColumn('recipients', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', notNull)
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('refused_recipients', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema
    .createIndex('mails_queued')
    .on('mails')
    .column('seq')
    .where(sql.ref('status'), '=', 'queued')
    .execute();
  await db.schema
    .createIndex('mails_by_transmission')
    .on('mails')
    .column('transmission_id')
    .execute();
}
