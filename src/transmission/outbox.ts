import type { Database, Dialect, Executor } from '../db/database.js';
import type { Transmission } from '../db/schema.js';
import { groupClosing, type BookingSum, type ItemBookingDraft } from './grouping.js';

/**
 * The transmission outbox in the database: leasing the head of the queue, freezing the grouped
 * item bookings, and recording each request's start and outcome. Every write that follows a
 * lease checks that the lease is still ours, so a worker that lost its lease (it stalled past the
 * lease time and another took over) can never record anything.
 */

export const UNFINISHED = ['waiting', 'sending', 'retrying'] as const;

export interface Lease {
  owner: string;
  durationMs: number;
}

export type HeadState =
  | { kind: 'idle' }
  | { kind: 'due-later'; at: Date }
  | { kind: 'leased-elsewhere'; until: Date }
  | { kind: 'leased'; transmission: Transmission };

/**
 * Leases the oldest unfinished transmission if it is due. Closings are sent strictly in the order
 * they were made, so while the head waits for its next attempt nothing behind it moves.
 */
export async function leaseHead(
  db: Database,
  dialect: Dialect,
  lease: Lease,
  now: Date,
): Promise<HeadState> {
  return db.transaction().execute(async (trx) => {
    const head = await selectHead(trx, dialect);
    if (!head) return { kind: 'idle' };
    if (head.next_attempt_at && head.next_attempt_at > now.toISOString()) {
      return { kind: 'due-later', at: new Date(head.next_attempt_at) };
    }
    if (
      head.lease_until &&
      head.lease_until > now.toISOString() &&
      head.lease_owner !== lease.owner
    ) {
      return { kind: 'leased-elsewhere', until: new Date(head.lease_until) };
    }

    const leaseUntil = new Date(now.getTime() + lease.durationMs).toISOString();
    const taken = await trx
      .updateTable('transmissions')
      .set({ lease_owner: lease.owner, lease_until: leaseUntil })
      .where('id', '=', head.id)
      .where((eb) =>
        eb.or([
          eb('lease_until', 'is', null),
          eb('lease_until', '<=', now.toISOString()),
          eb('lease_owner', '=', lease.owner),
        ]),
      )
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) return { kind: 'leased-elsewhere', until: now };

    return {
      kind: 'leased',
      transmission: { ...head, lease_owner: lease.owner, lease_until: leaseUntil },
    };
  });
}

/**
 * The head of the queue. On PostgreSQL the row is locked for the rest of the leasing transaction
 * and another worker skips it (and so finds nothing: the head is the only row it may take).
 */
async function selectHead(trx: Executor, dialect: Dialect): Promise<Transmission | undefined> {
  const head = await trx
    .selectFrom('transmissions')
    .select(['id'])
    .where('status', 'in', UNFINISHED)
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  if (!head) return undefined;

  let query = trx.selectFrom('transmissions').selectAll().where('id', '=', head.id);
  if (dialect === 'postgres') query = query.forUpdate().skipLocked();
  return query.executeTakeFirst();
}

export async function renewLease(
  db: Executor,
  id: string,
  lease: Lease,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('transmissions')
    .set({ lease_until: new Date(now.getTime() + lease.durationMs).toISOString() })
    .where('id', '=', id)
    .where('lease_owner', '=', lease.owner)
    .executeTakeFirst();

  return Number(result.numUpdatedRows) === 1;
}

/** Releases every lease; only for a SQLite store, which one process alone may use. */
export async function releaseAllLeases(db: Executor): Promise<void> {
  await db
    .updateTable('transmissions')
    .set({ lease_owner: null, lease_until: null })
    .where('lease_owner', 'is not', null)
    .execute();
}

/**
 * Groups the closing in the database and freezes the result as item bookings. Done once: after
 * this the item bookings, their keys and their request numbers never change, so a retry or a
 * restart sends exactly the same requests again.
 */
export async function groupTransmission(
  db: Database,
  transmission: Transmission,
  lease: Lease,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const closing = await trx
      .selectFrom('closings')
      .innerJoin('points_of_sale', 'points_of_sale.id', 'closings.point_of_sale_id')
      .select(['closings.id', 'closings.point_of_sale_id', 'points_of_sale.interface_id'])
      .where('closings.id', '=', transmission.closing_id)
      .executeTakeFirstOrThrow();

    const drafts = groupClosing({
      closingId: closing.id,
      // A point of sale whose Interface ID was removed after the closing was taken still sends
      // under an empty cost centre, which JOMOsoft rejects per line: visible, never silent.
      pointOfSale: { id: closing.point_of_sale_id, interfaceId: closing.interface_id ?? '' },
      sums: await bookingSums(trx, closing.id),
    });
    await insertDrafts(trx, transmission.id, drafts);

    const updated = await trx
      .updateTable('transmissions')
      .set({
        grouped: 1,
        item_bookings: drafts.filter((draft) => draft.status === 'pending').length,
      })
      .where('id', '=', transmission.id)
      .where('lease_owner', '=', lease.owner)
      .where('grouped', '=', 0)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new LeaseLostError(transmission.id);

    return drafts.length;
  });
}

/** Sums per (item, price level, VAT rate) in the database, then joins the small result. */
async function bookingSums(trx: Executor, closingId: string): Promise<BookingSum[]> {
  const rows = await trx
    .with('sums', (db) =>
      db
        .selectFrom('bookings')
        .select((eb) => [
          'item_id',
          'price_level_id',
          'vat_rate',
          eb.fn.sum<number>('quantity').as('quantity'),
          eb.fn.sum<number>('gross_amount').as('gross_amount'),
          eb.fn.countAll<number>().as('bookings'),
        ])
        .where('closing_id', '=', closingId)
        .groupBy(['item_id', 'price_level_id', 'vat_rate']),
    )
    .selectFrom('sums')
    .innerJoin('items', 'items.id', 'sums.item_id')
    .innerJoin('price_levels', 'price_levels.id', 'sums.price_level_id')
    .select([
      'sums.item_id',
      'items.name as item_name',
      'items.interface_no',
      'items.excluded',
      'sums.price_level_id',
      'price_levels.export_abbreviation',
      'sums.vat_rate',
      'sums.quantity',
      'sums.gross_amount',
      'sums.bookings',
    ])
    .execute();

  return rows.map((row) => ({
    itemId: row.item_id,
    itemName: row.item_name,
    interfaceNo: row.interface_no,
    excluded: Number(row.excluded) === 1,
    priceLevelId: row.price_level_id,
    exportAbbreviation: row.export_abbreviation,
    vatRate: Number(row.vat_rate),
    quantity: Number(row.quantity),
    grossAmount: Number(row.gross_amount),
    bookings: Number(row.bookings),
  }));
}

async function insertDrafts(
  trx: Executor,
  transmissionId: string,
  drafts: ItemBookingDraft[],
): Promise<void> {
  const rows = drafts.map((draft) => ({
    transmission_id: transmissionId,
    position: draft.position,
    key: draft.key,
    status: draft.status,
    cost_centre: draft.costCentre,
    price_group: draft.priceGroup,
    article: draft.article,
    vat_rate: draft.vatRate,
    quantity: draft.quantity,
    gross_amount: draft.grossAmount,
    net_amount: draft.netAmount,
    point_of_sale_id: draft.pointOfSaleId,
    price_level_id: draft.priceLevelId,
    items: JSON.stringify(draft.items),
    missing: draft.missing ? JSON.stringify(draft.missing) : null,
    message: null,
    // Sendable lines come first, so their positions number the requests: 500 a request.
    request_no: draft.status === 'pending' ? Math.floor(draft.position / REQUEST_SIZE) : null,
  }));

  for (let start = 0; start < rows.length; start += 200) {
    await trx
      .insertInto('item_bookings')
      .values(rows.slice(start, start + 200))
      .execute();
  }
}

export const REQUEST_SIZE = 500;

export class LeaseLostError extends Error {
  constructor(transmissionId: string) {
    super(`the lease on transmission ${transmissionId} was lost to another worker`);
    this.name = 'LeaseLostError';
  }
}
