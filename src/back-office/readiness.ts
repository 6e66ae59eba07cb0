import type { Executor } from '../db/database.js';
import { formatAmount, formatQuantity } from '../shared/decimal.js';

/**
 * The readiness report: what keeps bookings from reaching JOMOsoft. Items sold in the last 30
 * days without interface no. come first, by revenue, since those cost the most bookings.
 */

const DAYS = 30;

export async function readinessReport(db: Executor, now: Date) {
  return {
    items: await unnumberedItemsSold(db, now),
    priceLevels: await db
      .selectFrom('price_levels')
      .select(['id', 'name'])
      .where('export_abbreviation', 'is', null)
      .orderBy('name')
      .execute(),
    pointsOfSale: await db
      .selectFrom('points_of_sale')
      .select(['id', 'name'])
      .where('interface_id', 'is', null)
      .orderBy('name')
      .execute(),
  };
}

async function unnumberedItemsSold(db: Executor, now: Date) {
  // booked_at keeps the POS's text with its offset, so the cut-off is a date: a few hours at the
  // edge of the window do not change what needs a number.
  const since = new Date(now.getTime() - DAYS * 86_400_000).toISOString().slice(0, 10);
  const rows = await db
    .selectFrom('bookings')
    .innerJoin('items', 'items.id', 'bookings.item_id')
    .select((eb) => [
      'items.id',
      'items.name',
      eb.fn.sum<number>('bookings.gross_amount').as('revenue'),
      eb.fn.sum<number>('bookings.quantity').as('quantity'),
      eb.fn.countAll<number>().as('bookings'),
    ])
    .where('items.interface_no', 'is', null)
    .where('items.excluded', '=', 0)
    .where('bookings.booked_at', '>=', since)
    .groupBy(['items.id', 'items.name'])
    .orderBy('revenue', 'desc')
    .orderBy('items.name')
    .execute();

  // PostgreSQL sums bigints as numeric, which arrives as a string.
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    revenue: formatAmount(Number(row.revenue)),
    quantity: formatQuantity(Number(row.quantity)),
    bookings: Number(row.bookings),
  }));
}
