import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadSmallCanteen } from '../helpers/master-data.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';

/** Regressions found by the reliability suite's fuzzing (test/reliability/pos-api-fuzz.test.ts). */
describe.each(storeKinds())('refusals of the POS API on $name', (kind) => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(kind);
    await loadSmallCanteen(service);
  });
  afterAll(() => service.close());

  it('names a missing field as required and a wrong type in JSON words', async () => {
    const answer = await service.pos('PUT', '/api/v1/price-levels', {
      priceLevels: [{ name: 7, exportAbbreviation: 1, colour: 'red' }],
    });

    expect(answer.status).toBe(400);
    expect(answer.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'priceLevels[0].id', message: 'is required' }),
        expect.objectContaining({
          path: 'priceLevels[0].name',
          message: 'must be a string, not a number',
        }),
        expect.objectContaining({
          path: 'priceLevels[0].exportAbbreviation',
          message: 'must be a string or null, not a number',
        }),
        expect.objectContaining({
          path: 'priceLevels[0]',
          message: 'has an unknown field "colour"',
        }),
      ]),
    );
  });

  it('says a number too large for JSON is not finite', async () => {
    const answer = await service.pos(
      'POST',
      '/api/v1/closings',
      '{"id":"c","registerId":"reg-1","number":1e400,' +
        '"businessDate":"2026-12-03","closedAt":"2026-12-03T22:04:11+01:00"}',
    );

    expect(answer.status).toBe(400);
    expect(answer.body.problems[0]).toEqual({ path: 'number', message: 'must be a finite number' });
  });

  it('answers a NUL byte in a transmission id or closing id with 400, not 500', async () => {
    const byId = await service.pos('GET', '/api/v1/transmissions/%00');
    const byClosing = await service.pos('GET', '/api/v1/transmissions?closingId=a%00b');

    expect(byId.status).toBe(400);
    expect(byClosing.status).toBe(400);
    expect(byClosing.body.problems[0]).toMatchObject({ path: 'closingId' });
  });

  it('refuses a closing whose sums are past exact, until it is voided', async () => {
    const huge = (id: string, sign = '') => ({
      id,
      registerId: 'reg-2',
      itemId: 'item-coffee',
      priceLevelId: 'pl-guest',
      quantity: `${sign}999999999999.999`,
      grossAmount: `${sign}999999999999.99`,
      vatRate: '19',
      bookedAt: '2026-12-03T12:04:11+01:00',
    });
    const close = (id: string) =>
      service.pos('POST', '/api/v1/closings', {
        id,
        registerId: 'reg-2',
        number: 1,
        businessDate: '2026-12-03',
        closedAt: '2026-12-03T22:04:11+01:00',
      });
    const ten = Array.from({ length: 10 }, (_, index) => index);
    await service.pos('POST', '/api/v1/bookings', { bookings: ten.map((i) => huge(`huge-${i}`)) });

    const refused = await close('huge-closing');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/void the wrong bookings/);

    await service.pos('POST', '/api/v1/bookings', {
      bookings: ten.slice(0, 9).map((i) => huge(`void-${i}`, '-')),
    });
    const taken = await close('huge-closing');
    expect(taken.status).toBe(201);
    expect(taken.body.closing).toMatchObject({ bookings: 19, grossAmount: '999999999999.99' });
  });
});
