import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BUILT_IN_CATALOGUE } from '../../src/sandbox/index.js';
import {
  BookingGenerator,
  catalogueMasterData,
  closeRegister,
  PosClient,
  Random,
  simulate,
  type SimulationReport,
} from '../../src/simulator/index.js';
import { unitPrice } from '../../src/simulator/bookings.js';
import { runCli } from '../helpers/processes.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';

describe('the booking generator', () => {
  const plan = catalogueMasterData(BUILT_IN_CATALOGUE, {
    pointsOfSale: 2,
    registers: 2,
    items: 20,
  });
  const make = (seed: number, count: number) => {
    const generator = new BookingGenerator(plan, new Random(seed), 50_000);
    return Array.from({ length: count }, (_, i) =>
      generator.next(`b-${i}`, '2026-12-03T12:00+01:00'),
    );
  };

  it('makes the same bookings from the same seed, and others from another', () => {
    expect(make(42, 200)).toEqual(make(42, 200));
    expect(make(43, 200)).not.toEqual(make(42, 200));
  });

  it('makes about the asked share of returns, each with a negative quantity and amount', () => {
    const bookings = make(7, 20_000);
    const returns = bookings.filter((booking) => booking.isReturn);

    expect(returns.length).toBeGreaterThan(800);
    expect(returns.length).toBeLessThan(1_200);
    for (const booking of returns) {
      expect(booking.wire.quantity).toBe('-1');
      expect(booking.grossCents).toBeLessThan(0);
      expect(booking.wire.grossAmount.startsWith('-')).toBe(true);
    }
  });

  it('books only items whose interface no. the sandbox catalogue knows, at both VAT rates', () => {
    const known = new Set(BUILT_IN_CATALOGUE.articles.filter((a) => !a.blocked).map((a) => a.id));
    const whole = catalogueMasterData(BUILT_IN_CATALOGUE, {
      pointsOfSale: 1,
      registers: 1,
      items: 60,
    });
    const generator = new BookingGenerator(whole, new Random(3), 0);
    const rates = new Set(
      Array.from(
        { length: 2_000 },
        (_, i) => generator.next(`r-${i}`, '2026-12-03T12:00Z').wire.vatRate,
      ),
    );

    expect(whole.items.every((item) => known.has(item.interfaceNo!))).toBe(true);
    expect([...rates].sort()).toEqual(['19', '7']);
  });

  it('prices a level on whole cents, rounding half up', () => {
    expect(unitPrice(980, 80)).toBe(784);
    expect(unitPrice(125, 90)).toBe(113);
    expect(unitPrice(250, 100)).toBe(250);
  });
});

describe.each(storeKinds())('the POS simulator against the service on $name', (kind) => {
  let service: TestService;
  let report: SimulationReport;

  beforeAll(async () => {
    service = await startTestService(kind);
    report = await simulate({
      url: service.url,
      token: service.token,
      pointsOfSale: 2,
      registers: 2,
      items: 30,
      days: 2,
      bookingsPerDay: 1_500,
      batchSize: 400,
      seed: 11,
      startDate: '2026-12-01',
    });
  });
  afterAll(() => service.close());

  it('closes every register each business day, and every closing holds its expected totals', () => {
    expect(report.businessDates).toEqual(['2026-12-01', '2026-12-02']);
    expect(report.closings).toHaveLength(8);
    expect(report.allHeld).toBe(true);
    expect(report.bookings).toBe(3_000);
    expect(report.accepted).toBe(3_000);
    expect(report.returns).toBeGreaterThan(0);
    expect(report.open).toEqual([]);
  });

  it("reports what the service's closings hold, booking by booking and to the cent", async () => {
    const db = service.context.db;
    const closings = await db.selectFrom('closings').selectAll().execute();

    expect(closings).toHaveLength(report.closings.length);
    for (const sent of report.closings) {
      const stored = closings.find((closing) => closing.id === sent.id);
      expect(stored).toMatchObject({
        register_id: sent.registerId,
        business_date: sent.businessDate,
        bookings: sent.expected.bookings,
        gross_amount: sent.expected.grossCents,
      });
    }

    const totals = await db
      .selectFrom('bookings')
      .select((eb) => [
        eb.fn.countAll<number>().as('count'),
        eb.fn.sum<number>('gross_amount').as('gross'),
        eb.fn.count<number>('closing_id').as('closed'),
      ])
      .executeTakeFirstOrThrow();
    const returns = await db
      .selectFrom('bookings')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('quantity', '<', 0)
      .executeTakeFirstOrThrow();
    expect(Number(totals.count)).toBe(report.bookings);
    expect(Number(totals.closed)).toBe(report.bookings);
    expect(Number(totals.gross)).toBe(report.grossCents);
    expect(Number(returns.count)).toBe(report.returns);
  });

  it('sends the same run again as duplicates, and gets the stored closings back', async () => {
    const again = await simulate({
      url: service.url,
      token: service.token,
      pointsOfSale: 2,
      registers: 2,
      items: 30,
      days: 1,
      bookingsPerDay: 1_500,
      batchSize: 400,
      seed: 11,
      startDate: '2026-12-01',
    });

    expect(again.duplicates).toBe(1_500);
    expect(again.accepted).toBe(0);
    expect(again.allHeld).toBe(true);
    expect(again.closings.map((closing) => closing.status)).toEqual([200, 200, 200, 200]);
  });

  it('books in real time at the asked rate for a duration, then closes', async () => {
    const timed = await simulate({
      url: service.url,
      token: service.token,
      pointsOfSale: 1,
      registers: 2,
      items: 10,
      bookingsPerMinute: 1_200,
      durationMs: 2_000,
      seed: 13,
    });

    expect(timed.mode).toBe('duration');
    expect(timed.bookings).toBe(40);
    expect(timed.closings).toHaveLength(2);
    expect(timed.allHeld).toBe(true);
  });

  it('reports a closing whose expected totals the service does not hold', async () => {
    const open = await simulate({
      url: service.url,
      token: service.token,
      pointsOfSale: 1,
      registers: 1,
      items: 10,
      days: 1,
      bookingsPerDay: 50,
      seed: 12,
      startDate: '2026-12-05',
      closeRegisters: false,
    });
    const [register] = open.open;
    // Another booking the POS forgot to count reaches the service before the closing.
    const extra = await service.pos('POST', '/api/v1/bookings', {
      bookings: [
        {
          id: 'forgotten-1',
          registerId: register!.registerId,
          itemId: 'sim-item-1',
          priceLevelId: 'sim-pl-GAST',
          quantity: '1',
          grossAmount: '9.80',
          vatRate: '7',
          bookedAt: '2026-12-05T18:00:00+01:00',
        },
      ],
    });
    expect(extra.status).toBe(200);

    const client = new PosClient(service.url, service.token);
    const closing = await closeRegister(client, {
      id: 'sim-mismatch',
      registerId: register!.registerId,
      number: 1,
      businessDate: '2026-12-05',
      closedAt: '2026-12-05T20:00:00+01:00',
      expected: { bookings: register!.bookings, grossCents: register!.grossCents },
    });
    await client.close();

    expect(closing.held).toBe(false);
    expect(closing.status).toBe(409);
    expect(closing.message).toMatch(/does not match/);
  });
});

describe('wawi-bridge simulate', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(storeKinds()[0]!);
  });
  afterAll(() => service.close());

  it('prints its report and ends 0 when every closing held', async () => {
    const child = runCli(
      [
        'simulate',
        '--url',
        service.url,
        '--points-of-sale',
        '1',
        '--registers',
        '2',
        '--bookings-per-minute',
        '1',
        '--opening-hours',
        '2',
        '--days',
        '1',
        '--seed',
        '5',
        '--start-date',
        '2026-12-07',
        '--json',
      ],
      { WAWI_POS_TOKEN: service.token },
    );

    const code = await child.exited;
    const output = child.output.join('');
    expect(code, output).toBe(0);
    const printed = JSON.parse(output.slice(output.indexOf('{'))) as SimulationReport;
    expect(printed.bookings).toBe(120);
    expect(printed.closings).toHaveLength(2);
    expect(printed.allHeld).toBe(true);
  });

  it('refuses --duration together with --days, naming both', async () => {
    const child = runCli(['simulate', '--token', 'x', '--duration', '1m', '--days', '1'], {});

    expect(await child.exited).toBe(1);
    expect(child.output.join('')).toMatch(/--duration or --days, not both/);
  });
});
