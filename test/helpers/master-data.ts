import type { TestService } from './service.js';

/** A small canteen: one point of sale with two registers, two price levels, four items. */
export async function loadSmallCanteen(service: TestService): Promise<void> {
  const put = async (path: string, body: unknown) => {
    const answer = await service.pos('PUT', path, body);
    if (answer.status !== 200) throw new Error(`${path}: ${JSON.stringify(answer.body)}`);
  };

  await put('/api/v1/price-levels', {
    priceLevels: [
      { id: 'pl-guest', name: 'Guests', exportAbbreviation: 'GAST' },
      { id: 'pl-staff', name: 'Staff', exportAbbreviation: 'MA' },
    ],
  });
  await put('/api/v1/points-of-sale', {
    pointsOfSale: [{ id: 'pos-cafeteria', name: 'Cafeteria', interfaceId: 'KST-100' }],
  });
  await put('/api/v1/registers', {
    registers: [
      { id: 'reg-1', name: 'Register 1', pointOfSaleId: 'pos-cafeteria' },
      { id: 'reg-2', name: 'Register 2', pointOfSaleId: 'pos-cafeteria' },
    ],
  });
  await put('/api/v1/items', {
    items: [
      { id: 'item-schnitzel', name: 'Schnitzel', interfaceNo: 'A-1001', vatRate: '7' },
      { id: 'item-coffee', name: 'Coffee', interfaceNo: 'A-1020', vatRate: '19' },
      { id: 'item-coffee-large', name: 'Coffee large', interfaceNo: 'A-1020', vatRate: '19' },
      { id: 'item-deposit', name: 'Cup deposit', vatRate: '19', excluded: true },
    ],
  });
}

let counter = 0;

export function booking(overrides: Record<string, string> = {}): Record<string, string> {
  counter += 1;
  return {
    id: `b-${process.pid}-${counter}`,
    registerId: 'reg-1',
    itemId: 'item-schnitzel',
    priceLevelId: 'pl-guest',
    quantity: '1',
    grossAmount: '7.80',
    vatRate: '7',
    bookedAt: '2026-12-03T12:04:11+01:00',
    ...overrides,
  };
}

export function closing(
  id: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    registerId: 'reg-1',
    number: Number(id.replace(/\D/g, '') || 1),
    businessDate: '2026-12-03',
    closedAt: '2026-12-03T22:04:11+01:00',
    ...overrides,
  };
}
