import { bareGroupMs, openBare } from '../bare.js';
import {
  bookingAt,
  closingRequest,
  onTheWire,
  prepareDatabase,
  registerId,
  serviceEnv,
  type Prepared,
} from '../fixtures.js';
import { posClient, type BenchClient } from '../http.js';
import { startOutside } from '../outside.js';
import type { Figure } from '../report.js';
import { startServiceProcess } from '../service-process.js';
import { msSince, pollingAtFivePercent, waitUntil } from '../timing.js';
import { count, type FigureContext } from './context.js';

/**
 * Closing to JOMOsoft: the time from POST /api/v1/closings until its transmission is done against
 * the sandbox on loopback, against the bare `SELECT … GROUP BY` over the same bookings in the same
 * store; and the service's peak resident memory, read from /proc after the transmission.
 */

export const MEMORY_GOAL_MB = 250;
export const ONE_MILLION = 1_000_000;

export interface ClosingRun {
  size: number;
  serviceMs: number;
  bareMs: number;
  peakRssMb: number | null;
  itemBookings: number;
}

export async function closingRun(context: FigureContext, size: number): Promise<ClosingRun> {
  const outside = await startOutside();
  const database = await context.stores.create(context.store);
  try {
    const prepared = await prepareDatabase(database.url, { registers: 2, outside });
    await loadBookings(context, database.url, size, registerId(1));

    const closingId = `closing-${size}`;
    const timed = await timeClosing(serviceEnv(database.url, prepared), prepared, closingId, size);

    const bare = await openBare(context.store, database.url);
    try {
      return { size, ...timed, bareMs: await bareGroupMs(bare, closingId) };
    } finally {
      await bare.close();
    }
  } finally {
    await database.drop();
    await outside.close();
  }
}

/** A fresh service, warmed up, closes register 1; its own peak memory is read once done. */
async function timeClosing(
  env: Record<string, string>,
  prepared: Prepared,
  closingId: string,
  size: number,
): Promise<Omit<ClosingRun, 'size' | 'bareMs'>> {
  const service = await startServiceProcess(env);
  const client = posClient(service.url, prepared.token);
  try {
    await warmUp(client);

    const started = performance.now();
    const done = await closeAndWait(client, closingId, registerId(1), size);
    const serviceMs = msSince(started);

    return { serviceMs, peakRssMb: service.peakRssMb(), itemBookings: done.itemBookings };
  } finally {
    await client.close();
    await service.stop();
  }
}

/**
 * A closing of a hundred bookings on the other register first: a service in use has its code
 * compiled hot, its JOMOsoft token and its connections, and the figure is about the bookings.
 */
async function warmUp(client: BenchClient): Promise<void> {
  const register = registerId(2);
  const bookings = Array.from({ length: 100 }, (_, index) =>
    onTheWire(bookingAt('warm-up', index, register)),
  );
  await client.expect(200, 'POST', '/api/v1/bookings', { bookings });
  await closeAndWait(client, 'warm-up', register, bookings.length);
}

/** Closes the register and waits, bounded, until its transmission is done. */
async function closeAndWait(
  client: BenchClient,
  closingId: string,
  register: string,
  size: number,
): Promise<{ itemBookings: number }> {
  const taken = (await client.expect(
    201,
    'POST',
    '/api/v1/closings',
    closingRequest(closingId, register, 1),
  )) as { closing: { bookings: number }; transmission: { id: string } };
  if (taken.closing.bookings !== size) {
    throw new Error(`closing ${closingId} took ${taken.closing.bookings} bookings, not ${size}`);
  }

  const done = await waitUntil(
    `the transmission of closing ${closingId} (${count(size)} bookings) is done`,
    120_000 + size,
    async () => {
      const answer = (await client.expect(
        200,
        'GET',
        `/api/v1/transmissions/${taken.transmission.id}`,
      )) as { status: string; itemBookings: unknown[] };
      return answer.status === 'done' ? answer : null;
    },
    pollingAtFivePercent,
  );
  return { itemBookings: done.itemBookings.length };
}

async function loadBookings(
  context: FigureContext,
  url: string,
  size: number,
  register: string,
): Promise<void> {
  const started = performance.now();
  const bare = await openBare(context.store, url);
  try {
    await bare.load(generate(size, register));
    await bare.analyze();
  } finally {
    await bare.close();
  }
  context.log(`loaded ${count(size)} bookings bare in ${Math.round(msSince(started))} ms`);
}

function* generate(size: number, register: string) {
  for (let index = 0; index < size; index += 1) yield bookingAt('closing', index, register);
}

/** One row per size: the time ratio; its goal applies at one million. */
export function closingFigure(context: FigureContext, run: ClosingRun): Figure {
  const ratio = run.serviceMs / run.bareMs;
  const atGoalSize = run.size >= ONE_MILLION;

  return {
    figure: 'closing',
    store: context.store,
    label: `closing of ${count(run.size)} bookings`,
    service: { value: run.serviceMs, unit: 'ms', what: 'POST /api/v1/closings until done' },
    baseline: { value: run.bareMs, unit: 'ms', what: 'SELECT … GROUP BY' },
    ratio,
    goal: atGoalSize ? '≤ 2 × bare' : '– (≤ 2 × at 1M)',
    met: atGoalSize ? ratio <= 2 : null,
    extra: { 'item bookings': run.itemBookings, 'peak MB': run.peakRssMb },
  };
}

/** The service's peak memory at the largest size; held against 250 MB at one million. */
export function memoryFigure(context: FigureContext, run: ClosingRun): Figure {
  const atGoalSize = run.size >= ONE_MILLION;

  return {
    figure: 'closing',
    store: context.store,
    label: `peak memory, closing of ${count(run.size)}`,
    service: { value: run.peakRssMb ?? Number.NaN, unit: 'MB', what: 'VmHWM of serve' },
    baseline: null,
    ratio: null,
    goal: atGoalSize ? `≤ ${MEMORY_GOAL_MB} MB` : `– (≤ ${MEMORY_GOAL_MB} MB at 1M)`,
    met: run.peakRssMb === null || !atGoalSize ? null : run.peakRssMb <= MEMORY_GOAL_MB,
    extra: {},
  };
}

/**
 * Growth from the smaller to the larger size, as a multiple of the growth in bookings: 1 is
 * exactly linear. "Close to linear" is read as at most 1.5.
 */
export function growthFigure(context: FigureContext, small: ClosingRun, large: ClosingRun): Figure {
  const growth = large.serviceMs / small.serviceMs;
  const sizeGrowth = large.size / small.size;
  const ratio = growth / sizeGrowth;

  return {
    figure: 'closing',
    store: context.store,
    label: `growth ${count(small.size)} → ${count(large.size)}`,
    service: { value: growth, unit: '×', what: 'service time growth' },
    baseline: { value: sizeGrowth, unit: '×', what: 'bookings growth' },
    ratio,
    goal: '≤ 1.5 (near linear)',
    met: ratio <= 1.5,
    extra: { 'bare growth': large.bareMs / small.bareMs },
  };
}

export async function closingFigures(context: FigureContext): Promise<Figure[]> {
  const runs: ClosingRun[] = [];
  const figures: Figure[] = [];
  for (const size of [...context.options.sizes].sort((a, b) => a - b)) {
    context.log(`closing of ${count(size)} bookings`);
    const run = await closingRun(context, size);
    context.log(
      `closing of ${count(size)}: ${Math.round(run.serviceMs)} ms, bare GROUP BY ` +
        `${Math.round(run.bareMs)} ms, peak ${run.peakRssMb} MB`,
    );
    runs.push(run);
    figures.push(closingFigure(context, run));
  }

  const large = runs.at(-1);
  if (large) figures.push(memoryFigure(context, large));
  // The goal speaks of 100,000 → 1,000,000; any pair at least five-fold apart shows the trend.
  const small = runs.filter((run) => large && run.size * 5 <= large.size).at(-1);
  if (small && large) figures.push(growthFigure(context, small, large));

  return figures;
}
