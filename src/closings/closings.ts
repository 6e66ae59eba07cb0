import { randomUUID } from 'node:crypto';

import { z } from 'zod';

import type { Database, Executor } from '../db/database.js';
import type { Closing, TransmissionStatus } from '../db/schema.js';
import { ConflictError, InputError, NotFoundError } from '../shared/errors.js';
import { formatAmount, parseAmount } from '../shared/decimal.js';
import { isCalendarDate, isTimestamp } from '../shared/time.js';
import { posId } from '../master-data/schemas.js';
import { activationStatus } from '../transmission/activation.js';
import { exactClosingTotals } from './exact-sums.js';

export const closingBody = z.strictObject({
  id: posId,
  registerId: posId,
  number: z.number().int('must be a whole number').min(0).max(2_000_000_000),
  businessDate: z.string().refine(isCalendarDate, 'must be a date such as 2026-12-03'),
  closedAt: z
    .string()
    .refine(isTimestamp, 'must be an ISO 8601 time with offset, e.g. 2026-12-03T22:04:11+01:00'),
  expected: z
    .strictObject({
      bookings: z.number().int('must be a whole number').min(0),
      grossAmount: z.string(),
    })
    .optional(),
});

export type ClosingRequest = z.output<typeof closingBody>;

export interface ClosingTaken {
  closing: { id: string; bookings: number; grossAmount: string };
  transmission: { id: string; status: TransmissionStatus };
  /** False when the same closing was sent before and the stored one is returned. */
  created: boolean;
}

/**
 * Takes a cash register closing: every booking of the register not yet in a closing becomes this
 * closing's, and a transmission is recorded for it, all in one transaction.
 *
 * Concurrency: the bookings are taken by one UPDATE, so a booking committed before it lands in
 * this closing and one committed after it in the next; the totals are counted from what the
 * UPDATE took, so the `expected` check cannot miss a booking that raced in. Two identical
 * closings at once meet at the unique closing id: the loser rolls back and answers the winner's.
 */
export async function takeClosing(
  db: Database,
  request: ClosingRequest,
  now: Date,
): Promise<ClosingTaken> {
  const expectedGross = parseExpectedGross(request);

  const stored = await findStoredClosing(db, request);
  if (stored) return stored;

  try {
    return await db
      .transaction()
      .execute((trx) => takeInTransaction(trx, request, expectedGross, now));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;

    const winner = await findStoredClosing(db, request);
    if (winner) return winner;
    throw error;
  }
}

async function takeInTransaction(
  trx: Executor,
  request: ClosingRequest,
  expectedGross: number | null,
  now: Date,
): Promise<ClosingTaken> {
  const register = await trx
    .selectFrom('registers')
    .innerJoin('points_of_sale', 'points_of_sale.id', 'registers.point_of_sale_id')
    .select(['registers.point_of_sale_id', 'points_of_sale.interface_id'])
    .where('registers.id', '=', request.registerId)
    .executeTakeFirst();
  if (!register) {
    throw new InputError([
      { path: 'registerId', message: `unknown register "${request.registerId}"` },
    ]);
  }

  // LIMITATION: stamping the closing id rewrites every booking row of the closing and its index
  // entries, so a closing costs several times a plain GROUP BY over its bookings (bench/: at a
  // million bookings 4–5 × on SQLite, 10–13 × on PostgreSQL), and on SQLite the synchronous
  // UPDATE holds the service's one connection and event loop for its whole length.
  await trx
    .updateTable('bookings')
    .set({ closing_id: request.id })
    .where('register_id', '=', request.registerId)
    .where('closing_id', 'is', null)
    .execute();
  const totals = await exactClosingTotals(trx, request.id);
  checkExpected(request, expectedGross, totals);

  const closing = {
    id: request.id,
    register_id: request.registerId,
    point_of_sale_id: register.point_of_sale_id,
    number: request.number,
    business_date: request.businessDate,
    closed_at: request.closedAt,
    bookings: totals.bookings,
    quantity: totals.quantity,
    gross_amount: totals.grossAmount,
    created_at: now.toISOString(),
  };
  await trx.insertInto('closings').values(closing).execute();

  const transmission = await recordTransmission(trx, request.id, register.interface_id, now);
  return {
    closing: {
      id: closing.id,
      bookings: closing.bookings,
      grossAmount: formatAmount(closing.gross_amount),
    },
    transmission,
    created: true,
  };
}

/** The outbox row, written with the closing so that no closing is ever without one. */
async function recordTransmission(
  trx: Executor,
  closingId: string,
  interfaceId: string | null,
  now: Date,
): Promise<{ id: string; status: TransmissionStatus }> {
  const activation = await activationStatus(trx);
  const [status, reason]: [TransmissionStatus, string | null] = !interfaceId
    ? ['skipped', 'the point of sale has no Interface ID']
    : !activation.active
      ? ['not-active', `the interface is not active: missing ${activation.missing.join(', ')}`]
      : ['waiting', null];

  const id = randomUUID();
  const final = status !== 'waiting';
  await trx
    .insertInto('transmissions')
    .values({
      id,
      closing_id: closingId,
      status,
      reason,
      attempts: 0,
      next_attempt_at: final ? null : now.toISOString(),
      lease_owner: null,
      lease_until: null,
      last_error: null,
      waiting_since: null,
      grouped: 0,
      item_bookings: 0,
      transmitted: 0,
      rejected: 0,
      created_at: now.toISOString(),
      finished_at: final ? now.toISOString() : null,
    })
    .execute();

  return { id, status };
}

interface Totals {
  bookings: number;
  quantity: number;
  grossAmount: number;
}

function parseExpectedGross(request: ClosingRequest): number | null {
  if (!request.expected) return null;

  const gross = parseAmount(request.expected.grossAmount);
  if (!gross.ok) throw new InputError([{ path: 'expected.grossAmount', message: gross.reason }]);
  return gross.value;
}

function checkExpected(
  request: ClosingRequest,
  expectedGross: number | null,
  totals: Totals,
): void {
  if (!request.expected || expectedGross === null) return;
  if (request.expected.bookings === totals.bookings && expectedGross === totals.grossAmount) return;

  throw new ConflictError(
    `the closing does not match: expected ${request.expected.bookings} bookings totalling ` +
      `${formatAmount(expectedGross)}, the service holds ${totals.bookings} bookings totalling ` +
      `${formatAmount(totals.grossAmount)}; send the missing bookings, then close again`,
    [
      {
        path: 'expected',
        message: `expected ${request.expected.bookings} / ${formatAmount(expectedGross)}, held ${totals.bookings} / ${formatAmount(totals.grossAmount)}`,
      },
    ],
  );
}

async function findStoredClosing(
  db: Executor,
  request: ClosingRequest,
): Promise<ClosingTaken | null> {
  const row = await db
    .selectFrom('closings')
    .innerJoin('transmissions', 'transmissions.closing_id', 'closings.id')
    .select([
      'closings.id',
      'closings.register_id',
      'closings.number',
      'closings.bookings',
      'closings.gross_amount',
      'transmissions.id as transmission_id',
      'transmissions.status',
    ])
    .where('closings.id', '=', request.id)
    .executeTakeFirst();
  if (!row) return null;

  if (row.register_id !== request.registerId || row.number !== request.number) {
    throw new ConflictError(
      `closing "${request.id}" is already stored for register "${row.register_id}" with number ${row.number}`,
      [{ path: 'id', message: 'already used by another closing' }],
    );
  }

  return {
    closing: { id: row.id, bookings: row.bookings, grossAmount: formatAmount(row.gross_amount) },
    transmission: { id: row.transmission_id, status: row.status },
    created: false,
  };
}

export async function getClosing(db: Executor, id: string): Promise<Closing> {
  const row = await db.selectFrom('closings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`no closing "${id}"`);
  return row;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
