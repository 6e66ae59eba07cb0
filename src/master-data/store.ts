import { sql } from 'kysely';

import type { Executor } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import { parseVatRate } from '../shared/decimal.js';
import { ProblemList, checkUniqueIds } from '../shared/validation.js';
import type { z } from 'zod';
import type { itemsBody, pointsOfSaleBody, priceLevelsBody, registersBody } from './schemas.js';

/**
 * Bulk upserts of the POS's master data. The interface-number columns belong to the back office:
 * a record that leaves them out keeps what is stored, so the rows are written in groups by which
 * optional fields they carry.
 */

type Table = 'price_levels' | 'points_of_sale' | 'registers' | 'items';
type Row<T extends Table> = Tables[T];

const CHUNK = 500;

async function upsert<T extends Table>(
  db: Executor,
  table: T,
  rows: Array<Partial<Row<T>> & { id: string }>,
): Promise<void> {
  const byColumns = new Map<string, typeof rows>();
  for (const row of rows) {
    const columns = Object.keys(row).sort().join(',');
    const group = byColumns.get(columns);
    if (group) group.push(row);
    else byColumns.set(columns, [row]);
  }

  for (const [columns, group] of byColumns) {
    const updated = columns.split(',').filter((column) => column !== 'id');
    for (let start = 0; start < group.length; start += CHUNK) {
      const chunk = group.slice(start, start + CHUNK);
      await db
        .insertInto(table)
        .values(chunk as never)
        .onConflict((conflict) =>
          conflict.column('id').doUpdateSet(
            // Only the columns this group carries; absent interface numbers stay as stored.
            Object.fromEntries(
              updated.map((column) => [column, sql.ref(`excluded.${column}`)]),
            ) as never,
          ),
        )
        .execute();
    }
  }
}

export async function upsertPriceLevels(
  db: Executor,
  records: z.output<typeof priceLevelsBody>['priceLevels'],
  now: Date,
): Promise<void> {
  const problems = new ProblemList();
  checkUniqueIds(records, 'priceLevels', problems);
  problems.throwIfAny();

  await upsert(
    db,
    'price_levels',
    records.map((record) => ({
      id: record.id,
      name: record.name,
      updated_at: now.toISOString(),
      ...(record.exportAbbreviation !== undefined && {
        export_abbreviation: record.exportAbbreviation,
      }),
    })),
  );
}

export async function upsertPointsOfSale(
  db: Executor,
  records: z.output<typeof pointsOfSaleBody>['pointsOfSale'],
  now: Date,
): Promise<void> {
  const problems = new ProblemList();
  checkUniqueIds(records, 'pointsOfSale', problems);
  problems.throwIfAny();

  await upsert(
    db,
    'points_of_sale',
    records.map((record) => ({
      id: record.id,
      name: record.name,
      updated_at: now.toISOString(),
      ...(record.interfaceId !== undefined && { interface_id: record.interfaceId }),
    })),
  );
}

export async function upsertRegisters(
  db: Executor,
  records: z.output<typeof registersBody>['registers'],
  now: Date,
): Promise<void> {
  const problems = new ProblemList();
  checkUniqueIds(records, 'registers', problems);
  const known = await existingIds(
    db,
    'points_of_sale',
    records.map((record) => record.pointOfSaleId),
  );
  records.forEach((record, index) => {
    if (!known.has(record.pointOfSaleId)) {
      problems.add(
        `registers[${index}].pointOfSaleId`,
        `unknown point of sale "${record.pointOfSaleId}"`,
      );
    }
  });
  problems.throwIfAny();

  await upsert(
    db,
    'registers',
    records.map((record) => ({
      id: record.id,
      name: record.name,
      point_of_sale_id: record.pointOfSaleId,
      updated_at: now.toISOString(),
    })),
  );
}

export async function upsertItems(
  db: Executor,
  records: z.output<typeof itemsBody>['items'],
  now: Date,
): Promise<void> {
  const problems = new ProblemList();
  checkUniqueIds(records, 'items', problems);
  const rows = records.map((record, index) => {
    const vatRate = parseVatRate(record.vatRate);
    if (!vatRate.ok) problems.add(`items[${index}].vatRate`, vatRate.reason);
    else if (vatRate.value < 0 || vatRate.value >= 10000) {
      problems.add(`items[${index}].vatRate`, 'must be between 0 and 100 percent');
    }

    return {
      id: record.id,
      name: record.name,
      vat_rate: vatRate.ok ? vatRate.value : 0,
      updated_at: now.toISOString(),
      ...(record.interfaceNo !== undefined && { interface_no: record.interfaceNo }),
      ...(record.excluded !== undefined && { excluded: record.excluded ? 1 : 0 }),
    };
  });
  problems.throwIfAny();

  await upsert(db, 'items', rows);
}

/** Which of these ids exist in a master-data table. */
export async function existingIds(db: Executor, table: Table, ids: string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  const found = new Set<string>();
  for (let start = 0; start < unique.length; start += CHUNK) {
    const rows = await db
      .selectFrom(table)
      .select('id')
      .where('id', 'in', unique.slice(start, start + CHUNK))
      .execute();
    for (const row of rows) found.add(row.id);
  }

  return found;
}
