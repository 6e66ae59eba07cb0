import { CompiledQuery } from 'kysely';
import { z } from 'zod';

import type { Executor, Store } from '../db/database.js';
import type { BookingRow } from '../db/schema.js';
import { ConflictError } from '../shared/errors.js';
import { parseAmount, parseQuantity, parseVatRate } from '../shared/decimal.js';
import { isTimestamp } from '../shared/time.js';
import { MAX_RECORDS, ProblemList, checkUniqueIds } from '../shared/validation.js';
import { posId } from '../master-data/schemas.js';
import { existingIds } from '../master-data/store.js';

export const bookingsBody = z.strictObject({
  bookings: z
    .array(
      z.strictObject({
        id: posId,
        registerId: posId,
        itemId: posId,
        priceLevelId: posId,
        quantity: z.string(),
        grossAmount: z.string(),
        vatRate: z.string(),
        bookedAt: z.string().max(40, 'must be at most 40 characters'),
      }),
    )
    .min(1, 'must hold at least one booking')
    .max(MAX_RECORDS, `holds more than ${MAX_RECORDS} bookings; send smaller batches`),
});

type IncomingBooking = z.output<typeof bookingsBody>['bookings'][number];
export type NewBooking = Omit<BookingRow, 'seq' | 'closing_id'>;

export interface BookingsAccepted {
  accepted: number;
  duplicates: number;
}

/** Checks every booking of a batch, naming each fault by index and field. */
export async function checkBookings(
  db: Executor,
  records: IncomingBooking[],
): Promise<NewBooking[]> {
  const problems = new ProblemList();
  checkUniqueIds(records, 'bookings', problems);
  const rows = records.map((record, index) => toRow(record, index, problems));
  await checkReferences(db, records, problems);
  problems.throwIfAny();

  return rows;
}

function toRow(record: IncomingBooking, index: number, problems: ProblemList): NewBooking {
  const at = (field: string) => `bookings[${index}].${field}`;
  const quantity = parseQuantity(record.quantity);
  const gross = parseAmount(record.grossAmount);
  const vatRate = parseVatRate(record.vatRate);

  if (!quantity.ok) problems.add(at('quantity'), quantity.reason);
  if (!gross.ok) problems.add(at('grossAmount'), gross.reason);
  if (!vatRate.ok) problems.add(at('vatRate'), vatRate.reason);
  else if (vatRate.value < 0 || vatRate.value >= 10000) {
    problems.add(at('vatRate'), 'must be between 0 and 100 percent');
  }
  if (quantity.ok && quantity.value === 0) problems.add(at('quantity'), 'must not be zero');
  if (quantity.ok && gross.ok && gross.value !== 0 && quantity.value * gross.value < 0) {
    problems.add(at('grossAmount'), 'must have the same sign as the quantity');
  }
  if (!isTimestamp(record.bookedAt)) {
    problems.add(
      at('bookedAt'),
      'must be an ISO 8601 time with offset, e.g. 2026-12-03T12:04:11+01:00',
    );
  }

  return {
    id: record.id,
    register_id: record.registerId,
    item_id: record.itemId,
    price_level_id: record.priceLevelId,
    quantity: quantity.ok ? quantity.value : 0,
    gross_amount: gross.ok ? gross.value : 0,
    vat_rate: vatRate.ok ? vatRate.value : 0,
    booked_at: record.bookedAt,
  };
}

async function checkReferences(
  db: Executor,
  records: IncomingBooking[],
  problems: ProblemList,
): Promise<void> {
  const references = [
    ['registers', 'registerId', 'register'],
    ['items', 'itemId', 'item'],
    ['price_levels', 'priceLevelId', 'price level'],
  ] as const;

  for (const [table, field, noun] of references) {
    const known = await existingIds(
      db,
      table,
      records.map((record) => record[field]),
    );
    records.forEach((record, index) => {
      if (!known.has(record[field])) {
        problems.add(`bookings[${index}].${field}`, `unknown ${noun} "${record[field]}"`);
      }
    });
  }
}

/**
 * Stores a checked batch whole or not at all, inside the caller's transaction. A booking id
 * already stored with the same content is a duplicate (the POS resent it); with other content it
 * is a conflict for the whole batch.
 *
 * Inserted first, compared after: resent bookings are rare, so looking every id up before the
 * insert cost a query per 500 bookings for nothing. The insert skips an id that is already there
 * and leaves that row alone; only the skipped ids (resent, or stored by a concurrent request a
 * moment ago) are read back and compared, and a conflict throws and rolls the batch back.
 */
export async function storeBookings(
  trx: Executor,
  insert: BookingInserter,
  rows: NewBooking[],
): Promise<BookingsAccepted> {
  const inserted = await insert(trx, rows);
  if (inserted.size < rows.length) {
    const indexOf = new Map(rows.map((row, index) => [row.id, index]));
    const skipped = rows.filter((row) => !inserted.has(row.id));
    assertSameAsStored(
      skipped,
      await storedBookings(
        trx,
        skipped.map((row) => row.id),
      ),
      indexOf,
    );
  }

  return { accepted: inserted.size, duplicates: rows.length - inserted.size };
}

/** Inserts rows whose id is not stored yet; answers the ids it inserted. */
export type BookingInserter = (trx: Executor, rows: NewBooking[]) => Promise<Set<string>>;

/**
 * The insert is the hot path of the POS API, so it bypasses kysely's builder, which made an
 * object per value and a new SQL text per batch and cost as much as the insert itself.
 *
 * - SQLite: one prepared single-row INSERT, run row by row on the connection the transaction
 *   holds. Measured on 1,000-booking batches, this is faster than multi-row inserts, which SQLite
 *   runs through a temporary table (and slower still with RETURNING).
 * - PostgreSQL: the whole batch in one statement, its columns as eight arrays, so a batch is one
 *   round trip and one small statement instead of 8,000 parameters.
 */
export function bookingInserter(store: Store): BookingInserter {
  const connection = store.sqlite;
  if (!connection) return insertAsArrays;

  const insert = connection.prepare(SQLITE_INSERT);
  return async (_trx, rows) => {
    // `_trx` is the transaction this runs in: its connection is `connection`, held for us.
    const inserted = new Set<string>();
    for (const row of rows) {
      const result = insert.run(
        row.id,
        row.register_id,
        row.item_id,
        row.price_level_id,
        row.quantity,
        row.gross_amount,
        row.vat_rate,
        row.booked_at,
      );
      if (result.changes === 1) inserted.add(row.id);
    }

    return inserted;
  };
}

async function insertAsArrays(trx: Executor, rows: NewBooking[]): Promise<Set<string>> {
  const columns = INSERTED.map((column) => rows.map((row) => row[column]));
  const result = await trx.executeQuery<{ id: string }>(
    CompiledQuery.raw(POSTGRES_INSERT, columns),
  );

  return new Set(result.rows.map((row) => row.id));
}

const INSERTED = [
  'id',
  'register_id',
  'item_id',
  'price_level_id',
  'quantity',
  'gross_amount',
  'vat_rate',
  'booked_at',
] as const satisfies ReadonlyArray<keyof NewBooking>;

const SQLITE_INSERT = `
  insert into bookings (${INSERTED.join(', ')})
  values (${INSERTED.map(() => '?').join(', ')})
  on conflict (id) do nothing`;

const POSTGRES_INSERT = `
  insert into bookings (${INSERTED.join(', ')})
  select * from unnest(
    $1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::integer[],
    $8::text[]
  )
  on conflict (id) do nothing
  returning id`;

const CHUNK = 500;

async function storedBookings(db: Executor, ids: string[]): Promise<Map<string, NewBooking>> {
  const found = new Map<string, NewBooking>();
  for (let start = 0; start < ids.length; start += CHUNK) {
    const rows = await db
      .selectFrom('bookings')
      .select([
        'id',
        'register_id',
        'item_id',
        'price_level_id',
        'quantity',
        'gross_amount',
        'vat_rate',
        'booked_at',
      ])
      .where('id', 'in', ids.slice(start, start + CHUNK))
      .execute();
    for (const row of rows) found.set(row.id, row);
  }

  return found;
}

const COMPARED: Array<keyof NewBooking> = [
  'register_id',
  'item_id',
  'price_level_id',
  'quantity',
  'gross_amount',
  'vat_rate',
  'booked_at',
];

function assertSameAsStored(
  rows: NewBooking[],
  stored: Map<string, NewBooking>,
  indexOf: Map<string, number>,
): void {
  rows.forEach((row) => {
    const existing = stored.get(row.id);
    const index = indexOf.get(row.id);
    if (!existing) return;

    const differing = COMPARED.find((field) => existing[field] !== row[field]);
    if (differing) {
      throw new ConflictError(
        `booking "${row.id}" is already stored with a different ${differing}`,
        [{ path: `bookings[${index}]`, message: `already stored with a different ${differing}` }],
      );
    }
  });
}
