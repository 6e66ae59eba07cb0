import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

import type { StoreName } from './options.js';
import type { StoredBooking } from './fixtures.js';
import { median, msSince } from './timing.js';

/**
 * The bare database: the driver alone, no service, no kysely, in the bench's own process. Its
 * figures are the baselines every service figure is divided by, measured in the same run on the
 * same machine, because absolute times drift on a shared one.
 */

export interface BareDatabase {
  /** Inserts with one prepared single-row INSERT, one transaction per `perTransaction` rows. */
  insertPrepared(rows: StoredBooking[], perTransaction: number): Promise<void>;
  /** Loads rows as fast as the driver can, to set up a closing; not a measured figure. */
  load(rows: Iterable<StoredBooking>): Promise<void>;
  /** The bare `SELECT … GROUP BY` over a closing's bookings; answers the milliseconds it took. */
  groupClosing(closingId: string): Promise<{ ms: number; groups: number }>;
  /** One prepared UPDATE per item, all in one transaction; answers the milliseconds it took. */
  updateInterfaceNumbers(rows: Array<{ id: string; interfaceNo: string }>): Promise<number>;
  /** Fresh planner statistics after a bulk load, as autovacuum would make them in a while. */
  analyze(): Promise<void>;
  close(): Promise<void>;
}

const COLUMNS = [
  'id',
  'register_id',
  'item_id',
  'price_level_id',
  'quantity',
  'gross_amount',
  'vat_rate',
  'booked_at',
] as const;

const GROUP_BY = `
  select item_id, price_level_id, vat_rate,
         sum(quantity) as quantity, sum(gross_amount) as gross_amount, count(*) as bookings
    from bookings
   where closing_id = $1
   group by item_id, price_level_id, vat_rate`;

const UPDATE_ITEM = 'update items set interface_no = $1, updated_at = $2 where id = $3';

export async function openBare(store: StoreName, url: string): Promise<BareDatabase> {
  return store === 'sqlite' ? openBareSqlite(url) : openBarePostgres(url);
}

function openBareSqlite(url: string): BareDatabase {
  const connection = new SqliteDatabase(url.slice('sqlite:'.length));
  // The product's own settings (src/db/database.ts), so the baseline pays the same durability.
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('busy_timeout = 10000');
  const insert = connection.prepare(
    `insert into bookings (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`,
  );
  const insertMany = connection.transaction((rows: StoredBooking[]) => {
    for (const row of rows) insert.run(...COLUMNS.map((column) => row[column]));
  });
  const groupBy = connection.prepare(GROUP_BY.replace('$1', '?'));
  const update = connection.prepare(
    UPDATE_ITEM.replace('$1', '?').replace('$2', '?').replace('$3', '?'),
  );
  const updateMany = connection.transaction((rows: Array<{ id: string; interfaceNo: string }>) => {
    const now = new Date().toISOString();
    for (const row of rows) update.run(row.interfaceNo, now, row.id);
  });

  return {
    async insertPrepared(rows, perTransaction) {
      for (let start = 0; start < rows.length; start += perTransaction) {
        insertMany(rows.slice(start, start + perTransaction));
      }
    },
    async load(rows) {
      let batch: StoredBooking[] = [];
      for (const row of rows) {
        batch.push(row);
        if (batch.length === 50_000) {
          insertMany(batch);
          batch = [];
        }
      }
      if (batch.length > 0) insertMany(batch);
    },
    async groupClosing(closingId) {
      const started = performance.now();
      const groups = groupBy.all(closingId).length;
      return { ms: msSince(started), groups };
    },
    async updateInterfaceNumbers(rows) {
      const started = performance.now();
      updateMany(rows);
      return msSince(started);
    },
    async analyze() {
      connection.exec('analyze');
    },
    async close() {
      connection.close();
    },
  };
}

async function openBarePostgres(url: string): Promise<BareDatabase> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const insertText =
    `insert into bookings (${COLUMNS.join(', ')}) ` +
    `values (${COLUMNS.map((_, index) => `$${index + 1}`).join(', ')})`;
  // One statement per chunk, the columns as arrays: far fewer round trips than row by row.
  const loadText =
    `insert into bookings (${COLUMNS.join(', ')}) select * from unnest(` +
    `$1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::int[], ` +
    `$8::text[])`;

  return {
    async insertPrepared(rows, perTransaction) {
      for (let start = 0; start < rows.length; start += perTransaction) {
        await client.query('begin');
        for (const row of rows.slice(start, start + perTransaction)) {
          await client.query({
            name: 'bench-insert-booking',
            text: insertText,
            values: COLUMNS.map((column) => row[column]),
          });
        }
        await client.query('commit');
      }
    },
    async load(rows) {
      let batch: StoredBooking[] = [];
      const flush = async () => {
        await client.query(
          loadText,
          COLUMNS.map((column) => batch.map((row) => row[column])),
        );
        batch = [];
      };
      for (const row of rows) {
        batch.push(row);
        if (batch.length === 20_000) await flush();
      }
      if (batch.length > 0) await flush();
    },
    async groupClosing(closingId) {
      const started = performance.now();
      const result = await client.query({
        name: 'bench-group',
        text: GROUP_BY,
        values: [closingId],
      });
      return { ms: msSince(started), groups: result.rowCount ?? 0 };
    },
    async updateInterfaceNumbers(rows) {
      const started = performance.now();
      const now = new Date().toISOString();
      await client.query('begin');
      for (const row of rows) {
        await client.query({
          name: 'bench-update-item',
          text: UPDATE_ITEM,
          values: [row.interfaceNo, now, row.id],
        });
      }
      await client.query('commit');
      return msSince(started);
    },
    async analyze() {
      await client.query('vacuum analyze bookings');
    },
    async close() {
      await client.end();
    },
  };
}

/** The bare GROUP BY's time: warmed once, then the median of three. */
export async function bareGroupMs(bare: BareDatabase, closingId: string): Promise<number> {
  await bare.groupClosing(closingId);
  const runs = [];
  for (let run = 0; run < 3; run += 1) runs.push((await bare.groupClosing(closingId)).ms);

  return median(runs);
}
