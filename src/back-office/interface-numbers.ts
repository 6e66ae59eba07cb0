import { sql } from 'kysely';

import type { AppContext } from '../app/context.js';
import type { Executor } from '../db/database.js';
import { formatVatRate } from '../shared/decimal.js';
import { NotFoundError } from '../shared/errors.js';
import { checkUniqueIds, ProblemList } from '../shared/validation.js';
import { changesOf, recordChanges, type AuditChange } from './audit.js';

/**
 * The interface numbers the back office maintains: a price level's abbreviation for export, a
 * point of sale's Interface ID, an item's interface no. and its "not relevant" flag, one at a
 * time or up to 20,000 items from the table editing grid. Every change is written with its audit
 * entries in one transaction.
 */

export interface ItemView {
  id: string;
  name: string;
  interfaceNo: string | null;
  vatRate: string;
  excluded: boolean;
}

export interface BulkRow {
  id: string;
  interfaceNo: string | null;
  excluded?: boolean;
}

type ItemChange = { id: string; interfaceNo?: string | null; excluded?: boolean };
type StoredItem = { id: string; interface_no: string | null; excluded: number };
type ItemWrite = { id: string; interfaceNo: string | null; excluded: number };

/** 1,000 rows of three values: few statements for 20,000 rows, far below any parameter limit. */
const CHUNK = 1_000;

export async function listPriceLevels(db: Executor) {
  const rows = await db
    .selectFrom('price_levels')
    .selectAll()
    .orderBy('name')
    .orderBy('id')
    .execute();

  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    exportAbbreviation: row.export_abbreviation,
  }));
}

export async function listPointsOfSale(db: Executor) {
  const rows = await db
    .selectFrom('points_of_sale')
    .selectAll()
    .orderBy('name')
    .orderBy('id')
    .execute();
  const registers = await db
    .selectFrom('registers')
    .select(['id', 'name', 'point_of_sale_id'])
    .orderBy('name')
    .execute();

  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    interfaceId: row.interface_id,
    registers: registers
      .filter((register) => register.point_of_sale_id === row.id)
      .map((register) => ({ id: register.id, name: register.name })),
  }));
}

export async function setExportAbbreviation(
  context: AppContext,
  id: string,
  value: string | null,
  actor: string,
) {
  await setNumber(context, PRICE_LEVEL, id, value, actor);
  return (await listPriceLevels(context.db)).find((priceLevel) => priceLevel.id === id)!;
}

export async function setInterfaceId(
  context: AppContext,
  id: string,
  value: string | null,
  actor: string,
) {
  await setNumber(context, POINT_OF_SALE, id, value, actor);
  return (await listPointsOfSale(context.db)).find((pointOfSale) => pointOfSale.id === id)!;
}

interface NumberColumn {
  table: 'price_levels' | 'points_of_sale';
  column: 'export_abbreviation' | 'interface_id';
  field: string;
  kind: string;
  label: string;
}

const PRICE_LEVEL: NumberColumn = {
  table: 'price_levels',
  column: 'export_abbreviation',
  field: 'exportAbbreviation',
  kind: 'price-level',
  label: 'abbreviation for export of price level',
};

const POINT_OF_SALE: NumberColumn = {
  table: 'points_of_sale',
  column: 'interface_id',
  field: 'interfaceId',
  kind: 'point-of-sale',
  label: 'Interface ID of point of sale',
};

async function setNumber(
  context: AppContext,
  target: NumberColumn,
  id: string,
  value: string | null,
  actor: string,
): Promise<void> {
  const now = context.clock.now();
  const changes = await context.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom(target.table)
      .select(['id', target.column])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`no ${target.kind.replace(/-/g, ' ')} "${id}"`);

    const before = (row as Record<string, string | null>)[target.column] ?? null;
    const found = changesOf(
      `${target.kind}.update`,
      `${target.kind}:${id}`,
      { [target.field]: before },
      { [target.field]: value },
    );
    if (found.length === 0) return found;

    await trx
      .updateTable(target.table)
      .set({ [target.column]: value, updated_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
    await recordChanges(trx, actor, found, now);
    return found;
  });

  if (changes.length > 0) {
    const shown = value ?? '(none)';
    context.logger.info(
      { user: actor, [target.kind]: id, value },
      `${target.label} ${id} set to ${shown} by ${actor}`,
    );
  }
}

export async function listItems(db: Executor): Promise<ItemView[]> {
  const rows = await db.selectFrom('items').selectAll().orderBy('name').orderBy('id').execute();

  return rows.map(describeItem);
}

export async function updateItem(
  context: AppContext,
  id: string,
  patch: { interfaceNo?: string | null; excluded?: boolean },
  actor: string,
): Promise<ItemView> {
  const row = { id, interfaceNo: patch.interfaceNo, excluded: patch.excluded };
  const changed = await context.db.transaction().execute(async (trx) => {
    const stored = await storedItems(trx, [id]);
    if (!stored.has(id)) throw new NotFoundError(`no item "${id}"`);

    return writeItems(trx, [row], stored, actor, context.clock.now(), 'item.update');
  });

  const updated = await context.db
    .selectFrom('items')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  if (changed > 0) {
    const relevance = updated.excluded ? ', not relevant' : '';
    const shown = `interface no. ${updated.interface_no ?? '(none)'}${relevance}`;
    context.logger.info({ user: actor, item: id }, `item ${id} set to ${shown} by ${actor}`);
  }
  return describeItem(updated);
}

/**
 * The table editing grid's save: up to 20,000 rows, all or nothing. Every bad row is named
 * (`items[i].id`, `items[i].interfaceNo`) and nothing is stored while any is bad.
 */
export async function updateInterfaceNumbers(
  context: AppContext,
  rows: BulkRow[],
  actor: string,
): Promise<{ updated: number }> {
  const updated = await context.db.transaction().execute(async (trx) => {
    const stored = await storedItems(
      trx,
      rows.map((row) => row.id),
    );
    checkBulkRows(rows, stored);

    return writeItems(trx, rows, stored, actor, context.clock.now(), 'item.bulk-update');
  });

  context.logger.info(
    { user: actor, rows: rows.length, updated },
    `${updated} items' interface numbers changed by ${actor}`,
  );
  return { updated };
}

/** The stored values of these items. For a big batch one pass over the table beats many lookups. */
async function storedItems(db: Executor, ids: string[]): Promise<Map<string, StoredItem>> {
  const columns = ['id', 'interface_no', 'excluded'] as const;
  if (ids.length > CHUNK) {
    const rows = await db.selectFrom('items').select(columns).execute();
    return new Map(rows.map((row) => [row.id, row]));
  }

  const rows = await db.selectFrom('items').select(columns).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

function checkBulkRows(rows: BulkRow[], stored: Map<string, StoredItem>): void {
  const problems = new ProblemList();
  checkUniqueIds(rows, 'items', problems);
  rows.forEach((row, index) => {
    if (!stored.has(row.id)) problems.add(`items[${index}].id`, `no item "${row.id}"`);
  });

  problems.throwIfAny();
}

async function writeItems(
  db: Executor,
  rows: ItemChange[],
  stored: Map<string, StoredItem>,
  actor: string,
  now: Date,
  action: string,
): Promise<number> {
  const { writes, changes } = planWrites(rows, stored, action);
  await applyWrites(db, writes, now);
  await recordChanges(db, actor, changes, now);

  return writes.length;
}

/** Only the rows that change something are written, and each changed field is audited. */
function planWrites(rows: ItemChange[], stored: Map<string, StoredItem>, action: string) {
  const changes: AuditChange[] = [];
  const writes: ItemWrite[] = [];
  for (const row of rows) {
    const before = stored.get(row.id)!;
    const interfaceNo = row.interfaceNo === undefined ? before.interface_no : row.interfaceNo;
    const excluded = row.excluded === undefined ? before.excluded : row.excluded ? 1 : 0;
    const after = { interface_no: interfaceNo, excluded };
    const rowChanges = changesOf(action, `item:${row.id}`, itemFields(before), itemFields(after));
    if (rowChanges.length === 0) continue;

    changes.push(...rowChanges);
    writes.push({ id: row.id, interfaceNo, excluded });
  }

  return { writes, changes };
}

/**
 * A thousand rows to a statement: `UPDATE … FROM (VALUES …)` reads the same on SQLite and
 * PostgreSQL, whose VALUES columns are both named column1, column2….
 */
async function applyWrites(db: Executor, writes: ItemWrite[], now: Date): Promise<void> {
  for (let start = 0; start < writes.length; start += CHUNK) {
    const values = writes
      .slice(start, start + CHUNK)
      .map((write) => sql`(${write.id}, ${write.interfaceNo}, ${write.excluded})`);
    await sql`
      update items
      set interface_no = v.column2,
          excluded = cast(v.column3 as integer),
          updated_at = ${now.toISOString()}
      from (values ${sql.join(values)}) as v
      where items.id = v.column1
    `.execute(db);
  }
}

function itemFields(row: {
  interface_no: string | null;
  excluded: number;
}): Record<string, string | null> {
  return { interfaceNo: row.interface_no, excluded: row.excluded ? 'true' : 'false' };
}

function describeItem(row: {
  id: string;
  name: string;
  interface_no: string | null;
  vat_rate: number;
  excluded: number;
}): ItemView {
  return {
    id: row.id,
    name: row.name,
    interfaceNo: row.interface_no,
    vatRate: formatVatRate(row.vat_rate),
    excluded: row.excluded === 1,
  };
}
