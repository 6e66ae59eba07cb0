import type { Dialect } from '../database.js';
import { addSerial, notNull, type AnyDb } from './column-types.js';

/** Back-office users and their sessions, failed logins for the rate limit, and the audit log. */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await addSerial(db.schema.createTable('users'), dialect, 'id')
    .addColumn('name', 'text', (column) => column.notNull().unique())
    .addColumn('role', 'text', notNull)
    .addColumn('password_hash', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .execute();

  // Only a hash of the session id is stored, so a copy of the database opens no session.
  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'bigint', (column) =>
      column.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('address', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('expires_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('sessions_by_user').on('sessions').column('user_id').execute();

  // Failed logins only; the limit counts them per user name and per address within a window.
  await addSerial(db.schema.createTable('login_failures'), dialect, 'id')
    .addColumn('user_name', 'text', notNull)
    .addColumn('address', 'text', notNull)
    .addColumn('at', 'text', notNull)
    .execute();
  await db.schema
    .createIndex('login_failures_by_name')
    .on('login_failures')
    .columns(['user_name', 'at'])
    .execute();
  await db.schema
    .createIndex('login_failures_by_address')
    .on('login_failures')
    .columns(['address', 'at'])
    .execute();

  await addSerial(db.schema.createTable('audit_log'), dialect, 'id')
    .addColumn('at', 'text', notNull)
    .addColumn('user_name', 'text', notNull)
    .addColumn('action', 'text', notNull)
    .addColumn('subject', 'text', notNull)
    .addColumn('field', 'text', notNull)
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .execute();
}
