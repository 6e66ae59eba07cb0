import { sql } from 'kysely';

import type { Dialect } from '../database.js';
import { addSerial, notNull, type AnyDb } from './column-types.js';

/** Master data, bookings, closings and the POS API's tokens. */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('price_levels')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', notNull)
    .addColumn('export_abbreviation', 'text')
    .addColumn('updated_at', 'text', notNull)
    .execute();

  await db.schema
    .createTable('points_of_sale')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', notNull)
    .addColumn('interface_id', 'text')
    .addColumn('updated_at', 'text', notNull)
    .execute();

  await db.schema
    .createTable('registers')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', notNull)
    .addColumn('point_of_sale_id', 'text', (column) =>
      column.notNull().references('points_of_sale.id'),
    )
    .addColumn('updated_at', 'text', notNull)
    .execute();

  await db.schema
    .createTable('items')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', notNull)
    .addColumn('interface_no', 'text')
    .addColumn('vat_rate', 'integer', notNull)
    .addColumn('excluded', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', notNull)
    .execute();

  // Bookings reference master data by id without foreign keys: the API checks them per batch,
  // and a foreign-key lookup per row would halve the ingest rate for no extra safety.
  await addSerial(db.schema.createTable('bookings'), dialect, 'seq')
    .addColumn('id', 'text', (column) => column.notNull().unique())
    .addColumn('register_id', 'text', notNull)
    .addColumn('item_id', 'text', notNull)
    .addColumn('price_level_id', 'text', notNull)
    .addColumn('quantity', 'bigint', notNull)
    .addColumn('gross_amount', 'bigint', notNull)
    .addColumn('vat_rate', 'integer', notNull)
    .addColumn('booked_at', 'text', notNull)
    .addColumn('closing_id', 'text')
    .execute();

  // A closing takes "every booking of that register not yet in a closing": this partial index
  // finds exactly those, and stays small because closed bookings leave it.
  await db.schema
    .createIndex('bookings_open_by_register')
    .on('bookings')
    .column('register_id')
    .where(sql.ref('closing_id'), 'is', null)
    .execute();
  await db.schema.createIndex('bookings_by_closing').on('bookings').column('closing_id').execute();

  await addSerial(db.schema.createTable('closings'), dialect, 'seq')
    .addColumn('id', 'text', (column) => column.notNull().unique())
    .addColumn('register_id', 'text', (column) => column.notNull().references('registers.id'))
    .addColumn('point_of_sale_id', 'text', notNull)
    .addColumn('number', 'integer', notNull)
    .addColumn('business_date', 'text', notNull)
    .addColumn('closed_at', 'text', notNull)
    .addColumn('bookings', 'integer', notNull)
    .addColumn('quantity', 'bigint', notNull)
    .addColumn('gross_amount', 'bigint', notNull)
    .addColumn('created_at', 'text', notNull)
    .execute();

  await addSerial(db.schema.createTable('api_tokens'), dialect, 'id')
    .addColumn('name', 'text', (column) => column.notNull().unique())
    .addColumn('token_hash', 'text', (column) => column.notNull().unique())
    .addColumn('created_at', 'text', notNull)
    .addColumn('revoked_at', 'text')
    .execute();
}
