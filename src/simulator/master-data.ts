import type { Catalogue } from '../sandbox/catalogue.js';
import { parseAmount } from '../shared/decimal.js';

/**
 * The POS master data a simulation books against: what it upserts through the POS API, plus
 * what only the simulated POS knows (prices, how popular an item or price level is).
 */
export interface MasterDataPlan {
  priceLevels: SimulatedPriceLevel[];
  pointsOfSale: SimulatedPointOfSale[];
  registers: SimulatedRegister[];
  items: SimulatedItem[];
}

export interface SimulatedPriceLevel {
  id: string;
  name: string;
  exportAbbreviation?: string | null;
  /** The share of the guest price charged at this level, in percent (staff pay less). */
  percent: number;
  /** How often bookings are made at this level, relative to the others. */
  weight: number;
}

export interface SimulatedPointOfSale {
  id: string;
  name: string;
  interfaceId?: string | null;
  /** What its registers sell; all items when absent. */
  itemIds?: string[];
  /** The price levels its registers book at; all when absent. */
  priceLevelIds?: string[];
}

export interface SimulatedRegister {
  id: string;
  name: string;
  pointOfSaleId: string;
}

export interface SimulatedItem {
  id: string;
  name: string;
  interfaceNo?: string | null;
  /** A decimal string in percent, as on the wire. */
  vatRate: string;
  excluded?: boolean;
  /** The guest price in cents. */
  priceCents: number;
  weight: number;
}

export interface CatalogueSizes {
  pointsOfSale: number;
  /** Registers per point of sale. */
  registers: number;
  items: number;
}

/** Guests pay the list price, staff a reduced one, patients' meals are charged in between. */
const PRICE_LEVEL_SHAPES = [
  { percent: 100, weight: 40 },
  { percent: 80, weight: 45 },
  { percent: 90, weight: 15 },
];

/**
 * Master data whose interface numbers all exist in the catalogue, so a simulation against the
 * sandbox is booked cleanly. Blocked articles are left out. More points of sale or items than
 * the catalogue has share its cost centres and articles, as real ones do.
 */
export function catalogueMasterData(
  catalogue: Catalogue,
  sizes: CatalogueSizes,
  prefix = 'sim',
): MasterDataPlan {
  const priceLevels = catalogue.priceGroups.map((group, index) => ({
    id: `${prefix}-pl-${group.id}`,
    name: group.name,
    exportAbbreviation: group.id,
    ...(PRICE_LEVEL_SHAPES[index] ?? { percent: 100, weight: 10 }),
  }));

  const pointsOfSale = range(sizes.pointsOfSale).map((index) => {
    const centre = catalogue.costCentres[index % catalogue.costCentres.length]!;
    const round = Math.floor(index / catalogue.costCentres.length);
    return {
      id: `${prefix}-pos-${index + 1}`,
      name: round === 0 ? centre.name : `${centre.name} ${round + 1}`,
      interfaceId: centre.id,
    };
  });

  const registers = pointsOfSale.flatMap((pointOfSale, posIndex) =>
    range(sizes.registers).map((index) => ({
      id: `${prefix}-reg-${posIndex + 1}-${index + 1}`,
      name: `${pointOfSale.name} Kasse ${index + 1}`,
      pointOfSaleId: pointOfSale.id,
    })),
  );

  const articles = catalogue.articles.filter((article) => !article.blocked);
  const items = range(sizes.items).map((index) => {
    const article = articles[index % articles.length]!;
    const round = Math.floor(index / articles.length);
    return {
      id: `${prefix}-item-${index + 1}`,
      name: round === 0 ? article.name : `${article.name} (${round + 1})`,
      interfaceNo: article.id,
      vatRate: article.vatRate,
      priceCents: priceCents(article.price),
      weight: popularity(index),
    };
  });

  return { priceLevels, pointsOfSale, registers, items };
}

/** A few items sell often, most now and then, as on any menu. */
export function popularity(index: number): number {
  return Math.max(1, Math.round(120 / (1 + (index % 12))));
}

export function priceCents(price: string | undefined): number {
  const parsed = parseAmount(price ?? '2.00');
  return parsed.ok && parsed.value > 0 ? parsed.value : 200;
}

function range(count: number): number[] {
  return Array.from({ length: Math.max(0, count) }, (_, index) => index);
}

/** The master data as the POS API takes it (`PUT /api/v1/...` bodies). */
export function masterDataBodies(plan: MasterDataPlan) {
  return {
    priceLevels: plan.priceLevels.map(({ id, name, exportAbbreviation }) => ({
      id,
      name,
      ...(exportAbbreviation !== undefined && { exportAbbreviation }),
    })),
    pointsOfSale: plan.pointsOfSale.map(({ id, name, interfaceId }) => ({
      id,
      name,
      ...(interfaceId !== undefined && { interfaceId }),
    })),
    registers: plan.registers.map(({ id, name, pointOfSaleId }) => ({ id, name, pointOfSaleId })),
    items: plan.items.map(({ id, name, interfaceNo, vatRate, excluded }) => ({
      id,
      name,
      vatRate,
      ...(interfaceNo !== undefined && { interfaceNo }),
      ...(excluded !== undefined && { excluded }),
    })),
  };
}
