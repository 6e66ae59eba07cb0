import type { Database, Executor } from '../db/database.js';
import type { ItemBookingRow, Transmission } from '../db/schema.js';
import type { ItemResult, OutgoingItemBooking, SendOutcome } from '../jomosoft/client.js';
import { LeaseLostError, type Lease } from './outbox.js';

/**
 * Recording one request to JOMOsoft: "sending" before it, the outcome after it. A crash between
 * the two leaves the item bookings pending, and the next worker sends the very same request with
 * the very same Idempotency-Key, which JOMOsoft answers without booking anything twice.
 */

export interface PendingRequest {
  requestNo: number;
  bookings: OutgoingItemBooking[];
}

/** The next request whose item bookings are still pending, or null when all are answered. */
export async function nextPendingRequest(
  db: Executor,
  transmissionId: string,
): Promise<PendingRequest | null> {
  const first = await db
    .selectFrom('item_bookings')
    .select('request_no')
    .where('transmission_id', '=', transmissionId)
    .where('status', '=', 'pending')
    .orderBy('position')
    .limit(1)
    .executeTakeFirst();
  if (!first || first.request_no === null) return null;

  const lines = await db
    .selectFrom('item_bookings')
    .selectAll()
    .where('transmission_id', '=', transmissionId)
    .where('request_no', '=', first.request_no)
    .where('status', '=', 'pending')
    .orderBy('position')
    .execute();

  return { requestNo: first.request_no, bookings: lines.map(toOutgoing) };
}

function toOutgoing(line: ItemBookingRow): OutgoingItemBooking {
  return {
    key: line.key,
    costCentre: line.cost_centre ?? '',
    priceGroup: line.price_group ?? '',
    article: line.article ?? '',
    quantity: line.quantity,
    grossAmount: line.gross_amount,
    netAmount: line.net_amount,
    vatRate: line.vat_rate,
  };
}

/** Same transmission, same request number: the same key on every retry, in every process. */
export function idempotencyKey(transmissionId: string, requestNo: number): string {
  return `${transmissionId}.${requestNo}`;
}

export async function recordSending(
  db: Database,
  transmission: Transmission,
  requestNo: number,
  lease: Lease,
  now: Date,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('transmissions')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1) }))
      .where('id', '=', transmission.id)
      .where('lease_owner', '=', lease.owner)
      .returning('attempts')
      .executeTakeFirst();
    if (!updated) throw new LeaseLostError(transmission.id);

    const attempt = await trx
      .insertInto('transmission_attempts')
      .values({
        transmission_id: transmission.id,
        attempt: updated.attempts,
        request_no: requestNo,
        started_at: now.toISOString(),
        finished_at: null,
        outcome: 'sending',
        http_status: null,
        error: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    return Number(attempt.id);
  });
}

/** Stores JOMOsoft's answer per item booking; rejected and failed lines are final. */
export async function recordAnswer(
  trx: Executor,
  transmission: Transmission,
  attemptId: number,
  outcome: Extract<SendOutcome, { kind: 'answered' }>,
  now: Date,
): Promise<void> {
  for (const [status, results] of groupByStatus(outcome.results)) {
    const withMessage = results.filter((result) => result.message !== null);
    const plain = results.filter((result) => result.message === null);

    if (plain.length > 0) {
      await trx
        .updateTable('item_bookings')
        .set({ status, message: null })
        .where('transmission_id', '=', transmission.id)
        .where(
          'key',
          'in',
          plain.map((result) => result.key),
        )
        .where('status', '=', 'pending')
        .execute();
    }
    for (const result of withMessage) {
      await trx
        .updateTable('item_bookings')
        .set({ status, message: result.message })
        .where('transmission_id', '=', transmission.id)
        .where('key', '=', result.key)
        .where('status', '=', 'pending')
        .execute();
    }
  }

  const rejected = outcome.results.filter(
    (result) => result.status === 'rejected' || result.status === 'failed',
  ).length;
  await finishAttempt(trx, attemptId, now, {
    outcome: rejected > 0 ? `answered, ${rejected} rejected` : 'answered',
    httpStatus: outcome.httpStatus,
    error: null,
  });
}

function groupByStatus(results: ItemResult[]): Map<ItemResult['status'], ItemResult[]> {
  const groups = new Map<ItemResult['status'], ItemResult[]>();
  for (const result of results)
    groups.set(result.status, [...(groups.get(result.status) ?? []), result]);
  return groups;
}

export async function finishAttempt(
  trx: Executor,
  attemptId: number,
  now: Date,
  result: { outcome: string; httpStatus: number | null; error: string | null },
): Promise<void> {
  await trx
    .updateTable('transmission_attempts')
    .set({
      finished_at: now.toISOString(),
      outcome: result.outcome,
      http_status: result.httpStatus,
      error: result.error,
    })
    .where('id', '=', attemptId)
    .execute();
}
