/**
 * Rows for the mail outbox tests: a small canteen's master data and finished transmissions
 * written straight into the store, so a result mail can be queued without a JOMOsoft.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';

import type { Database } from '../../src/db/database.js';
import type { ItemBookingStatus, MailRow, TransmissionStatus } from '../../src/db/schema.js';
import type { Clock } from '../../src/shared/clock.js';

export const CANTEEN = {
  pointOfSale: { id: 'pos-cafeteria', name: 'Cafeteria', interfaceId: 'KST-100' },
  register: { id: 'reg-1', name: 'Register 1' },
  priceLevels: [
    { id: 'pl-guest', name: 'Guests', abbreviation: 'GAST' },
    { id: 'pl-staff', name: 'Staff', abbreviation: 'MA' },
    { id: 'pl-event', name: 'Event', abbreviation: null },
  ],
};

export async function insertCanteen(db: Database): Promise<void> {
  const at = '2026-12-01T08:00:00.000Z';
  await db
    .insertInto('price_levels')
    .values(
      CANTEEN.priceLevels.map((level) => ({
        id: level.id,
        name: level.name,
        export_abbreviation: level.abbreviation,
        updated_at: at,
      })),
    )
    .execute();
  await db
    .insertInto('points_of_sale')
    .values({
      id: CANTEEN.pointOfSale.id,
      name: CANTEEN.pointOfSale.name,
      interface_id: CANTEEN.pointOfSale.interfaceId,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('registers')
    .values({
      id: CANTEEN.register.id,
      name: CANTEEN.register.name,
      point_of_sale_id: CANTEEN.pointOfSale.id,
      updated_at: at,
    })
    .execute();
}

export interface LineSpec {
  status: ItemBookingStatus;
  priceLevelId: string;
  article: string | null;
  items: Array<{ id: string; name: string }>;
  /** Thousandths and cents. */
  quantity: number;
  grossAmount: number;
  message?: string | null;
  missing?: Array<'item' | 'price-level'>;
}

export interface TransmissionSpec {
  number: number;
  status?: TransmissionStatus;
  lines: LineSpec[];
  waitingSince?: string | null;
  lastError?: string | null;
}

/** A closing of Register 1 and its transmission; the closing's totals are its lines' sums. */
export async function insertTransmission(db: Database, spec: TransmissionSpec): Promise<string> {
  const closingId = `closing-${spec.number}-${randomUUID().slice(0, 8)}`;
  const transmissionId = randomUUID();
  const status = spec.status ?? 'done';
  const sum = (key: 'quantity' | 'grossAmount') =>
    spec.lines.reduce((total, line) => total + line[key], 0);

  await db
    .insertInto('closings')
    .values({
      id: closingId,
      register_id: CANTEEN.register.id,
      point_of_sale_id: CANTEEN.pointOfSale.id,
      number: spec.number,
      business_date: '2026-12-03',
      closed_at: '2026-12-03T22:04:11+01:00',
      bookings: spec.lines.length,
      quantity: sum('quantity'),
      gross_amount: sum('grossAmount'),
      created_at: '2026-12-03T21:04:12.000Z',
    })
    .execute();
  await db
    .insertInto('transmissions')
    .values({
      id: transmissionId,
      closing_id: closingId,
      status,
      reason: null,
      attempts: status === 'done' ? 1 : 0,
      next_attempt_at: null,
      lease_owner: null,
      lease_until: null,
      last_error: spec.lastError ?? null,
      waiting_since: spec.waitingSince ?? null,
      grouped: spec.lines.length > 0 ? 1 : 0,
      item_bookings: spec.lines.length,
      transmitted: 0,
      rejected: 0,
      created_at: '2026-12-03T21:04:12.000Z',
      finished_at: status === 'done' ? '2026-12-03T21:04:20.000Z' : null,
    })
    .execute();
  if (spec.lines.length > 0) {
    await db
      .insertInto('item_bookings')
      .values(spec.lines.map((line, position) => lineRow(transmissionId, position, line)))
      .execute();
  }

  return transmissionId;
}

function lineRow(transmissionId: string, position: number, line: LineSpec) {
  const level = CANTEEN.priceLevels.find((candidate) => candidate.id === line.priceLevelId);

  return {
    transmission_id: transmissionId,
    position,
    key: `${transmissionId}-${position}`,
    status: line.status,
    cost_centre: CANTEEN.pointOfSale.interfaceId,
    price_group: level?.abbreviation ?? null,
    article: line.article,
    vat_rate: 700,
    quantity: line.quantity,
    gross_amount: line.grossAmount,
    net_amount: line.grossAmount,
    point_of_sale_id: CANTEEN.pointOfSale.id,
    price_level_id: line.priceLevelId,
    items: JSON.stringify(
      line.items.map((item) => ({
        ...item,
        quantity: line.quantity,
        grossAmount: line.grossAmount,
        bookings: 1,
      })),
    ),
    missing: line.missing ? JSON.stringify(line.missing) : null,
    message: line.message ?? null,
    request_no: line.status === 'not-transmitted' || line.status === 'left-out' ? null : 0,
  };
}

export async function mailsOf(db: Database, kind?: MailRow['kind']) {
  let query = db.selectFrom('mails').selectAll().orderBy('seq');
  if (kind) query = query.where('kind', '=', kind);

  return query.execute();
}

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  private at: number;

  constructor(start: Date | string) {
    this.at = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  advance(ms: number): void {
    this.at += ms;
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** A loopback port with nothing listening on it, for a mail server that is down. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  return port;
}
