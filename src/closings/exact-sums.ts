import type { Executor } from '../db/database.js';
import { ConflictError } from '../shared/errors.js';

/**
 * Every booking is at most twelve digits before the point, but a closing takes any number of
 * them, and their sums must stay exact integers in JavaScript (below 2^53) everywhere after: in
 * the grouping, the reconciliation, the JOMOsoft request and the mail. A closing that broke this
 * would never be sent, and since closings go strictly in order, nothing after it either.
 *
 * Bound: an item booking sums bookings of one or more (item, price level, VAT rate) groups, so
 * the sum of the groups' absolute sums bounds every item booking, the closing's total and each
 * part of the reconciliation. The bound uses signed group sums, so a POS that voids the wrong
 * bookings with negative ones can close again.
 */
export interface ClosingTotals {
  bookings: number;
  quantity: number;
  grossAmount: number;
}

/** The totals of a closing's bookings, in one pass; a ConflictError when they are not exact. */
export async function exactClosingTotals(trx: Executor, closingId: string): Promise<ClosingTotals> {
  let sums: Sums;
  try {
    sums = await groupedSums(trx, closingId);
  } catch (error) {
    // SQLite stops a sum past 2^63 with this error; PostgreSQL sums bigint as numeric.
    if (!/integer overflow/i.test(String((error as Error)?.message))) throw error;
    sums = { bookings: 0, quantity: 0, grossAmount: 0, quantityBound: NaN, grossBound: NaN };
  }

  const fields = [
    ...(sums.quantityBound <= Number.MAX_SAFE_INTEGER ? [] : ['quantity']),
    ...(sums.grossBound <= Number.MAX_SAFE_INTEGER ? [] : ['grossAmount']),
  ];
  if (fields.length > 0) {
    throw new ConflictError(
      `the bookings of this closing add up to more than can be transmitted exactly ` +
        `(${fields.join(' and ')} of one item and price level beyond ` +
        `${Number.MAX_SAFE_INTEGER} thousandths or cents); void the wrong bookings with ` +
        `negative ones, then close again`,
      fields.map((field) => ({ path: 'bookings', message: `${field} sums are too large` })),
    );
  }

  return { bookings: sums.bookings, quantity: sums.quantity, grossAmount: sums.grossAmount };
}

interface Sums extends ClosingTotals {
  quantityBound: number;
  grossBound: number;
}

async function groupedSums(trx: Executor, closingId: string): Promise<Sums> {
  const row = await trx
    .selectFrom((eb) =>
      eb
        .selectFrom('bookings')
        .select((inner) => [
          inner.fn.countAll<number>().as('bookings'),
          inner.fn.sum<number>('quantity').as('quantity'),
          inner.fn.sum<number>('gross_amount').as('gross_amount'),
        ])
        .where('closing_id', '=', closingId)
        .groupBy(['item_id', 'price_level_id', 'vat_rate'])
        .as('groups'),
    )
    .select((eb) => [
      eb.fn.sum<number>('groups.bookings').as('bookings'),
      eb.fn.sum<number>('groups.quantity').as('quantity'),
      eb.fn.sum<number>('groups.gross_amount').as('gross_amount'),
      eb.fn.sum<number>(eb.fn('abs', ['groups.quantity'])).as('quantity_bound'),
      eb.fn.sum<number>(eb.fn('abs', ['groups.gross_amount'])).as('gross_bound'),
    ])
    .executeTakeFirstOrThrow();

  // PostgreSQL answers sums as numeric strings: exact below the bound, which is all we keep.
  return {
    bookings: Number(row.bookings ?? 0),
    quantity: Number(row.quantity ?? 0),
    grossAmount: Number(row.gross_amount ?? 0),
    quantityBound: Number(row.quantity_bound ?? 0),
    grossBound: Number(row.gross_bound ?? 0),
  };
}
