import type { Executor } from '../db/database.js';
import type { ItemBookingRow, ItemBookingStatus, Transmission } from '../db/schema.js';
import { NotFoundError } from '../shared/errors.js';
import { formatAmount, formatQuantity, formatVatRate } from '../shared/decimal.js';
import { reconcile, type Reconciliation } from './reconciliation.js';

/** A transmission as the POS API and the admin API show it. */
export interface TransmissionView {
  id: string;
  closingId: string;
  status: Transmission['status'];
  reason: string | null;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  waitingSince: string | null;
  createdAt: string;
  finishedAt: string | null;
  closing: {
    id: string;
    registerId: string;
    pointOfSaleId: string;
    number: number;
    businessDate: string;
    closedAt: string;
    bookings: number;
    quantity: string;
    grossAmount: string;
  };
  counts: Record<
    'itemBookings' | 'transmitted' | 'rejected' | 'notTransmitted' | 'leftOut',
    number
  >;
  itemBookings: ItemBookingView[];
  reconciliation: ReconciliationView;
}

export interface ItemBookingView {
  key: string;
  status: ItemBookingStatus;
  costCentre: string | null;
  priceGroup: string | null;
  article: string | null;
  vatRate: string;
  quantity: string;
  grossAmount: string;
  netAmount: string;
  pointOfSaleId: string;
  priceLevelId: string;
  items: Array<{ id: string; name: string; quantity: string; grossAmount: string }>;
  missing: string[] | null;
  message: string | null;
}

type TotalsView = { quantity: string; grossAmount: string };
export type ReconciliationView = Record<keyof Omit<Reconciliation, 'balanced'>, TotalsView> & {
  balanced: boolean;
};

export async function transmissionById(db: Executor, id: string): Promise<TransmissionView> {
  const row = await db
    .selectFrom('transmissions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`no transmission "${id}"`);

  return describeTransmission(db, row);
}

export async function transmissionsOfClosing(
  db: Executor,
  closingId: string,
): Promise<TransmissionView[]> {
  const rows = await db
    .selectFrom('transmissions')
    .selectAll()
    .where('closing_id', '=', closingId)
    .execute();

  return Promise.all(rows.map((row) => describeTransmission(db, row)));
}

export async function describeTransmission(
  db: Executor,
  row: Transmission,
): Promise<TransmissionView> {
  const closing = await db
    .selectFrom('closings')
    .selectAll()
    .where('id', '=', row.closing_id)
    .executeTakeFirstOrThrow();
  const lines = await db
    .selectFrom('item_bookings')
    .selectAll()
    .where('transmission_id', '=', row.id)
    .orderBy('position')
    .execute();
  const pos = { quantity: closing.quantity, grossAmount: closing.gross_amount };
  const parts = lines.map((line) => ({
    status: line.status,
    quantity: line.quantity,
    grossAmount: line.gross_amount,
  }));
  // Before grouping the whole closing is on its way; a skipped or inactive closing is never
  // grouped, and all of it stays not transmitted.
  if (row.grouped === 0) {
    const final = row.status === 'skipped' || row.status === 'not-active';
    parts.push({ status: final ? 'not-transmitted' : 'pending', ...pos });
  }
  const reconciliation = reconcile(pos, parts);

  return {
    id: row.id,
    closingId: row.closing_id,
    status: row.status,
    reason: row.reason,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    waitingSince: row.waiting_since,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    closing: {
      id: closing.id,
      registerId: closing.register_id,
      pointOfSaleId: closing.point_of_sale_id,
      number: closing.number,
      businessDate: closing.business_date,
      closedAt: closing.closed_at,
      bookings: closing.bookings,
      quantity: formatQuantity(closing.quantity),
      grossAmount: formatAmount(closing.gross_amount),
    },
    counts: countLines(lines),
    itemBookings: lines.map(describeLine),
    reconciliation: describeReconciliation(reconciliation),
  };
}

function countLines(lines: ItemBookingRow[]): TransmissionView['counts'] {
  const count = (...statuses: ItemBookingStatus[]) =>
    lines.filter((line) => statuses.includes(line.status)).length;

  return {
    itemBookings: count('pending', 'booked', 'duplicate', 'rejected', 'failed'),
    transmitted: count('booked', 'duplicate'),
    rejected: count('rejected', 'failed'),
    notTransmitted: count('not-transmitted'),
    leftOut: count('left-out'),
  };
}

function describeLine(line: ItemBookingRow): ItemBookingView {
  const items = JSON.parse(line.items) as Array<{
    id: string;
    name: string;
    quantity: number;
    grossAmount: number;
  }>;

  return {
    key: line.key,
    status: line.status,
    costCentre: line.cost_centre,
    priceGroup: line.price_group,
    article: line.article,
    vatRate: formatVatRate(line.vat_rate),
    quantity: formatQuantity(line.quantity),
    grossAmount: formatAmount(line.gross_amount),
    netAmount: formatAmount(line.net_amount),
    pointOfSaleId: line.point_of_sale_id,
    priceLevelId: line.price_level_id,
    items: items.map((item) => ({
      id: item.id,
      name: item.name,
      quantity: formatQuantity(item.quantity),
      grossAmount: formatAmount(item.grossAmount),
    })),
    missing: line.missing ? (JSON.parse(line.missing) as string[]) : null,
    message: line.message,
  };
}

function describeReconciliation(reconciliation: Reconciliation): ReconciliationView {
  const totals = (part: { quantity: number; grossAmount: number }) => ({
    quantity: formatQuantity(part.quantity),
    grossAmount: formatAmount(part.grossAmount),
  });

  return {
    pos: totals(reconciliation.pos),
    booked: totals(reconciliation.booked),
    rejected: totals(reconciliation.rejected),
    notTransmitted: totals(reconciliation.notTransmitted),
    leftOut: totals(reconciliation.leftOut),
    pending: totals(reconciliation.pending),
    balanced: reconciliation.balanced,
  };
}
