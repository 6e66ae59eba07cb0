import type { Database } from '../../../src/db/database.js';
import type { SandboxBooking } from '../../../src/sandbox/index.js';
import { parseAmount, parseQuantity, parseVatRate } from '../../../src/shared/decimal.js';
import { transmissionsOfClosing } from '../../../src/transmission/read-model.js';

/**
 * The exactly-once check, computed from what the POS sent rather than from what the service
 * stored: the small canteen's bookings of a closing, grouped the way JOMOsoft must have booked
 * them, against what the sandbox did book — each group once, to the cent and the thousandth.
 */
export interface PosBooking {
  itemId: string;
  priceLevelId: string;
  quantity: string;
  grossAmount: string;
}

/** loadSmallCanteen's master data as JOMOsoft knows it; the deposit is left out. */
const ARTICLES: Record<string, { article: string; vatRate: number } | null> = {
  'item-schnitzel': { article: 'A-1001', vatRate: 700 },
  'item-coffee': { article: 'A-1020', vatRate: 1900 },
  'item-coffee-large': { article: 'A-1020', vatRate: 1900 },
  'item-deposit': null,
};
const PRICE_GROUPS: Record<string, string> = { 'pl-guest': 'GAST', 'pl-staff': 'MA' };

type Sums = Map<string, { quantity: number; grossAmount: number }>;

export function expectedGroups(bookings: PosBooking[]): Sums {
  const groups: Sums = new Map();
  for (const booking of bookings) {
    const article = ARTICLES[booking.itemId];
    if (!article) continue;
    const priceGroup = PRICE_GROUPS[booking.priceLevelId];
    const key = `KST-100|${priceGroup}|${article.article}|${article.vatRate}`;
    add(
      groups,
      key,
      value(parseQuantity(booking.quantity)),
      value(parseAmount(booking.grossAmount)),
    );
  }
  return groups;
}

export function bookedGroups(booked: SandboxBooking[]): Sums {
  const groups: Sums = new Map();
  for (const line of booked) {
    const vatRate = value(parseVatRate(line.vatRate));
    const key = `${line.costCentre}|${line.priceGroup}|${line.article}|${vatRate}`;
    if (groups.has(key)) throw new Error(`JOMOsoft booked ${key} twice for ${line.closingId}`);
    add(groups, key, value(parseQuantity(line.quantity)), value(parseAmount(line.grossAmount)));
  }
  return groups;
}

/**
 * Throws, saying what differs, unless the closing's transmission is done, JOMOsoft booked each
 * expected group exactly once with the POS's sums, and the service's reconciliation balances.
 */
export async function verifyClosing(
  db: Database,
  sandboxBookings: SandboxBooking[],
  closingId: string,
  posBookings: PosBooking[],
): Promise<void> {
  const [transmission] = await transmissionsOfClosing(db, closingId);
  if (transmission?.status !== 'done') {
    throw new Error(`closing ${closingId}: transmission ${transmission?.status ?? 'missing'}`);
  }

  const booked = sandboxBookings.filter((line) => line.closingId === closingId);
  const expected = JSON.stringify([...expectedGroups(posBookings)].sort());
  const actual = JSON.stringify([...bookedGroups(booked)].sort());
  if (expected !== actual) {
    throw new Error(`closing ${closingId}: expected ${expected}, JOMOsoft booked ${actual}`);
  }

  const statuses = transmission.itemBookings
    .map((line) => line.status)
    .filter((status) => status !== 'left-out');
  if (
    statuses.length !== booked.length ||
    statuses.some((status) => status !== 'booked' && status !== 'duplicate')
  ) {
    throw new Error(`closing ${closingId}: item bookings ${statuses.join(', ')}`);
  }
  if (!transmission.reconciliation.balanced) {
    throw new Error(
      `closing ${closingId}: reconciliation does not balance: ` +
        JSON.stringify(transmission.reconciliation),
    );
  }
}

function add(groups: Sums, key: string, quantity: number, grossAmount: number): void {
  const sum = groups.get(key) ?? { quantity: 0, grossAmount: 0 };
  groups.set(key, {
    quantity: sum.quantity + quantity,
    grossAmount: sum.grossAmount + grossAmount,
  });
}

function value(parse: { ok: true; value: number } | { ok: false; reason: string }): number {
  if (!parse.ok) throw new Error(parse.reason);
  return parse.value;
}
