import { createHash } from 'node:crypto';

import type { ItemBookingStatus } from '../db/schema.js';
import { netFromGross } from '../shared/decimal.js';

/**
 * Grouping: a closing's bookings become item bookings, one per (point-of-sale Interface ID,
 * price-level export abbreviation, item interface no., VAT rate). Pure: the database sums the
 * bookings per (item, price level, VAT rate) first, so what arrives here is bounded by the master
 * data, never by the number of bookings.
 *
 * - An item marked not relevant for merchandise management is left out silently.
 * - Any other item without interface no., or a price level without abbreviation, is not
 *   transmitted: its lines are kept per POS item and listed, never dropped.
 * - Net amounts are computed once per item booking from its summed gross amount (see
 *   `netFromGross`: exact, rounded half away from zero to the cent).
 */

export interface BookingSum {
  itemId: string;
  itemName: string;
  interfaceNo: string | null;
  excluded: boolean;
  priceLevelId: string;
  exportAbbreviation: string | null;
  vatRate: number;
  quantity: number;
  grossAmount: number;
  bookings: number;
}

export interface GroupingInput {
  closingId: string;
  pointOfSale: { id: string; interfaceId: string };
  sums: BookingSum[];
}

export interface PosItemShare {
  id: string;
  name: string;
  quantity: number;
  grossAmount: number;
  bookings: number;
}

export interface ItemBookingDraft {
  position: number;
  key: string;
  status: Extract<ItemBookingStatus, 'pending' | 'not-transmitted' | 'left-out'>;
  costCentre: string;
  priceGroup: string | null;
  article: string | null;
  vatRate: number;
  quantity: number;
  grossAmount: number;
  netAmount: number;
  pointOfSaleId: string;
  priceLevelId: string;
  items: PosItemShare[];
  missing: Array<'item' | 'price-level'> | null;
}

export function groupClosing(input: GroupingInput): ItemBookingDraft[] {
  const groups = new Map<string, Omit<ItemBookingDraft, 'position' | 'key' | 'netAmount'>>();

  for (const sum of input.sums) {
    const draft = classify(input.pointOfSale, sum);
    const identity = groupIdentity(draft, sum);
    const group = groups.get(identity);
    if (group) {
      group.quantity += sum.quantity;
      group.grossAmount += sum.grossAmount;
      addShare(group.items, sum);
    } else {
      groups.set(identity, { ...draft, items: [share(sum)] });
    }
  }

  return [...groups.entries()]
    .sort(([a, first], [b, second]) => rank(first.status) - rank(second.status) || compare(a, b))
    .map(([identity, group], position) => ({
      ...group,
      position,
      key: itemBookingKey(input.closingId, identity),
      netAmount: netFromGross(group.grossAmount, group.vatRate),
      items: group.items.sort((first, second) => compare(first.id, second.id)),
    }));
}

type Classified = Omit<ItemBookingDraft, 'position' | 'key' | 'netAmount' | 'items'>;

function classify(pointOfSale: GroupingInput['pointOfSale'], sum: BookingSum): Classified {
  const missing: Array<'item' | 'price-level'> = [];
  if (!sum.interfaceNo) missing.push('item');
  if (!sum.exportAbbreviation) missing.push('price-level');

  const status = sum.excluded ? 'left-out' : missing.length > 0 ? 'not-transmitted' : 'pending';
  return {
    status,
    costCentre: pointOfSale.interfaceId,
    priceGroup: sum.exportAbbreviation,
    article: sum.interfaceNo,
    vatRate: sum.vatRate,
    quantity: sum.quantity,
    grossAmount: sum.grossAmount,
    pointOfSaleId: pointOfSale.id,
    priceLevelId: sum.priceLevelId,
    missing: status === 'not-transmitted' ? missing : null,
  };
}

/**
 * Sendable lines group by interface numbers (several items may share one interface no.); lines
 * that cannot be sent stay apart per POS item and price level, so the mail can name each.
 */
function groupIdentity(draft: Classified, sum: BookingSum): string {
  const parts =
    draft.status === 'pending'
      ? ['send', draft.costCentre, draft.priceGroup, draft.article, draft.vatRate]
      : [draft.status, sum.itemId, sum.priceLevelId, draft.vatRate];

  return parts.join('\u0000');
}

/** Stable for the same closing and group on every retry and every run. */
export function itemBookingKey(closingId: string, identity: string): string {
  return createHash('sha256')
    .update(`${closingId}\u0000${identity}`)
    .digest('base64url')
    .slice(0, 32);
}

function share(sum: BookingSum): PosItemShare {
  return {
    id: sum.itemId,
    name: sum.itemName,
    quantity: sum.quantity,
    grossAmount: sum.grossAmount,
    bookings: sum.bookings,
  };
}

function addShare(items: PosItemShare[], sum: BookingSum): void {
  const existing = items.find((item) => item.id === sum.itemId);
  if (!existing) {
    items.push(share(sum));
    return;
  }
  existing.quantity += sum.quantity;
  existing.grossAmount += sum.grossAmount;
  existing.bookings += sum.bookings;
}

function rank(status: ItemBookingDraft['status']): number {
  return status === 'pending' ? 0 : status === 'not-transmitted' ? 1 : 2;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
