import type { Executor } from '../db/database.js';
import { InputError } from '../shared/errors.js';
import { transmissionById } from '../transmission/read-model.js';

/**
 * The transmission history as the back office shows it: a page of transmissions with their
 * closing's names, and one transmission with its attempts, its mails and every name behind it.
 */

type Counts = {
  itemBookings: number;
  transmitted: number;
  rejected: number;
  notTransmitted: number;
  leftOut: number;
};

export async function listTransmissions(db: Executor, page: { limit: number; before?: string }) {
  let query = db
    .selectFrom('transmissions as t')
    .innerJoin('closings as c', 'c.id', 't.closing_id')
    .leftJoin('registers as r', 'r.id', 'c.register_id')
    .leftJoin('points_of_sale as p', 'p.id', 'c.point_of_sale_id')
    .select([
      't.id',
      't.seq',
      't.status',
      't.reason',
      't.attempts',
      't.next_attempt_at',
      't.waiting_since',
      't.last_error',
      't.created_at',
      't.finished_at',
      'c.id as closingId',
      'c.number',
      'c.business_date',
      'r.name as registerName',
      'p.name as pointOfSaleName',
    ])
    .orderBy('t.seq', 'desc')
    .limit(page.limit);
  if (page.before) query = query.where('t.seq', '<', await cursorOf(db, page.before));
  const rows = await query.execute();
  const counts = await countsOf(
    db,
    rows.map((row) => row.id),
  );

  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    reason: row.reason,
    closing: {
      id: row.closingId,
      number: row.number,
      businessDate: row.business_date,
      registerName: row.registerName,
      pointOfSaleName: row.pointOfSaleName,
    },
    counts: counts.get(row.id) ?? emptyCounts(),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    waitingSince: row.waiting_since,
    lastError: row.last_error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  }));
}

/** `before` is the id of the last transmission shown; the page continues below it. */
async function cursorOf(db: Executor, before: string): Promise<number> {
  const row = await db
    .selectFrom('transmissions')
    .select('seq')
    .where('id', '=', before)
    .executeTakeFirst();
  if (!row) throw new InputError([{ path: 'before', message: `no transmission "${before}"` }]);

  return row.seq;
}

async function countsOf(db: Executor, ids: string[]): Promise<Map<string, Counts>> {
  const counts = new Map<string, Counts>();
  if (ids.length === 0) return counts;

  const rows = await db
    .selectFrom('item_bookings')
    .select((eb) => ['transmission_id', 'status', eb.fn.countAll<number>().as('count')])
    .where('transmission_id', 'in', ids)
    .groupBy(['transmission_id', 'status'])
    .execute();
  for (const row of rows) {
    const tally = counts.get(row.transmission_id) ?? emptyCounts();
    const count = Number(row.count);
    if (['pending', 'booked', 'duplicate', 'rejected', 'failed'].includes(row.status))
      tally.itemBookings += count;
    if (row.status === 'booked' || row.status === 'duplicate') tally.transmitted += count;
    if (row.status === 'rejected' || row.status === 'failed') tally.rejected += count;
    if (row.status === 'not-transmitted') tally.notTransmitted += count;
    if (row.status === 'left-out') tally.leftOut += count;
    counts.set(row.transmission_id, tally);
  }

  return counts;
}

function emptyCounts(): Counts {
  return { itemBookings: 0, transmitted: 0, rejected: 0, notTransmitted: 0, leftOut: 0 };
}

export async function transmissionDetail(db: Executor, id: string) {
  const view = await transmissionById(db, id);
  const names = await namesOf(db, view.closing.registerId, view.itemBookings);
  const attempts = await attemptsOf(db, id);
  const mails = await mailsOf(db, id);

  return {
    ...view,
    attemptCount: view.attempts,
    attempts,
    closing: {
      ...view.closing,
      registerName: names.registers[view.closing.registerId] ?? null,
      pointOfSaleName: names.pointsOfSale[view.closing.pointOfSaleId] ?? null,
    },
    itemBookings: view.itemBookings.map((line) => ({
      ...line,
      pointOfSaleName: names.pointsOfSale[line.pointOfSaleId] ?? null,
      priceLevelName: names.priceLevels[line.priceLevelId] ?? null,
    })),
    mails,
    names,
  };
}

async function namesOf(
  db: Executor,
  registerId: string,
  lines: Array<{ pointOfSaleId: string; priceLevelId: string }>,
) {
  const register = await db
    .selectFrom('registers')
    .select(['id', 'name', 'point_of_sale_id'])
    .where('id', '=', registerId)
    .executeTakeFirst();
  const pointOfSaleIds = [
    ...new Set([
      ...lines.map((line) => line.pointOfSaleId),
      ...(register ? [register.point_of_sale_id] : []),
    ]),
  ];
  const priceLevelIds = [...new Set(lines.map((line) => line.priceLevelId))];

  const pointsOfSale = pointOfSaleIds.length
    ? await db
        .selectFrom('points_of_sale')
        .select(['id', 'name'])
        .where('id', 'in', pointOfSaleIds)
        .execute()
    : [];
  const priceLevels = priceLevelIds.length
    ? await db
        .selectFrom('price_levels')
        .select(['id', 'name'])
        .where('id', 'in', priceLevelIds)
        .execute()
    : [];

  return {
    pointsOfSale: byId(pointsOfSale),
    priceLevels: byId(priceLevels),
    registers: register ? { [register.id]: register.name } : {},
  };
}

function byId(rows: Array<{ id: string; name: string }>): Record<string, string> {
  return Object.fromEntries(rows.map((row) => [row.id, row.name]));
}

async function attemptsOf(db: Executor, id: string) {
  const rows = await db
    .selectFrom('transmission_attempts')
    .selectAll()
    .where('transmission_id', '=', id)
    .orderBy('id')
    .execute();

  return rows.map((row) => ({
    attempt: row.attempt,
    requestNo: row.request_no,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: row.outcome,
    httpStatus: row.http_status,
    error: row.error,
  }));
}

async function mailsOf(db: Executor, id: string) {
  const rows = await db
    .selectFrom('mails')
    .selectAll()
    .where('transmission_id', '=', id)
    .orderBy('seq')
    .execute();

  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    status: row.status,
    subject: row.subject,
    recipients: JSON.parse(row.recipients) as string[],
    sentAt: row.sent_at,
    lastError: row.last_error,
    text: row.text,
  }));
}
