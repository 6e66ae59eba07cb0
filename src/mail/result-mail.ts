/**
 * The result mail of a finished transmission: gathered from the database, rendered in the
 * installation's language and queued in the very transaction that marks the transmission done.
 * So a finished transmission without its report cannot exist, and a crash right after the commit
 * loses nothing: the worker finds the queued row.
 */
import type { AppContext } from '../app/context.js';
import type { Executor } from '../db/database.js';
import type { ItemBookingRow } from '../db/schema.js';
import type { Logger } from '../shared/logger.js';
import { reconcile } from '../transmission/reconciliation.js';
import type { FinishedHook } from '../transmission/worker.js';
import type { MailLanguage } from './format.js';
import { enqueueMail, messageIdFor } from './outbox.js';
import {
  renderResultMail,
  type FaultyItemBooking,
  type MissingInterfaceNumber,
  type ResultMailData,
} from './render.js';
import { readStoredMailSettings } from './settings-store.js';

export interface ResultMailDeps {
  logger: Logger;
}

/**
 * Queues the result mail of a done transmission; answers the mail's id, or null when there is
 * none to send (not done, no mail settings, or already queued). Matches the worker's
 * FinishedHook once the deps are bound, see `resultMailHook`.
 */
export async function enqueueResultMail(
  trx: Executor,
  deps: ResultMailDeps,
  transmissionId: string,
  now: Date,
): Promise<string | null> {
  const settings = await readStoredMailSettings(trx);
  if (!settings || settings.recipients.length === 0) {
    deps.logger.warn(
      { transmissionId },
      `no result mail for transmission ${transmissionId}: no mail settings are stored`,
    );
    return null;
  }

  const data = await loadResultMailData(trx, transmissionId, settings.language);
  if (!data) return null;

  const mailId = await enqueueMail(
    trx,
    {
      kind: 'result',
      transmissionId,
      messageId: messageIdFor('result', transmissionId),
      language: settings.language,
      mail: renderResultMail(data),
      recipients: settings.recipients,
    },
    now,
  );
  deps.logger.debug(
    { transmissionId, closingId: data.closing.id, mailId },
    mailId
      ? `result mail for closing ${data.closing.id} queued`
      : `result mail for closing ${data.closing.id} was queued before; not queued again`,
  );

  return mailId;
}

/** The hook the transmission worker calls when it finishes a transmission. */
export function resultMailHook(context: Pick<AppContext, 'logger'>): FinishedHook {
  const deps = { logger: context.logger.child({ component: 'mail-outbox' }) };

  return async (trx, transmissionId, now) => {
    await enqueueResultMail(trx, deps, transmissionId, now);
  };
}

/**
 * What the result mail of a transmission says, from its closing, item bookings and master data.
 * Null unless the transmission is done: skipped and not-active closings get no mail.
 */
export async function loadResultMailData(
  db: Executor,
  transmissionId: string,
  language: MailLanguage,
): Promise<ResultMailData | null> {
  const transmission = await db
    .selectFrom('transmissions')
    .select(['id', 'closing_id', 'status'])
    .where('id', '=', transmissionId)
    .executeTakeFirst();
  if (transmission?.status !== 'done') return null;

  const closing = await loadClosing(db, transmission.closing_id);
  const lines = await db
    .selectFrom('item_bookings')
    .selectAll()
    .where('transmission_id', '=', transmissionId)
    .orderBy('position')
    .execute();
  const names = await loadNames(db, lines);
  const reconciliation = reconcile(
    { quantity: closing.quantity, grossAmount: closing.grossAmount },
    lines.map(toPart),
  );

  return {
    language,
    closing: {
      id: closing.id,
      number: closing.number,
      businessDate: closing.businessDate,
      closedAt: closing.closedAt,
      registerName: closing.registerName,
    },
    pointOfSale: {
      name: closing.pointOfSaleName,
      // What was sent, which a later change of the Interface ID does not rewrite.
      interfaceId: lines.find((line) => line.cost_centre)?.cost_centre ?? closing.interfaceId ?? '',
    },
    transmitted: lines.filter((line) => line.status === 'booked' || line.status === 'duplicate')
      .length,
    faulty: lines
      .filter((line) => line.status === 'rejected' || line.status === 'failed')
      .map((line) => faultyLine(line, names)),
    missingInterfaceNumber: lines
      .filter((line) => line.status === 'not-transmitted')
      .map((line) => missingLine(line, names)),
    reconciliation,
  };
}

async function loadClosing(db: Executor, closingId: string) {
  const row = await db
    .selectFrom('closings')
    .innerJoin('registers', 'registers.id', 'closings.register_id')
    .innerJoin('points_of_sale', 'points_of_sale.id', 'closings.point_of_sale_id')
    .select([
      'closings.id',
      'closings.number',
      'closings.business_date',
      'closings.closed_at',
      'closings.quantity',
      'closings.gross_amount',
      'registers.name as register_name',
      'points_of_sale.name as point_of_sale_name',
      'points_of_sale.interface_id',
    ])
    .where('closings.id', '=', closingId)
    .executeTakeFirstOrThrow();

  return {
    id: row.id,
    number: Number(row.number),
    businessDate: row.business_date,
    closedAt: row.closed_at,
    quantity: Number(row.quantity),
    grossAmount: Number(row.gross_amount),
    registerName: row.register_name,
    pointOfSaleName: row.point_of_sale_name,
    interfaceId: row.interface_id,
  };
}

interface Names {
  pointsOfSale: Map<string, string>;
  priceLevels: Map<string, string>;
}

async function loadNames(db: Executor, lines: ItemBookingRow[]): Promise<Names> {
  const pointOfSaleIds = [...new Set(lines.map((line) => line.point_of_sale_id))];
  const priceLevelIds = [...new Set(lines.map((line) => line.price_level_id))];

  const pointsOfSale =
    pointOfSaleIds.length === 0
      ? []
      : await db
          .selectFrom('points_of_sale')
          .select(['id', 'name'])
          .where('id', 'in', pointOfSaleIds)
          .execute();
  const priceLevels =
    priceLevelIds.length === 0
      ? []
      : await db
          .selectFrom('price_levels')
          .select(['id', 'name'])
          .where('id', 'in', priceLevelIds)
          .execute();

  return {
    pointsOfSale: new Map(pointsOfSale.map((row) => [row.id, row.name])),
    priceLevels: new Map(priceLevels.map((row) => [row.id, row.name])),
  };
}

function faultyLine(line: ItemBookingRow, names: Names): FaultyItemBooking {
  return {
    status: line.status === 'rejected' ? 'rejected' : 'failed',
    message: line.message,
    article: line.article ?? '',
    priceGroup: line.price_group ?? '',
    pointOfSaleName: names.pointsOfSale.get(line.point_of_sale_id) ?? line.point_of_sale_id,
    priceLevelName: names.priceLevels.get(line.price_level_id) ?? line.price_level_id,
    quantity: Number(line.quantity),
    grossAmount: Number(line.gross_amount),
    items: itemsOf(line).map((item) => ({ name: item.name })),
  };
}

/** Unsendable lines are kept per POS item (see grouping), so each names exactly one item. */
function missingLine(line: ItemBookingRow, names: Names): MissingInterfaceNumber {
  return {
    itemName: itemsOf(line)
      .map((item) => item.name)
      .join(', '),
    pointOfSaleName: names.pointsOfSale.get(line.point_of_sale_id) ?? line.point_of_sale_id,
    priceLevelName: names.priceLevels.get(line.price_level_id) ?? line.price_level_id,
    missing: line.missing ? (JSON.parse(line.missing) as MissingInterfaceNumber['missing']) : [],
    quantity: Number(line.quantity),
    grossAmount: Number(line.gross_amount),
  };
}

function itemsOf(line: ItemBookingRow): Array<{ name: string }> {
  return JSON.parse(line.items) as Array<{ name: string }>;
}

function toPart(line: ItemBookingRow) {
  return {
    status: line.status,
    quantity: Number(line.quantity),
    grossAmount: Number(line.gross_amount),
  };
}
