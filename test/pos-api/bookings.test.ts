import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { booking, loadSmallCanteen } from '../helpers/master-data.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';

describe.each(storeKinds())('posting bookings on $name', (kind) => {
  let service: TestService;
  const count = async () =>
    Number(
      (
        await service.context.db
          .selectFrom('bookings')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    service = await startTestService(kind);
    await loadSmallCanteen(service);
  });
  afterAll(() => service.close());

  it('stores a batch and stores amounts as integer cents and quantities as thousandths', async () => {
    const line = booking({ quantity: '2.5', grossAmount: '19.50' });
    const answer = await service.pos('POST', '/api/v1/bookings', { bookings: [line] });

    expect(answer).toEqual({ status: 200, body: { accepted: 1, duplicates: 0 } });
    const row = await service.context.db
      .selectFrom('bookings')
      .selectAll()
      .where('id', '=', line.id!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      quantity: 2500,
      gross_amount: 1950,
      vat_rate: 700,
      closing_id: null,
    });
  });

  it('counts a booking posted again as a duplicate and never stores it twice', async () => {
    const line = booking();
    await service.pos('POST', '/api/v1/bookings', { bookings: [line] });
    const before = await count();

    const again = await service.pos('POST', '/api/v1/bookings', { bookings: [line, booking()] });

    expect(again.body).toEqual({ accepted: 1, duplicates: 1 });
    expect(await count()).toBe(before + 1);
  });

  it('answers 409 naming the booking when a stored id comes with other content, and stores nothing', async () => {
    const line = booking();
    await service.pos('POST', '/api/v1/bookings', { bookings: [line] });
    const before = await count();

    const answer = await service.pos('POST', '/api/v1/bookings', {
      bookings: [booking(), { ...line, grossAmount: '9.99' }],
    });

    expect(answer.status).toBe(409);
    expect(answer.body.problems[0]).toMatchObject({ index: 1 });
    expect(answer.body.message).toContain('gross_amount');
    expect(await count()).toBe(before);
  });

  const badCases: Array<[string, Record<string, string>, string, string]> = [
    ['an unknown register', { registerId: 'reg-x' }, 'registerId', 'unknown register "reg-x"'],
    ['an unknown item', { itemId: 'item-x' }, 'itemId', 'unknown item "item-x"'],
    ['an unknown price level', { priceLevelId: 'pl-x' }, 'priceLevelId', 'unknown price level'],
    ['a bad decimal', { grossAmount: '7,80' }, 'grossAmount', 'not a decimal number'],
    ['too many decimals', { quantity: '1.0001' }, 'quantity', 'more than 3 decimals'],
    [
      'quantity and amount with different signs',
      { quantity: '-1', grossAmount: '7.80' },
      'grossAmount',
      'same sign',
    ],
    ['an over-long id', { id: 'x'.repeat(65) }, 'id', 'at most 64 characters'],
    ['a time without offset', { bookedAt: '2026-12-03T12:00:00' }, 'bookedAt', 'ISO 8601'],
    [
      'a number instead of a decimal string',
      { quantity: 1 as unknown as string },
      'quantity',
      'string',
    ],
  ];

  it.each(badCases)(
    'refuses %s naming index and field, storing none of the batch',
    async (_case, change, field, text) => {
      const before = await count();

      const answer = await service.pos('POST', '/api/v1/bookings', {
        bookings: [booking(), booking(change)],
      });

      expect(answer.status).toBe(400);
      expect(answer.body.problems[0]).toMatchObject({ index: 1, field });
      expect(answer.body.message).toContain(text);
      expect(await count()).toBe(before);
    },
  );

  it('accepts a return: negative quantity with a negative amount', async () => {
    const answer = await service.pos('POST', '/api/v1/bookings', {
      bookings: [booking({ quantity: '-1', grossAmount: '-7.80' })],
    });

    expect(answer.status).toBe(200);
  });

  it('refuses duplicate ids inside one batch', async () => {
    const line = booking();
    const answer = await service.pos('POST', '/api/v1/bookings', { bookings: [line, line] });

    expect(answer.status).toBe(400);
    expect(answer.body.problems[0]).toMatchObject({ index: 1, field: 'id' });
  });

  it('refuses malformed JSON, an empty body, unknown fields and more than 10,000 bookings', async () => {
    const malformed = await service.pos('POST', '/api/v1/bookings', '{"bookings": [');
    const extra = await service.pos('POST', '/api/v1/bookings', {
      bookings: [{ ...booking(), colour: 'red' }],
    });
    const many = await service.pos('POST', '/api/v1/bookings', {
      bookings: Array.from({ length: 10_001 }, () => booking()),
    });

    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe('invalid-json');
    expect(extra.status).toBe(400);
    expect(extra.body.problems[0].path).toBe('bookings[0]');
    expect(many.status).toBe(400);
    expect(many.body.message).toContain('more than 10000');
  });

  it('answers 413 to a body over 10 MB', async () => {
    const answer = await service.pos(
      'POST',
      '/api/v1/bookings',
      `{"bookings":[],"pad":"${'x'.repeat(10_600_000)}"}`,
    );

    expect(answer.status).toBe(413);
  });
});
