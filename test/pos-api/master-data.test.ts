import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadSmallCanteen } from '../helpers/master-data.js';
import { call, startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';

describe.each(storeKinds())('the POS API master data on $name', (kind) => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(kind);
    await loadSmallCanteen(service);
  });
  afterAll(() => service.close());

  it('answers health without authentication', async () => {
    const answer = await call(service.url, null, 'GET', '/api/v1/health');

    expect(answer.status).toBe(200);
    // Degraded, not failing: the service works, but no JOMOsoft connection is set up yet.
    expect(answer.body).toMatchObject({ status: 'degraded', database: 'ok' });
  });

  it('refuses a request without a token, and one with a revoked token', async () => {
    const without = await call(service.url, null, 'PUT', '/api/v1/items', { items: [] });
    const wrong = await call(service.url, 'wbt_nothing', 'PUT', '/api/v1/items', { items: [] });

    expect(without.status).toBe(401);
    expect(wrong.status).toBe(401);
  });

  it('keeps interface numbers when an upsert leaves them out', async () => {
    await service.pos('PUT', '/api/v1/items', {
      items: [{ id: 'item-schnitzel', name: 'Schnitzel Wiener Art', vatRate: '7' }],
    });
    await service.pos('PUT', '/api/v1/price-levels', {
      priceLevels: [{ id: 'pl-guest', name: 'Gäste' }],
    });
    await service.pos('PUT', '/api/v1/points-of-sale', {
      pointsOfSale: [{ id: 'pos-cafeteria', name: 'Cafeteria Nord' }],
    });

    const item = await service.context.db
      .selectFrom('items')
      .selectAll()
      .where('id', '=', 'item-schnitzel')
      .executeTakeFirstOrThrow();
    const level = await service.context.db
      .selectFrom('price_levels')
      .selectAll()
      .where('id', '=', 'pl-guest')
      .executeTakeFirstOrThrow();
    const pos = await service.context.db
      .selectFrom('points_of_sale')
      .selectAll()
      .where('id', '=', 'pos-cafeteria')
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({ name: 'Schnitzel Wiener Art', interface_no: 'A-1001' });
    expect(level).toMatchObject({ name: 'Gäste', export_abbreviation: 'GAST' });
    expect(pos).toMatchObject({ name: 'Cafeteria Nord', interface_id: 'KST-100' });
  });

  it('clears an interface number that is sent as null, and keeps the excluded flag when absent', async () => {
    await service.pos('PUT', '/api/v1/items', {
      items: [{ id: 'item-deposit', name: 'Cup deposit', vatRate: '19', interfaceNo: null }],
    });

    const item = await service.context.db
      .selectFrom('items')
      .selectAll()
      .where('id', '=', 'item-deposit')
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({ interface_no: null, excluded: 1 });
  });

  it('names the record and field of a register with an unknown point of sale, and stores none of the batch', async () => {
    const answer = await service.pos('PUT', '/api/v1/registers', {
      registers: [
        { id: 'reg-new', name: 'New', pointOfSaleId: 'pos-cafeteria' },
        { id: 'reg-bad', name: 'Bad', pointOfSaleId: 'pos-nowhere' },
      ],
    });

    expect(answer.status).toBe(400);
    expect(answer.body.problems[0]).toMatchObject({ index: 1, field: 'pointOfSaleId' });
    expect(answer.body.message).toContain('unknown point of sale "pos-nowhere"');
    const stored = await service.context.db
      .selectFrom('registers')
      .select('id')
      .where('id', '=', 'reg-new')
      .execute();
    expect(stored).toHaveLength(0);
  });

  it('refuses over-long names, a bad VAT rate and duplicate ids inside one batch', async () => {
    const answer = await service.pos('PUT', '/api/v1/items', {
      items: [
        { id: 'i1', name: 'x'.repeat(201), vatRate: '7' },
        { id: 'i2', name: 'Tea', vatRate: '7.123' },
        { id: 'i2', name: 'Tea again', vatRate: '7' },
      ],
    });

    expect(answer.status).toBe(400);
    expect(answer.body.problems.map((problem: { path: string }) => problem.path)).toEqual(
      expect.arrayContaining(['items[0].name']),
    );
  });

  it('refuses more than 10,000 records in one request', async () => {
    const items = Array.from({ length: 10_001 }, (_, index) => ({
      id: `i${index}`,
      name: 'n',
      vatRate: '7',
    }));
    const answer = await service.pos('PUT', '/api/v1/items', { items });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain('more than 10000');
  });
});
