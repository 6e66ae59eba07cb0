import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN_ROUTES } from '../../src/back-office/admin-api.js';
import { booking, loadSmallCanteen } from '../helpers/master-data.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';
import { loggedIn, type AdminClient } from './admin-client.js';

describe.each(storeKinds())('interface numbers and settings in the admin API on $name', (kind) => {
  let service: TestService;
  let admin: AdminClient;

  const item = (id: string) =>
    service.context.db
      .selectFrom('items')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const audit = async () => (await admin.get('/api/admin/audit')).body.entries as any[];

  beforeAll(async () => {
    service = await startTestService(kind);
    await loadSmallCanteen(service);
    admin = await loggedIn(service, 'admin', 'anna');
  });
  afterAll(() => service.close());

  it('lists price levels, points of sale with their registers, and items with their numbers', async () => {
    const levels = await admin.get('/api/admin/price-levels');
    const points = await admin.get('/api/admin/points-of-sale');
    const items = await admin.get('/api/admin/items');

    expect(levels.body.priceLevels).toContainEqual({
      id: 'pl-staff',
      name: 'Staff',
      exportAbbreviation: 'MA',
    });
    expect(points.body.pointsOfSale).toEqual([
      {
        id: 'pos-cafeteria',
        name: 'Cafeteria',
        interfaceId: 'KST-100',
        registers: [
          { id: 'reg-1', name: 'Register 1' },
          { id: 'reg-2', name: 'Register 2' },
        ],
      },
    ]);
    expect(items.body.items).toContainEqual({
      id: 'item-deposit',
      name: 'Cup deposit',
      interfaceNo: null,
      vatRate: '19',
      excluded: true,
    });
  });

  it('changes a price level’s abbreviation for export and records who changed it from what to what', async () => {
    const answer = await admin.patch('/api/admin/price-levels/pl-staff', {
      exportAbbreviation: ' PERS ',
    });

    expect(answer.body).toEqual({ id: 'pl-staff', name: 'Staff', exportAbbreviation: 'PERS' });
    expect((await audit())[0]).toMatchObject({
      user: 'anna',
      action: 'price-level.update',
      subject: 'price-level:pl-staff',
      field: 'exportAbbreviation',
      oldValue: 'MA',
      newValue: 'PERS',
    });
  });

  it('clears a point of sale’s Interface ID with an empty string', async () => {
    const answer = await admin.patch('/api/admin/points-of-sale/pos-cafeteria', {
      interfaceId: '',
    });
    await admin.patch('/api/admin/points-of-sale/pos-cafeteria', { interfaceId: 'KST-100' });

    expect(answer.body).toMatchObject({ id: 'pos-cafeteria', interfaceId: null });
    expect((await audit()).slice(0, 2).map((entry) => [entry.oldValue, entry.newValue])).toEqual([
      [null, 'KST-100'],
      ['KST-100', null],
    ]);
  });

  it('sets an item’s interface no. and its not-relevant flag, leaving out what is not sent', async () => {
    const numbered = await admin.patch('/api/admin/items/item-coffee', { interfaceNo: 'A-1021' });
    const flagged = await admin.patch('/api/admin/items/item-coffee', { excluded: true });

    expect(numbered.body).toMatchObject({ interfaceNo: 'A-1021', excluded: false });
    expect(flagged.body).toMatchObject({ interfaceNo: 'A-1021', excluded: true });
    expect((await audit())[0]).toMatchObject({
      field: 'excluded',
      oldValue: 'false',
      newValue: 'true',
    });
  });

  it('answers 404 for an unknown item and 400 for an empty change', async () => {
    expect(
      (await admin.patch('/api/admin/items/item-nothing', { interfaceNo: 'A-1' })).status,
    ).toBe(404);
    expect((await admin.patch('/api/admin/items/item-coffee', {})).status).toBe(400);
  });

  it('stores nothing of a bulk update with a bad row, and names every bad row', async () => {
    const before = await audit();

    const answer = await admin.put('/api/admin/items/interface-numbers', {
      items: [
        { id: 'item-schnitzel', interfaceNo: 'A-2001' },
        { id: 'item-unknown', interfaceNo: 'A-2002' },
        { id: 'item-coffee-large', interfaceNo: 'x'.repeat(65) },
      ],
    });

    expect(answer.status).toBe(400);
    expect(answer.body.problems).toEqual([
      expect.objectContaining({ path: 'items[2].interfaceNo', index: 2, field: 'interfaceNo' }),
    ]);
    const unknown = await admin.put('/api/admin/items/interface-numbers', {
      items: [
        { id: 'item-schnitzel', interfaceNo: 'A-2001' },
        { id: 'item-unknown', interfaceNo: 'A-2002' },
      ],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.problems).toEqual([
      expect.objectContaining({ path: 'items[1].id', index: 1, message: 'no item "item-unknown"' }),
    ]);
    expect((await item('item-schnitzel')).interface_no).toBe('A-1001');
    expect(await audit()).toEqual(before);
  });

  it('saves a bulk update whole, counts the rows that changed and audits each change', async () => {
    const answer = await admin.put('/api/admin/items/interface-numbers', {
      items: [
        { id: 'item-schnitzel', interfaceNo: 'A-2001' },
        { id: 'item-coffee-large', interfaceNo: 'A-1020' },
        { id: 'item-deposit', interfaceNo: null, excluded: false },
      ],
    });

    expect(answer.body).toEqual({ updated: 2 });
    expect(await item('item-schnitzel')).toMatchObject({
      interface_no: 'A-2001',
      name: 'Schnitzel',
    });
    expect(await item('item-deposit')).toMatchObject({ interface_no: null, excluded: 0 });
    expect((await audit()).slice(0, 2)).toEqual([
      expect.objectContaining({
        action: 'item.bulk-update',
        subject: 'item:item-deposit',
        field: 'excluded',
      }),
      expect.objectContaining({
        subject: 'item:item-schnitzel',
        oldValue: 'A-1001',
        newValue: 'A-2001',
      }),
    ]);
  });

  it('saves 20,000 interface numbers in one bulk update', async () => {
    const ids = Array.from(
      { length: 20_000 },
      (_, index) => `bulk-${String(index).padStart(5, '0')}`,
    );
    for (let start = 0; start < ids.length; start += 10_000) {
      const items = ids
        .slice(start, start + 10_000)
        .map((id) => ({ id, name: `Item ${id}`, vatRate: '7' }));
      expect((await service.pos('PUT', '/api/v1/items', { items })).status).toBe(200);
    }

    const answer = await admin.put('/api/admin/items/interface-numbers', {
      items: ids.map((id, index) => ({ id, interfaceNo: `A-${index}` })),
    });

    expect(answer.body).toEqual({ updated: 20_000 });
    expect((await item('bulk-19999')).interface_no).toBe('A-19999');
  });

  it('refuses a bulk update of more than 20,000 rows', async () => {
    const rows = Array.from({ length: 20_001 }, (_, index) => ({
      id: `x-${index}`,
      interfaceNo: 'A',
    }));

    const answer = await admin.put('/api/admin/items/interface-numbers', { items: rows });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain('more than 20000 rows');
  });

  it('ranks items sold in the last 30 days without interface no. by revenue, and names what lacks a number', async () => {
    await service.pos('PUT', '/api/v1/items', {
      items: [
        { id: 'item-tea', name: 'Tea', vatRate: '19' },
        { id: 'item-cake', name: 'Cake', vatRate: '7' },
      ],
    });
    await service.pos('PUT', '/api/v1/price-levels', {
      priceLevels: [{ id: 'pl-patient', name: 'Patients' }],
    });
    const now = new Date().toISOString();
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    await service.pos('POST', '/api/v1/bookings', {
      bookings: [
        booking({
          itemId: 'item-tea',
          quantity: '2',
          grossAmount: '4.20',
          vatRate: '19',
          bookedAt: now,
        }),
        booking({ itemId: 'item-cake', quantity: '1', grossAmount: '3.50', bookedAt: now }),
        booking({ itemId: 'item-cake', quantity: '1', grossAmount: '3.50', bookedAt: now }),
        booking({ itemId: 'item-cake', quantity: '9', grossAmount: '31.50', bookedAt: old }),
        booking({ itemId: 'item-schnitzel', bookedAt: now }),
      ],
    });

    const answer = await admin.get('/api/admin/readiness');

    expect(answer.body.items).toEqual([
      { id: 'item-cake', name: 'Cake', revenue: '7.00', quantity: '2', bookings: 2 },
      { id: 'item-tea', name: 'Tea', revenue: '4.20', quantity: '2', bookings: 1 },
    ]);
    expect(answer.body.priceLevels).toEqual([{ id: 'pl-patient', name: 'Patients' }]);
    expect(answer.body.pointsOfSale).toEqual([]);
  });

  it('takes a retry interval from 10s to 1d, audits the change and refuses anything else', async () => {
    const before = await admin.get('/api/admin/settings');

    const changed = await admin.put('/api/admin/settings', { retryInterval: '300s' });
    const tooShort = await admin.put('/api/admin/settings', { retryInterval: '5s' });
    const words = await admin.put('/api/admin/settings', { retryInterval: 'soon' });

    expect(before.body).toEqual({ retryInterval: '200ms' });
    expect(changed.body).toEqual({ retryInterval: '5m' });
    expect((await admin.get('/api/admin/settings')).body).toEqual({ retryInterval: '5m' });
    expect(tooShort.status).toBe(400);
    expect(words.body.problems[0].path).toBe('retryInterval');
    expect((await audit())[0]).toMatchObject({
      field: 'retryInterval',
      oldValue: '200ms',
      newValue: '5m',
    });
  });

  it('says what is missing before the interface is active', async () => {
    const answer = await admin.get('/api/admin/activation');

    expect(answer.body).toEqual({ active: false, missing: ['connection', 'mail-settings'] });
  });

  it('documents every route in an OpenAPI 3.1 document generated from the schemas', async () => {
    const answer = await admin.get('/api/admin/openapi.json');

    expect(answer.body.openapi).toBe('3.1.0');
    for (const spec of ADMIN_ROUTES) {
      const path = `/api/admin${spec.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(answer.body.paths[path]?.[spec.method.toLowerCase()]).toBeDefined();
    }
    const bulk = answer.body.paths['/api/admin/items/interface-numbers'].put;
    expect(bulk.requestBody.content['application/json'].schema.properties.items.maxItems).toBe(
      20_000,
    );
    expect(answer.body.paths['/api/admin/login'].post.security).toEqual([]);
  });
});
