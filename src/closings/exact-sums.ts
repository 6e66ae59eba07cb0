import type { Executor } from '../db/database.js';
import { ConflictError } from '../shared/errors.js';

/**
 * Every booking is at most twelve digits before the point, but a closing takes any number of
 * them, and their sums must stay exact integers in JavaScript (below 2^53) everywhere after: in
 * the grouping, the reconciliation, the JOMOsoft request and the mail. A closing that breaks this
 * would never be sent, and since closings go strictly in order, nothing after it either.
 *
 * Bound: an item booking sums bookings of one or more (item, price level, VAT rate) groups, so
 * the sum of the groups' absolute sums bounds every item booking, the closing's total and each
 * part of the reconciliation. The bound uses signed group sums, so a POS that voids the wrong
 * bookings with negative ones can close again.
 */
export async function assertExactSums(trx: Executor, closingId: string): Promise<void> {
  let bound: { quantity: number; grossAmount: number };
  try {
    bound = await groupBound(trx, closingId);
  } catch (error) {
    // SQLite stops a sum past 2^63 with this error; PostgreSQL sums bigint as numeric.
    if (!/integer overflow/i.test(String((error as Error)?.message))) throw error;
    bound = { quantity: Infinity, grossAmount: Infinity };
  }

  const fields = (['quantity', 'grossAmount'] as const).filter(
    (field) => !(bound[field] <= Number.MAX_SAFE_INTEGER),
  );
  if (fields.length === 0) return;

  throw new ConflictError(
    `the bookings of this closing add up to more than can be transmitted exactly ` +
      `(${fields.join(' and ')} of one item and price level beyond ` +
      `${Number.MAX_SAFE_INTEGER} thousandths or cents); void the wrong bookings with ` +
      `negative ones, then close again`,
    fields.map((field) => ({ path: 'bookings', message: `${field} sums are too large` })),
  );
}

async function groupBound(trx: Executor, closingId: string) {
  const row = await trx
    .selectFrom((eb) =>
      eb
        .selectFrom('bookings')
        .select((inner) => [
          inner.fn.sum<number>('quantity').as('quantity'),
          inner.fn.sum<number>('gross_amount').as('gross_amount'),
        ])
        .where('closing_id', '=', closingId)
        .groupBy(['item_id', 'price_level_id', 'vat_rate'])
        .as('groups'),
    )
    .select((eb) => [
      eb.fn.sum<number>(eb.fn('abs', ['groups.quantity'])).as('quantity'),
      eb.fn.sum<number>(eb.fn('abs', ['groups.gross_amount'])).as('gross_amount'),
    ])
    .executeTakeFirstOrThrow();

  // PostgreSQL answers numeric as a string; a number past 2^53 only needs to compare as larger.
  return { quantity: Number(row.quantity ?? 0), grossAmount: Number(row.gross_amount ?? 0) };
}
