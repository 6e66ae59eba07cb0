import { randomBytes } from 'node:crypto';

import { openContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/config.js';
import { openStore } from '../../src/db/database.js';
import { upsertItems } from '../../src/master-data/store.js';
import { createLogger } from '../../src/shared/logger.js';
import { openBare } from '../bare.js';
import { ITEMS, prepareDatabase, serviceEnv, type Prepared } from '../fixtures.js';
import { BenchClient } from '../http.js';
import type { Figure } from '../report.js';
import { startServiceProcess } from '../service-process.js';
import { msSince } from '../timing.js';
import { count, type FigureContext } from './context.js';

/**
 * Bulk interface numbers: one save of the table editing grid, 20,000 items, through
 * PUT /api/admin/items/interface-numbers with a logged-in administrator. Where `serve` does not
 * mount the admin API (yet), the function behind the route is timed directly, and the figure
 * says so. The baseline is the bare database updating the same items, row by row, in one
 * transaction.
 */

const GOAL_MS = 2_000;
const ADMIN = { name: 'bench-admin', role: 'admin' as const };

interface BulkRow {
  id: string;
  interfaceNo: string;
}

export async function bulkFigure(context: FigureContext): Promise<Figure> {
  const size = context.options.bulkItems;
  const database = await context.stores.create(context.store);
  try {
    const prepared = await prepareDatabase(database.url, { registers: 1, outside: null });
    const ids = Array.from({ length: size }, (_, index) => `item-bulk-${index + 1}`);
    const password = randomBytes(18).toString('base64url');
    await loadItemsAndAdmin(database.url, ids, password);

    // Every row changes, so each is written and audited: the grid's worst case.
    const rows = ids.map((id, index) => ({
      id,
      interfaceNo: ITEMS[index % ITEMS.length]!.interfaceNo,
    }));
    const timed = await throughAdminApi(database.url, prepared, rows, password);
    const result = timed ?? (await directly(database.url, prepared, rows));
    context.log(
      `bulk update of ${count(size)} items: ${Math.round(result.ms)} ms via ${result.way}`,
    );

    const bare = await openBare(context.store, database.url);
    let bareMs: number;
    try {
      bareMs = await bare.updateInterfaceNumbers(
        rows.map((row) => ({ id: row.id, interfaceNo: `${row.interfaceNo}-B` })),
      );
    } finally {
      await bare.close();
    }

    return {
      figure: 'bulk',
      store: context.store,
      label: `bulk interface numbers, ${count(size)} items`,
      service: { value: result.ms, unit: 'ms', what: result.way },
      baseline: { value: bareMs, unit: 'ms', what: 'prepared UPDATE per item, one transaction' },
      ratio: result.ms / bareMs,
      goal: '< 2 s',
      met: size >= 20_000 ? result.ms < GOAL_MS : null,
      extra: { via: result.way, updated: result.updated },
    };
  } finally {
    await database.drop();
  }
}

/** The items the grid edits, all without interface no., and an administrator to log in as. */
async function loadItemsAndAdmin(url: string, ids: string[], password: string): Promise<void> {
  const store = openStore(url, { poolSize: 2 });
  try {
    const now = new Date();
    await store.db.transaction().execute(async (trx) => {
      for (let start = 0; start < ids.length; start += 1_000) {
        const chunk = ids.slice(start, start + 1_000);
        await upsertItems(
          trx,
          chunk.map((id) => ({ id, name: `Artikel ${id}`, vatRate: '7' })),
          now,
        );
      }
    });
    const users = await import('../../src/back-office/users.js').catch(() => null);
    await users?.createUser(store.db, { ...ADMIN, password }, now);
  } finally {
    await store.destroy();
  }
}

interface Timed {
  ms: number;
  updated: number;
  way: string;
}

/** Null when `serve` has no admin API to log in to. */
async function throughAdminApi(
  url: string,
  prepared: Prepared,
  rows: BulkRow[],
  password: string,
): Promise<Timed | null> {
  const service = await startServiceProcess(serviceEnv(url, prepared));
  const anonymous = new BenchClient(service.url);
  try {
    const login = await anonymous.call('POST', '/api/admin/login', { name: ADMIN.name, password });
    if (login.status === 404) return null;
    if (login.status !== 200) {
      throw new Error(`the admin login answered ${login.status}: ${JSON.stringify(login.body)}`);
    }

    const cookie = [login.headers['set-cookie']].flat()[0]?.split(';')[0] ?? '';
    const csrfToken = (login.body as { csrfToken: string }).csrfToken;
    const admin = new BenchClient(service.url, { cookie, 'x-csrf-token': csrfToken });
    const body = JSON.stringify({ items: rows });
    try {
      const started = performance.now();
      const answer = (await admin.expect(
        200,
        'PUT',
        '/api/admin/items/interface-numbers',
        body,
      )) as {
        updated: number;
      };
      return { ms: msSince(started), updated: answer.updated, way: 'admin API' };
    } finally {
      await admin.close();
    }
  } finally {
    await anonymous.close();
    await service.stop();
  }
}

/** The function behind the route, in the bench's process, on the same database. */
async function directly(url: string, prepared: Prepared, rows: BulkRow[]): Promise<Timed> {
  const interfaceNumbers = await import('../../src/back-office/interface-numbers.js');
  const config = loadConfig({ DATABASE_URL: url, WAWI_SECRET_KEY: prepared.secretKey });
  const context = await openContext(config, createLogger('warn'));
  try {
    const started = performance.now();
    const answer = await interfaceNumbers.updateInterfaceNumbers(context, rows, 'bench');
    return {
      ms: msSince(started),
      updated: answer.updated,
      way: 'function directly (admin API not mounted by serve yet)',
    };
  } finally {
    await context.store.destroy();
  }
}
