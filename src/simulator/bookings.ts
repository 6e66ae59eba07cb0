import { formatAmount } from '../shared/decimal.js';
import type {
  MasterDataPlan,
  SimulatedItem,
  SimulatedPointOfSale,
  SimulatedPriceLevel,
  SimulatedRegister,
} from './master-data.js';
import { Random, WeightedTable } from './random.js';

/** One booking as `POST /api/v1/bookings` takes it, with its amount kept in cents beside it. */
export interface SimulatedBooking {
  wire: {
    id: string;
    registerId: string;
    itemId: string;
    priceLevelId: string;
    quantity: string;
    grossAmount: string;
    vatRate: string;
    bookedAt: string;
  };
  grossCents: number;
  isReturn: boolean;
}

/** Most people take one of a thing, some two or three. */
const QUANTITIES = new WeightedTable([
  { weight: 85, value: 1 },
  { weight: 11, value: 2 },
  { weight: 4, value: 3 },
]);

interface Assortment {
  items: WeightedTable<SimulatedItem>;
  priceLevels: WeightedTable<SimulatedPriceLevel>;
}

/**
 * Makes bookings one after another from a seeded PRNG: which register, item, price level and
 * quantity, and whether it is a return (negative quantity, negative amount). Each register sells
 * its point of sale's assortment. Pure: no I/O, no clock; the caller names each booking and says
 * when it was made.
 */
export class BookingGenerator {
  private readonly registers: WeightedTable<SimulatedRegister>;
  private readonly assortments = new Map<string, Assortment>();

  constructor(
    plan: MasterDataPlan,
    private readonly random: Random,
    /** The share of returns in a million bookings (50,000 is 5 %). */
    private readonly returnsPerMillion: number,
  ) {
    this.registers = new WeightedTable(plan.registers.map((value) => ({ weight: 1, value })));
    for (const pointOfSale of plan.pointsOfSale) {
      this.assortments.set(pointOfSale.id, assortmentOf(plan, pointOfSale));
    }
  }

  next(id: string, bookedAt: string): SimulatedBooking {
    const register = this.registers.pick(this.random);
    const assortment = this.assortments.get(register.pointOfSaleId);
    if (!assortment) {
      throw new RangeError(`register ${register.id}: unknown point of sale`);
    }

    const item = assortment.items.pick(this.random);
    const priceLevel = assortment.priceLevels.pick(this.random);
    const isReturn = this.random.chance(this.returnsPerMillion);
    const quantity = isReturn ? -1 : QUANTITIES.pick(this.random);
    const grossCents = quantity * unitPrice(item.priceCents, priceLevel.percent);

    return {
      wire: {
        id,
        registerId: register.id,
        itemId: item.id,
        priceLevelId: priceLevel.id,
        quantity: String(quantity),
        grossAmount: formatAmount(grossCents),
        vatRate: item.vatRate,
        bookedAt,
      },
      grossCents,
      isReturn,
    };
  }
}

function assortmentOf(plan: MasterDataPlan, pointOfSale: SimulatedPointOfSale): Assortment {
  const chosen = <T extends { id: string }>(all: T[], ids: string[] | undefined) =>
    ids ? all.filter((entry) => ids.includes(entry.id)) : all;
  const items = chosen(plan.items, pointOfSale.itemIds);
  const priceLevels = chosen(plan.priceLevels, pointOfSale.priceLevelIds);

  return {
    items: new WeightedTable(items.map((value) => ({ weight: value.weight, value }))),
    priceLevels: new WeightedTable(priceLevels.map((value) => ({ weight: value.weight, value }))),
  };
}

/** The price at a level, rounded half up to the cent, on integers only. */
export function unitPrice(guestCents: number, percent: number): number {
  return Math.floor((guestCents * percent + 50) / 100);
}
