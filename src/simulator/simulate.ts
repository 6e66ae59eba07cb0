import { setTimeout as sleep } from 'node:timers/promises';

import { BUILT_IN_CATALOGUE } from '../sandbox/catalogue.js';
import { formatAmount, parseAmount } from '../shared/decimal.js';
import { BookingGenerator, type SimulatedBooking } from './bookings.js';
import { addDays, localDate, posTime } from './calendar.js';
import {
  catalogueMasterData,
  masterDataBodies,
  type MasterDataPlan,
  type SimulatedRegister,
} from './master-data.js';
import { PosApiError, PosClient } from './pos-client.js';
import { Random } from './random.js';

/**
 * The POS simulator: plays the cash registers of a catering business against any running
 * service, through the POS API only. It upserts master data, posts bookings in batches and closes
 * each register per business day with the totals it expects, then reports what it sent and
 * whether the service's closings agreed to the cent.
 */
export interface SimulationOptions {
  url: string;
  token: string;
  /** Points of sale and registers per point of sale of the default plan (3 and 2). */
  pointsOfSale?: number;
  registers?: number;
  /** Items of the default plan, taken from the sandbox catalogue (60). */
  items?: number;
  /** The master data to book against; default: made from the sandbox catalogue. */
  plan?: MasterDataPlan;
  /** Upsert the plan's master data first (default true). */
  upsertMasterData?: boolean;
  bookingsPerMinute?: number;
  /** Real-time mode: book at `bookingsPerMinute` for this long, then close. */
  durationMs?: number;
  /** Business days (the default: one), each day's bookings as fast as the service takes them. */
  days?: number;
  /** Opening hours of a business day in minutes, from 07:00 (default 720). */
  openingMinutes?: number;
  /** Bookings per business day; default `bookingsPerMinute × openingMinutes`. */
  bookingsPerDay?: number;
  /** The share of returns in a million bookings (default 50,000: 5 %). */
  returnsPerMillion?: number;
  seed?: number;
  /** The first business date in days mode (default today). */
  startDate?: string;
  /** Closing numbers count up from here per register and day (default: the date as yyyymmdd). */
  firstClosingNumber?: number;
  /** UTC offset the POS stamps its times with (default +01:00). */
  utcOffset?: string;
  /** Bookings per request (default 1,000; the API takes up to 10,000). */
  batchSize?: number;
  /** Booking requests in flight at once (default 2). */
  concurrency?: number;
  /** Closes every register at the end of each business day (default true). */
  closeRegisters?: boolean;
  /** Prefix of every id the simulator makes (default "sim"). */
  prefix?: string;
  onProgress?: (event: SimulationEvent) => void;
  /** Ends a real-time run early; the registers are still closed. */
  signal?: AbortSignal;
}

export type SimulationEvent =
  | { kind: 'master-data'; counts: Record<keyof MasterDataPlan, number> }
  | { kind: 'day'; businessDate: string; bookings: number }
  | { kind: 'bookings'; businessDate: string; sent: number; total: number | null }
  | { kind: 'closing'; closing: ClosingReport };

export interface ClosingReport {
  id: string;
  registerId: string;
  number: number;
  businessDate: string;
  expected: { bookings: number; grossCents: number };
  /** What the service took, or null when it refused the closing. */
  taken: { bookings: number; grossCents: number } | null;
  transmission: { id: string; status: string } | null;
  /** The service took exactly the expected bookings and total. */
  held: boolean;
  status: number;
  message: string | null;
}

export interface OpenRegister {
  registerId: string;
  bookings: number;
  grossCents: number;
}

export interface SimulationReport {
  mode: 'days' | 'duration';
  businessDates: string[];
  bookings: number;
  sales: number;
  returns: number;
  grossCents: number;
  accepted: number;
  duplicates: number;
  batches: number;
  closings: ClosingReport[];
  closingsHeld: number;
  allHeld: boolean;
  /** Registers left open (with `closeRegisters: false`) and what they hold. */
  open: OpenRegister[];
  elapsedMs: number;
}

interface Settings {
  plan: MasterDataPlan;
  bookingsPerMinute: number;
  openingMinutes: number;
  returnsPerMillion: number;
  seed: number;
  utcOffset: string;
  batchSize: number;
  prefix: string;
}

const OPENING_SECOND = 7 * 3600;

export async function simulate(options: SimulationOptions): Promise<SimulationReport> {
  const settings = settingsOf(options);
  const client = new PosClient(options.url, options.token, (options.concurrency ?? 2) + 1);
  const run = new Simulation(client, settings, options);

  try {
    if (options.upsertMasterData ?? true) await run.upsertMasterData();
    if (options.durationMs !== undefined) await run.realTime(options.durationMs);
    else await run.businessDays(options.days ?? 1);
    return run.report();
  } finally {
    await client.close();
  }
}

function settingsOf(options: SimulationOptions): Settings {
  const plan =
    options.plan ??
    catalogueMasterData(BUILT_IN_CATALOGUE, {
      pointsOfSale: options.pointsOfSale ?? 3,
      registers: options.registers ?? 2,
      items: options.items ?? 60,
    });
  if (plan.registers.length === 0) throw new RangeError('the simulation needs a register');

  return {
    plan,
    bookingsPerMinute: options.bookingsPerMinute ?? 20,
    openingMinutes: options.openingMinutes ?? 720,
    returnsPerMillion: options.returnsPerMillion ?? 50_000,
    seed: options.seed ?? 1,
    utcOffset: options.utcOffset ?? '+01:00',
    batchSize: Math.min(options.batchSize ?? 1_000, 10_000),
    prefix: options.prefix ?? 'sim',
  };
}

class Simulation {
  private readonly generator: BookingGenerator;
  private readonly sender: BatchSender;
  private readonly open = new Map<string, { bookings: number; grossCents: number }>();
  private readonly closings: ClosingReport[] = [];
  private readonly businessDates: string[] = [];
  private readonly started = performance.now();
  private mode: SimulationReport['mode'] = 'days';
  private sales = 0;
  private returns = 0;
  private grossCents = 0;

  constructor(
    private readonly client: PosClient,
    private readonly settings: Settings,
    private readonly options: SimulationOptions,
  ) {
    const random = new Random(settings.seed);
    this.generator = new BookingGenerator(settings.plan, random, settings.returnsPerMillion);
    this.sender = new BatchSender(client, options.concurrency ?? 2);
  }

  async upsertMasterData(): Promise<void> {
    const bodies = masterDataBodies(this.settings.plan);
    await this.putAll('/api/v1/price-levels', 'priceLevels', bodies.priceLevels);
    await this.putAll('/api/v1/points-of-sale', 'pointsOfSale', bodies.pointsOfSale);
    await this.putAll('/api/v1/registers', 'registers', bodies.registers);
    await this.putAll('/api/v1/items', 'items', bodies.items);

    const { plan } = this.settings;
    this.emit({
      kind: 'master-data',
      counts: {
        priceLevels: plan.priceLevels.length,
        pointsOfSale: plan.pointsOfSale.length,
        registers: plan.registers.length,
        items: plan.items.length,
      },
    });
  }

  /** Each day's bookings spread over the opening hours, sent as fast as the service takes them. */
  async businessDays(days: number): Promise<void> {
    const { seed, prefix, openingMinutes, utcOffset } = this.settings;
    const firstDate = this.options.startDate ?? localDate(new Date());
    const perDay = this.options.bookingsPerDay ?? this.settings.bookingsPerMinute * openingMinutes;
    const openSeconds = openingMinutes * 60;

    for (let day = 0; day < days; day += 1) {
      const date = addDays(firstDate, day);
      this.businessDates.push(date);
      this.emit({ kind: 'day', businessDate: date, bookings: perDay });

      let batch: SimulatedBooking[] = [];
      for (let index = 0; index < perDay; index += 1) {
        const second = OPENING_SECOND + Math.floor((index * openSeconds) / Math.max(perDay, 1));
        const id = `${prefix}-s${seed}-${date}-${index + 1}`;
        batch.push(this.book(id, posTime(date, second, utcOffset)));
        if (batch.length >= this.settings.batchSize) {
          await this.sendBatch(batch, date, index + 1, perDay);
          batch = [];
        }
      }
      await this.sendBatch(batch, date, perDay, perDay);
      await this.sender.drain();

      if (this.options.closeRegisters ?? true) {
        const closeSecond = OPENING_SECOND + openSeconds + 15 * 60;
        await this.closeAll(date, this.closingNumber(date, day), (index) =>
          posTime(date, Math.min(closeSecond + index * 60, 86_399), utcOffset),
        );
      }
    }
  }

  /** Bookings at `bookingsPerMinute` in real time, sent every few seconds, then the closings. */
  async realTime(durationMs: number): Promise<void> {
    this.mode = 'duration';
    const { seed, prefix, bookingsPerMinute, batchSize } = this.settings;
    const startedAt = Date.now();
    const endAt = startedAt + durationMs;
    const date = localDate(new Date(startedAt));
    const run = `${prefix}-s${seed}-t${Math.floor(startedAt / 1000)}`;
    this.businessDates.push(date);
    this.emit({ kind: 'day', businessDate: date, bookings: 0 });

    let made = 0;
    let batch: SimulatedBooking[] = [];
    let lastFlush = startedAt;
    for (;;) {
      const now = Date.now();
      const due = Math.floor(((Math.min(now, endAt) - startedAt) * bookingsPerMinute) / 60_000);
      for (; made < due; made += 1) {
        batch.push(this.book(`${run}-${made + 1}`, new Date(now).toISOString()));
        if (batch.length >= batchSize) batch = await this.flush(batch, date, made + 1);
      }
      if (batch.length > 0 && now - lastFlush >= 2_000) {
        batch = await this.flush(batch, date, made);
        lastFlush = now;
      }
      if (now >= endAt || this.options.signal?.aborted) break;
      await sleep(Math.min(250, endAt - now));
    }
    await this.flush(batch, date, made);
    await this.sender.drain();

    if (this.options.closeRegisters ?? true) {
      const closedAt = new Date().toISOString();
      const number = this.options.firstClosingNumber ?? Number(date.replaceAll('-', ''));
      await this.closeAll(date, number, () => closedAt, run);
    }
  }

  report(): SimulationReport {
    const held = this.closings.filter((closing) => closing.held).length;
    const open = [...this.open.entries()]
      .filter(([, totals]) => totals.bookings > 0)
      .map(([registerId, totals]) => ({ registerId, ...totals }));

    return {
      mode: this.mode,
      businessDates: this.businessDates,
      bookings: this.sales + this.returns,
      sales: this.sales,
      returns: this.returns,
      grossCents: this.grossCents,
      accepted: this.sender.accepted,
      duplicates: this.sender.duplicates,
      batches: this.sender.batches,
      closings: this.closings,
      closingsHeld: held,
      allHeld: held === this.closings.length,
      open,
      elapsedMs: Math.round(performance.now() - this.started),
    };
  }

  private book(id: string, bookedAt: string): SimulatedBooking {
    const booking = this.generator.next(id, bookedAt);
    const totals = this.open.get(booking.wire.registerId) ?? { bookings: 0, grossCents: 0 };
    totals.bookings += 1;
    totals.grossCents += booking.grossCents;
    this.open.set(booking.wire.registerId, totals);

    if (booking.isReturn) this.returns += 1;
    else this.sales += 1;
    this.grossCents += booking.grossCents;
    return booking;
  }

  private async sendBatch(
    batch: SimulatedBooking[],
    date: string,
    sent: number,
    total: number | null,
  ): Promise<void> {
    if (batch.length === 0) return;
    await this.sender.send(batch.map((booking) => booking.wire));
    this.emit({ kind: 'bookings', businessDate: date, sent, total });
  }

  private async flush(batch: SimulatedBooking[], date: string, sent: number) {
    await this.sendBatch(batch, date, sent, null);
    return [];
  }

  private async closeAll(
    date: string,
    number: number,
    closedAt: (index: number) => string,
    idPrefix = `${this.settings.prefix}-s${this.settings.seed}-${date}`,
  ): Promise<void> {
    const registers = this.settings.plan.registers;
    for (const [index, register] of registers.entries()) {
      const closing = await this.close(register, {
        id: `${idPrefix}-${register.id}`.slice(0, 64),
        number,
        businessDate: date,
        closedAt: closedAt(index),
      });
      this.closings.push(closing);
      this.emit({ kind: 'closing', closing });
    }
  }

  private async close(
    register: SimulatedRegister,
    closing: { id: string; number: number; businessDate: string; closedAt: string },
  ): Promise<ClosingReport> {
    const expected = this.open.get(register.id) ?? { bookings: 0, grossCents: 0 };
    this.open.delete(register.id);

    return closeRegister(this.client, { ...closing, registerId: register.id, expected });
  }

  private closingNumber(date: string, day: number): number {
    const first = this.options.firstClosingNumber;
    return first === undefined ? Number(date.replaceAll('-', '')) : first + day;
  }

  private async putAll(path: string, field: string, records: unknown[]): Promise<void> {
    for (let start = 0; start < records.length; start += 10_000) {
      await this.client.expectOk('PUT', path, { [field]: records.slice(start, start + 10_000) });
    }
  }

  private emit(event: SimulationEvent): void {
    this.options.onProgress?.(event);
  }
}

/**
 * Closes one register with the totals the POS expects. A 409 is the service saying it holds
 * something else: reported as not held, not thrown, so the run goes on and tells.
 */
export async function closeRegister(
  client: PosClient,
  closing: {
    id: string;
    registerId: string;
    number: number;
    businessDate: string;
    closedAt: string;
    expected: { bookings: number; grossCents: number };
  },
): Promise<ClosingReport> {
  const { expected, ...header } = closing;
  const answer = await client.call('POST', '/api/v1/closings', {
    ...header,
    expected: { bookings: expected.bookings, grossAmount: formatAmount(expected.grossCents) },
  });
  const report = { ...header, expected: { ...expected } };

  if (answer.status === 409) {
    const message = String(answer.body?.message ?? 'the service holds other totals');
    return { ...report, taken: null, transmission: null, held: false, status: 409, message };
  }
  if (answer.status !== 200 && answer.status !== 201) {
    const message = answer.body?.message ?? JSON.stringify(answer.body);
    throw new PosApiError(
      `closing ${closing.id} answered ${answer.status}: ${message}`,
      answer.status,
    );
  }

  const gross = parseAmount(answer.body.closing.grossAmount);
  const taken = {
    bookings: Number(answer.body.closing.bookings),
    grossCents: gross.ok ? gross.value : Number.NaN,
  };
  return {
    ...report,
    taken,
    transmission: answer.body.transmission,
    held: taken.bookings === expected.bookings && taken.grossCents === expected.grossCents,
    status: answer.status,
    message: null,
  };
}

/**
 * Keeps up to `concurrency` booking requests in flight. A failed request stops the run at the
 * next send or drain, with its error, rather than as an unhandled rejection.
 */
class BatchSender {
  accepted = 0;
  duplicates = 0;
  batches = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown = null;

  constructor(
    private readonly client: PosClient,
    private readonly concurrency: number,
  ) {}

  async send(bookings: SimulatedBooking['wire'][]): Promise<void> {
    while (this.inFlight.size >= Math.max(1, this.concurrency)) await Promise.race(this.inFlight);
    this.throwIfFailed();

    const request = this.post(bookings)
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.inFlight.delete(request));
    this.inFlight.add(request);
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    this.throwIfFailed();
  }

  private async post(bookings: SimulatedBooking['wire'][]): Promise<void> {
    const answer = await this.client.expectOk('POST', '/api/v1/bookings', { bookings });
    this.accepted += Number(answer.accepted);
    this.duplicates += Number(answer.duplicates);
    this.batches += 1;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
