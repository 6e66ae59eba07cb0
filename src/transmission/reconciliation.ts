import type { ItemBookingStatus } from '../db/schema.js';

export interface Totals {
  quantity: number;
  grossAmount: number;
}

/**
 * The reconciliation line of a closing: POS total = booked + rejected + not transmitted + left
 * out, for quantity and gross amount, to the cent. Item bookings still on their way count as
 * pending, so an unfinished transmission balances too.
 */
export interface Reconciliation {
  pos: Totals;
  booked: Totals;
  rejected: Totals;
  notTransmitted: Totals;
  leftOut: Totals;
  pending: Totals;
  balanced: boolean;
}

const PART: Record<ItemBookingStatus, keyof Omit<Reconciliation, 'pos' | 'balanced'>> = {
  booked: 'booked',
  duplicate: 'booked',
  rejected: 'rejected',
  failed: 'rejected',
  'not-transmitted': 'notTransmitted',
  'left-out': 'leftOut',
  pending: 'pending',
};

export function reconcile(
  pos: Totals,
  lines: ReadonlyArray<{ status: ItemBookingStatus } & Totals>,
): Reconciliation {
  const zero = () => ({ quantity: 0, grossAmount: 0 });
  const parts = {
    booked: zero(),
    rejected: zero(),
    notTransmitted: zero(),
    leftOut: zero(),
    pending: zero(),
  };

  for (const line of lines) {
    const part = parts[PART[line.status]];
    part.quantity += line.quantity;
    part.grossAmount += line.grossAmount;
  }

  const sum = Object.values(parts).reduce(
    (total, part) => ({
      quantity: total.quantity + part.quantity,
      grossAmount: total.grossAmount + part.grossAmount,
    }),
    zero(),
  );
  const balanced = sum.quantity === pos.quantity && sum.grossAmount === pos.grossAmount;

  return { pos, ...parts, balanced };
}
