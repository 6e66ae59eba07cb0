import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { booking, closing, loadSmallCanteen } from '../helpers/master-data.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';

describe.each(storeKinds())('closing a register on $name', (kind) => {
  let service: TestService;
  let sequence = 100;
  const nextId = () => `z-${(sequence += 1)}`;
  /** Closes the register so that a test starts with no open bookings on it. */
  const flush = (registerId: string) =>
    service.pos('POST', '/api/v1/closings', closing(nextId(), { registerId }));

  beforeAll(async () => {
    service = await startTestService(kind);
    await loadSmallCanteen(service);
  });
  afterAll(() => service.close());

  it('takes every open booking of the register, and only of that register', async () => {
    await service.pos('POST', '/api/v1/bookings', {
      bookings: [
        booking({ registerId: 'reg-1', grossAmount: '7.80' }),
        booking({
          registerId: 'reg-1',
          quantity: '2',
          grossAmount: '5.00',
          itemId: 'item-coffee',
          vatRate: '19',
        }),
        booking({ registerId: 'reg-2' }),
      ],
    });

    const answer = await service.pos('POST', '/api/v1/closings', closing(nextId()));

    expect(answer.status).toBe(201);
    expect(answer.body.closing).toMatchObject({ bookings: 2, grossAmount: '12.80' });
    expect(answer.body.transmission.status).toBe('not-active');
    const open = await service.context.db
      .selectFrom('bookings')
      .select('id')
      .where('closing_id', 'is', null)
      .execute();
    expect(open).toHaveLength(1);
  });

  it('returns the stored closing when the same closing is sent again, taking nothing twice', async () => {
    const id = nextId();
    await service.pos('POST', '/api/v1/bookings', { bookings: [booking()] });
    const first = await service.pos('POST', '/api/v1/closings', closing(id));
    await service.pos('POST', '/api/v1/bookings', { bookings: [booking()] });

    const again = await service.pos('POST', '/api/v1/closings', closing(id));

    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it('refuses with 409 and takes nothing when the expected figures do not match, then closes once they do', async () => {
    const id = nextId();
    await flush('reg-1');
    await service.pos('POST', '/api/v1/bookings', { bookings: [booking({ grossAmount: '3.10' })] });

    const mismatch = await service.pos(
      'POST',
      '/api/v1/closings',
      closing(id, { expected: { bookings: 2, grossAmount: '6.20' } }),
    );

    expect(mismatch.status).toBe(409);
    expect(mismatch.body.message).toContain('expected 2 bookings totalling 6.20');
    expect(mismatch.body.message).toContain('holds 1 bookings totalling 3.10');
    const stored = await service.context.db
      .selectFrom('closings')
      .select('id')
      .where('id', '=', id)
      .execute();
    expect(stored).toHaveLength(0);

    await service.pos('POST', '/api/v1/bookings', { bookings: [booking({ grossAmount: '3.10' })] });
    const matching = await service.pos(
      'POST',
      '/api/v1/closings',
      closing(id, { expected: { bookings: 2, grossAmount: '6.20' } }),
    );
    expect(matching.status).toBe(201);
  });

  it('refuses a closing id already used for another register, and an unknown register', async () => {
    const id = nextId();
    await service.pos('POST', '/api/v1/closings', closing(id));

    const other = await service.pos(
      'POST',
      '/api/v1/closings',
      closing(id, { registerId: 'reg-2' }),
    );
    const unknown = await service.pos(
      'POST',
      '/api/v1/closings',
      closing(nextId(), { registerId: 'reg-x' }),
    );

    expect(other.status).toBe(409);
    expect(unknown.status).toBe(400);
    expect(unknown.body.problems[0]).toMatchObject({ path: 'registerId' });
  });

  it('refuses a bad business date, a non-integer number and a bad expected amount', async () => {
    const date = await service.pos(
      'POST',
      '/api/v1/closings',
      closing(nextId(), { businessDate: '2026-02-30' }),
    );
    const number = await service.pos(
      'POST',
      '/api/v1/closings',
      closing(nextId(), { number: 1.5 }),
    );
    const expected = await service.pos(
      'POST',
      '/api/v1/closings',
      closing(nextId(), { expected: { bookings: 1, grossAmount: '1.001' } }),
    );

    expect(date.body.problems[0].path).toBe('businessDate');
    expect(number.body.problems[0].path).toBe('number');
    expect(expected.body.problems[0].path).toBe('expected.grossAmount');
  });

  it('records a closing of a point of sale without Interface ID as skipped', async () => {
    await service.pos('PUT', '/api/v1/points-of-sale', {
      pointsOfSale: [{ id: 'pos-kiosk', name: 'Kiosk' }],
    });
    await service.pos('PUT', '/api/v1/registers', {
      registers: [{ id: 'reg-kiosk', name: 'Kiosk 1', pointOfSaleId: 'pos-kiosk' }],
    });

    const answer = await service.pos(
      'POST',
      '/api/v1/closings',
      closing(nextId(), { registerId: 'reg-kiosk' }),
    );

    expect(answer.body.transmission.status).toBe('skipped');
  });

  it('shows a transmission by id and by closing, with its reconciliation line', async () => {
    const id = nextId();
    await flush('reg-2');
    await service.pos('POST', '/api/v1/bookings', {
      bookings: [booking({ registerId: 'reg-2', grossAmount: '4.00' })],
    });
    const taken = await service.pos(
      'POST',
      '/api/v1/closings',
      closing(id, { registerId: 'reg-2' }),
    );

    const byId = await service.pos('GET', `/api/v1/transmissions/${taken.body.transmission.id}`);
    const byClosing = await service.pos('GET', `/api/v1/transmissions?closingId=${id}`);
    const missing = await service.pos('GET', '/api/v1/transmissions/nope');

    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ closingId: id, status: 'not-active', attempts: 0 });
    expect(byId.body.reconciliation).toMatchObject({
      pos: { grossAmount: '4.00' },
      balanced: true,
    });
    expect(byClosing.body.transmissions).toHaveLength(1);
    expect(missing.status).toBe(404);
  });
});

describe.each(storeKinds())('bookings racing a closing on $name', (kind) => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(kind);
    await loadSmallCanteen(service);
  });
  afterAll(() => service.close());

  it('land in that closing or the next one, never both and never neither', async () => {
    const batches = 40;
    const perBatch = 25;
    const posting = Array.from({ length: batches }, () =>
      service.pos('POST', '/api/v1/bookings', {
        bookings: Array.from({ length: perBatch }, () => booking({ registerId: 'reg-2' })),
      }),
    );
    const closings = [1, 2, 3].map(async (number) => {
      await new Promise((resolve) => setTimeout(resolve, number * 15));
      return service.pos(
        'POST',
        '/api/v1/closings',
        closing(`race-${number}`, { registerId: 'reg-2', number }),
      );
    });
    const answers = await Promise.all([...posting, ...closings]);
    expect(answers.every((answer) => answer.status < 300)).toBe(true);
    const last = await service.pos(
      'POST',
      '/api/v1/closings',
      closing('race-4', { registerId: 'reg-2', number: 4 }),
    );
    expect(last.status).toBe(201);

    const taken = await service.context.db
      .selectFrom('closings')
      .select((eb) => eb.fn.sum<number>('bookings').as('n'))
      .where('register_id', '=', 'reg-2')
      .executeTakeFirstOrThrow();
    const stored = await service.context.db
      .selectFrom('bookings')
      .select((eb) => [
        eb.fn.countAll<number>().as('all'),
        eb.fn.count<number>('closing_id').as('closed'),
      ])
      .where('register_id', '=', 'reg-2')
      .executeTakeFirstOrThrow();
    expect(Number(stored.all)).toBe(batches * perBatch);
    expect(Number(stored.closed)).toBe(batches * perBatch);
    expect(Number(taken.n)).toBe(batches * perBatch);
  });

  it('takes the bookings once when two identical closings arrive at once', async () => {
    await service.pos('POST', '/api/v1/bookings', {
      bookings: Array.from({ length: 50 }, () => booking({ registerId: 'reg-1' })),
    });

    const [first, second] = await Promise.all([
      service.pos('POST', '/api/v1/closings', closing('twin-1', { number: 77 })),
      service.pos('POST', '/api/v1/closings', closing('twin-1', { number: 77 })),
    ]);

    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(first.body.closing).toEqual(second.body.closing);
    expect(first.body.closing.bookings).toBe(50);
    const transmissions = await service.context.db
      .selectFrom('transmissions')
      .select('id')
      .where('closing_id', '=', 'twin-1')
      .execute();
    expect(transmissions).toHaveLength(1);
  });
});
