import { z } from 'zod';

import type { Executor } from '../db/database.js';
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
 * Stores a checked batch whole or not at all. A booking id already stored with the same content
 * is a duplicate (the POS resent it); with other content it is a conflict for the whole batch.
 */
export async function storeBookings(trx: Executor, rows: NewBooking[]): Promise<BookingsAccepted> {
  const stored = await storedBookings(
    trx,
    rows.map((row) => row.id),
  );
  const indexOf = new Map(rows.map((row, index) => [row.id, index]));
  const fresh = rows.filter((row) => !stored.has(row.id));
  assertSameAsStored(rows, stored, indexOf);

  const inserted = await insertIgnoringRaces(trx, fresh);
  if (inserted.size < fresh.length) {
    // Another request stored some of the same ids between our check and our insert.
    const raced = fresh.filter((row) => !inserted.has(row.id));
    assertSameAsStored(
      raced,
      await storedBookings(
        trx,
        raced.map((row) => row.id),
      ),
      indexOf,
    );
  }

  return { accepted: inserted.size, duplicates: rows.length - inserted.size };
}

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

async function insertIgnoringRaces(db: Executor, rows: NewBooking[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let start = 0; start < rows.length; start += CHUNK) {
    const result = await db
      .insertInto('bookings')
      .values(rows.slice(start, start + CHUNK))
      .onConflict((conflict) => conflict.column('id').doNothing())
      .returning('id')
      .execute();
    for (const row of result) inserted.add(row.id);
  }

  return inserted;
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
