import { randomBytes } from 'node:crypto';

import { writeConnection } from '../src/connection/store.js';
import { openStore } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import type { BookingRow } from '../src/db/schema.js';
import {
  upsertItems,
  upsertPointsOfSale,
  upsertPriceLevels,
  upsertRegisters,
} from '../src/master-data/store.js';
import { BUILT_IN_CATALOGUE } from '../src/sandbox/index.js';
import { secretBox } from '../src/secrets/secret-box.js';
import { SETTING, writeSetting } from '../src/settings/settings.js';
import { formatAmount, formatQuantity, formatVatRate } from '../src/shared/decimal.js';
import { createLogger } from '../src/shared/logger.js';
import { createToken } from '../src/tokens/tokens.js';
import type { Outside } from './outside.js';

/**
 * The bench's canteen: the sandbox catalogue's cost centre, price groups and articles as POS
 * master data, so every item booking is one JOMOsoft knows (but the one blocked article, which
 * JOMOsoft rejects, as it would in life). Bookings are made from their index alone, so the same
 * rows can be posted through the API and inserted bare.
 */

export const POINT_OF_SALE = { id: 'pos-cafeteria', name: 'Cafeteria', interfaceId: 'KST-100' };
export const PRICE_LEVELS = BUILT_IN_CATALOGUE.priceGroups.map((group) => ({
  id: `pl-${group.id.toLowerCase()}`,
  name: group.name,
  exportAbbreviation: group.id,
}));
export const ITEMS = BUILT_IN_CATALOGUE.articles.map((article) => ({
  id: `item-${article.id}`,
  name: article.name,
  interfaceNo: article.id,
  vatRate: article.vatRate,
  price: Math.round(Number(article.price ?? '1') * 100),
}));

export function registerId(index: number): string {
  return `reg-${index}`;
}

/** Everything the service needs to run a database: its secret key and a POS token. */
export interface Prepared {
  secretKey: string;
  token: string;
}

/**
 * Brings a fresh database to where an installed, paired and active service would be: schema,
 * master data with `registers` registers, a verified connection to the sandbox and mail settings
 * for the SMTP sink (when the figure sends anything), and a POS token.
 */
export async function prepareDatabase(
  url: string,
  options: { registers: number; outside: Outside | null },
): Promise<Prepared> {
  const store = openStore(url, { poolSize: 2 });
  const now = new Date();
  const secretKey = randomBytes(32).toString('hex');
  try {
    await migrate(store, createLogger('warn'));
    const { db } = store;
    await db.transaction().execute(async (trx) => {
      await upsertPriceLevels(trx, PRICE_LEVELS, now);
      await upsertPointsOfSale(trx, [POINT_OF_SALE], now);
      const registers = Array.from({ length: options.registers }, (_, index) => ({
        id: registerId(index + 1),
        name: `Register ${index + 1}`,
        pointOfSaleId: POINT_OF_SALE.id,
      }));
      await upsertRegisters(trx, registers, now);
      await upsertItems(
        trx,
        ITEMS.map(({ price: _price, ...item }) => item),
        now,
      );
    });
    if (options.outside) await activate(store.db, options.outside, secretKey, now);

    return { secretKey, token: await createToken(db, 'bench-pos', now) };
  } finally {
    await store.destroy();
  }
}

async function activate(
  db: Parameters<typeof writeConnection>[0],
  { sandbox, smtp }: Outside,
  secretKey: string,
  now: Date,
): Promise<void> {
  const secrets = secretBox(Buffer.from(secretKey, 'hex'));
  await writeConnection(
    db,
    {
      apiUrl: sandbox.jomosoft.apiUrl,
      tokenUrl: sandbox.jomosoft.tokenUrl,
      clientId: sandbox.jomosoft.clientId,
      clientSecretSealed: secrets.seal(sandbox.jomosoft.clientSecret),
      source: 'manual',
      verified: true,
      check: null,
    },
    now,
  );
  await writeSetting(
    db,
    SETTING.mail,
    {
      smtp: { host: '127.0.0.1', port: smtp.port, tls: 'none', user: null, passwordSealed: null },
      from: 'wawi-bridge@bench.test',
      recipients: ['kitchen@bench.test'],
      language: 'en',
    },
    now,
  );
}

export type StoredBooking = Omit<BookingRow, 'seq' | 'closing_id'>;

/**
 * Booking number `index` of a run: items and price levels spread evenly, one in fifty a return,
 * some lines of several portions, times through one business day.
 */
export function bookingAt(prefix: string, index: number, register: string): StoredBooking {
  const item = ITEMS[(index * 7) % ITEMS.length]!;
  const priceLevel = PRICE_LEVELS[index % PRICE_LEVELS.length]!;
  const portions = index % 50 === 49 ? -1 : 1 + (index % 3 === 0 ? 1 : 0);
  const second = index % 43_200;

  return {
    id: `${prefix}-${index}`,
    register_id: register,
    item_id: item.id,
    price_level_id: priceLevel.id,
    quantity: portions * 1000,
    gross_amount: portions * item.price,
    vat_rate: Math.round(Number(item.vatRate) * 100),
    booked_at: `2026-12-03T${clock(6 * 3600 + second)}+01:00`,
  };
}

function clock(seconds: number): string {
  const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}`;
}

/** The same booking as the POS sends it: decimal strings, camelCase. */
export function onTheWire(row: StoredBooking) {
  return {
    id: row.id,
    registerId: row.register_id,
    itemId: row.item_id,
    priceLevelId: row.price_level_id,
    quantity: formatQuantity(row.quantity),
    grossAmount: formatAmount(row.gross_amount),
    vatRate: formatVatRate(row.vat_rate),
    bookedAt: row.booked_at,
  };
}

export function closingRequest(id: string, register: string, number: number) {
  return {
    id,
    registerId: register,
    number,
    businessDate: '2026-12-03',
    closedAt: '2026-12-03T22:04:11+01:00',
  };
}

/** The environment of a `serve` child on this database. */
export function serviceEnv(url: string, prepared: Prepared, extra: Record<string, string> = {}) {
  return {
    DATABASE_URL: url,
    WAWI_SECRET_KEY: prepared.secretKey,
    WAWI_RETRY_INTERVAL: '1s',
    ...extra,
  };
}
