import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { netFromGross } from '../../src/shared/decimal.js';
import { groupClosing, type BookingSum } from '../../src/transmission/grouping.js';
import { reconcile } from '../../src/transmission/reconciliation.js';

/** Random master data: items that may share an interface no. or lack one, levels that may lack one. */
const items = fc.array(
  fc.record({
    id: fc.constantFrom('i1', 'i2', 'i3', 'i4', 'i5', 'i6'),
    interfaceNo: fc.option(fc.constantFrom('A-1', 'A-2', 'A-3'), { nil: null }),
    excluded: fc.boolean(),
  }),
  { minLength: 1, maxLength: 6 },
);

const bookings = fc.array(
  fc.record({
    item: fc.nat(5),
    level: fc.constantFrom('GAST', 'MA', null),
    vatRate: fc.constantFrom(700, 1900, 0),
    quantity: fc.integer({ min: -5_000, max: 50_000 }).filter((q) => q !== 0),
    unitCents: fc.integer({ min: 0, max: 5_000 }),
  }),
  { maxLength: 200 },
);

/** What the database's GROUP BY (item, price level, VAT rate) hands the grouping. */
function sumsOf(
  master: Array<{ id: string; interfaceNo: string | null; excluded: boolean }>,
  lines: Array<{
    item: number;
    level: string | null;
    vatRate: number;
    quantity: number;
    unitCents: number;
  }>,
): { sums: BookingSum[]; total: { quantity: number; grossAmount: number } } {
  const sums = new Map<string, BookingSum>();
  const total = { quantity: 0, grossAmount: 0 };
  for (const line of lines) {
    const item = master[line.item % master.length]!;
    const gross = Math.trunc((line.quantity * line.unitCents) / 1000);
    const key = [item.id, line.level, line.vatRate].join('|');
    const sum = sums.get(key) ?? {
      itemId: item.id,
      itemName: `Item ${item.id}`,
      interfaceNo: item.interfaceNo,
      excluded: item.excluded,
      priceLevelId: `pl-${line.level}`,
      exportAbbreviation: line.level,
      vatRate: line.vatRate,
      quantity: 0,
      grossAmount: 0,
      bookings: 0,
    };
    sum.quantity += line.quantity;
    sum.grossAmount += gross;
    sum.bookings += 1;
    sums.set(key, sum);
    total.quantity += line.quantity;
    total.grossAmount += gross;
  }
  // The first occurrence of an item id wins, as in a real items table.
  return { sums: [...sums.values()], total };
}

const uniqueItems = (
  list: Array<{ id: string; interfaceNo: string | null; excluded: boolean }>,
) => [...new Map(list.map((item) => [item.id, item])).values()];

describe('grouping a closing into item bookings', () => {
  it('reconciles to the cent: POS total = sent + not transmitted + left out, for any bookings', () => {
    fc.assert(
      fc.property(items, bookings, (master, lines) => {
        const { sums, total } = sumsOf(uniqueItems(master), lines);
        const drafts = groupClosing({
          closingId: 'c-1',
          pointOfSale: { id: 'p', interfaceId: 'KST-1' },
          sums,
        });
        const result = reconcile(
          total,
          drafts.map((draft) => ({ ...draft })),
        );

        expect(result.balanced).toBe(true);
      }),
    );
  });

  it('makes one item booking per interface numbers and VAT rate, with unique keys', () => {
    fc.assert(
      fc.property(items, bookings, (master, lines) => {
        const { sums } = sumsOf(uniqueItems(master), lines);
        const drafts = groupClosing({
          closingId: 'c-1',
          pointOfSale: { id: 'p', interfaceId: 'KST-1' },
          sums,
        });
        const sendable = drafts.filter((draft) => draft.status === 'pending');
        const identities = sendable.map((draft) =>
          [draft.priceGroup, draft.article, draft.vatRate].join('|'),
        );

        expect(new Set(identities).size).toBe(sendable.length);
        expect(new Set(drafts.map((draft) => draft.key)).size).toBe(drafts.length);
      }),
    );
  });

  it('gives the same keys and positions on every run, whatever order the sums arrive in', () => {
    fc.assert(
      fc.property(items, bookings, (master, lines) => {
        const { sums } = sumsOf(uniqueItems(master), lines);
        const input = { closingId: 'c-9', pointOfSale: { id: 'p', interfaceId: 'KST-1' } };
        const first = groupClosing({ ...input, sums });
        const second = groupClosing({ ...input, sums: [...sums].reverse() });

        expect(second.map((draft) => [draft.position, draft.key])).toEqual(
          first.map((draft) => [draft.position, draft.key]),
        );
      }),
    );
  });

  it('leaves out excluded items, and keeps items or levels without numbers as not transmitted', () => {
    const base = {
      priceLevelId: 'pl',
      vatRate: 700,
      quantity: 1000,
      grossAmount: 250,
      bookings: 1,
    };
    const drafts = groupClosing({
      closingId: 'c',
      pointOfSale: { id: 'p', interfaceId: 'KST-1' },
      sums: [
        {
          ...base,
          itemId: 'deposit',
          itemName: 'Deposit',
          interfaceNo: null,
          excluded: true,
          exportAbbreviation: 'GAST',
        },
        {
          ...base,
          itemId: 'tea',
          itemName: 'Tea',
          interfaceNo: null,
          excluded: false,
          exportAbbreviation: 'GAST',
        },
        {
          ...base,
          itemId: 'soup',
          itemName: 'Soup',
          interfaceNo: 'A-7',
          excluded: false,
          exportAbbreviation: null,
        },
        {
          ...base,
          itemId: 'cake',
          itemName: 'Cake',
          interfaceNo: 'A-8',
          excluded: false,
          exportAbbreviation: 'GAST',
        },
      ],
    });

    expect(drafts.map((draft) => [draft.items[0]!.name, draft.status, draft.missing])).toEqual([
      ['Cake', 'pending', null],
      ['Soup', 'not-transmitted', ['price-level']],
      ['Tea', 'not-transmitted', ['item']],
      ['Deposit', 'left-out', null],
    ]);
  });

  it('sums items sharing an interface no. into one line naming both POS items', () => {
    const base = {
      priceLevelId: 'pl',
      exportAbbreviation: 'MA',
      vatRate: 1900,
      excluded: false,
      interfaceNo: 'A-1020',
      bookings: 2,
    };
    const [line] = groupClosing({
      closingId: 'c',
      pointOfSale: { id: 'p', interfaceId: 'KST-1' },
      sums: [
        { ...base, itemId: 'coffee', itemName: 'Coffee', quantity: 2000, grossAmount: 500 },
        { ...base, itemId: 'coffee-l', itemName: 'Coffee large', quantity: 1000, grossAmount: 320 },
      ],
    });

    expect(line).toMatchObject({
      quantity: 3000,
      grossAmount: 820,
      netAmount: 689,
      article: 'A-1020',
    });
    expect(line!.items.map((item) => item.name)).toEqual(['Coffee', 'Coffee large']);
  });
});

describe('the net amount from a gross amount', () => {
  it('is exact and rounds half away from zero', () => {
    expect(netFromGross(9800, 700)).toBe(9159); // 98.00 / 1.07 = 91.588…
    expect(netFromGross(119, 1900)).toBe(100);
    expect(netFromGross(-9800, 700)).toBe(-9159);
    expect(netFromGross(0, 1900)).toBe(0);
    expect(netFromGross(107, 700)).toBe(100);
    expect(netFromGross(1, 1900)).toBe(1); // 0.84… cents → 1
  });

  it('never differs from the gross by more than the VAT plus half a cent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.constantFrom(0, 250, 700, 810, 1900),
        (gross, rate) => {
          const net = netFromGross(gross, rate);
          const exact = (gross * 10000) / (10000 + rate);
          expect(Math.abs(net - exact)).toBeLessThanOrEqual(0.5 + 1e-9);
        },
      ),
    );
  });
});
