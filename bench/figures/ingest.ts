import { openBare } from '../bare.js';
import { bookingAt, onTheWire, prepareDatabase, registerId, serviceEnv } from '../fixtures.js';
import { posClient } from '../http.js';
import type { Figure } from '../report.js';
import { startServiceProcess } from '../service-process.js';
import { msSince } from '../timing.js';
import { count, perSecond, type FigureContext } from './context.js';

/**
 * Ingest: bookings per second through POST /api/v1/bookings (batches of 1,000, two concurrent
 * clients, loopback HTTP, validation included) against the bare database inserting the same rows
 * (one process, a prepared INSERT, one transaction per 1,000).
 */

const BATCH = 1_000;
const CLIENTS = 2;

export async function ingestFigure(context: FigureContext): Promise<Figure> {
  const total = roundToBatches(context.options.ingestBookings);
  // Each client is a register of its own, as two tills posting at once would be.
  const rows = Array.from({ length: total }, (_, index) =>
    bookingAt('ingest', index, registerId((index % CLIENTS) + 1)),
  );

  // The bare rate is measured before and after the service, and the two averaged: on a shared
  // machine the load drifts within minutes, and the spread shows how much.
  const bareBefore = perSecond(total, await bareInsertMs(context, rows));
  context.log(`bare inserts: ${Math.round(bareBefore)} bookings/s`);
  const service = await serviceIngest(context, rows);
  const serviceRate = perSecond(total, service.ms);
  context.log(`through the API: ${Math.round(serviceRate)} bookings/s`);
  const bareAfter = perSecond(total, await bareInsertMs(context, rows));
  context.log(`bare inserts again: ${Math.round(bareAfter)} bookings/s`);

  const bareRate = (bareBefore + bareAfter) / 2;
  const ratio = serviceRate / bareRate;
  const onSqlite = context.store === 'sqlite';

  return {
    figure: 'ingest',
    store: context.store,
    label: `ingest of ${count(total)} bookings`,
    service: { value: serviceRate, unit: 'bookings/s', what: 'POST /api/v1/bookings' },
    baseline: { value: bareRate, unit: 'bookings/s', what: 'prepared INSERT' },
    ratio,
    goal: onSqlite ? '≥ 0.5 of bare' : '– (SQLite only)',
    met: onSqlite ? ratio >= 0.5 : null,
    extra: {
      'bare spread': Math.abs(bareBefore - bareAfter) / bareRate,
      'peak MB': service.peakRssMb,
    },
  };
}

function roundToBatches(wanted: number): number {
  return Math.max(CLIENTS * BATCH, Math.round(wanted / (CLIENTS * BATCH)) * CLIENTS * BATCH);
}

async function bareInsertMs(
  context: FigureContext,
  rows: ReturnType<typeof bookingAt>[],
): Promise<number> {
  const database = await context.stores.create(context.store);
  try {
    await prepareDatabase(database.url, { registers: CLIENTS, outside: null });
    const bare = await openBare(context.store, database.url);
    try {
      // Warmed up like the service: two batches of other ids before the clock starts.
      const warmUp = Array.from({ length: CLIENTS * BATCH }, (_, index) =>
        bookingAt('warm-up', index, registerId((index % CLIENTS) + 1)),
      );
      await bare.insertPrepared(warmUp, BATCH);

      const started = performance.now();
      await bare.insertPrepared(rows, BATCH);
      return msSince(started);
    } finally {
      await bare.close();
    }
  } finally {
    await database.drop();
  }
}

async function serviceIngest(
  context: FigureContext,
  rows: ReturnType<typeof bookingAt>[],
): Promise<{ ms: number; peakRssMb: number | null }> {
  const database = await context.stores.create(context.store);
  try {
    const prepared = await prepareDatabase(database.url, { registers: CLIENTS, outside: null });
    const service = await startServiceProcess(serviceEnv(database.url, prepared));
    const client = posClient(service.url, prepared.token);
    try {
      // A long-running service has its code compiled hot; two batches of other ids warm it up.
      for (let client_ = 1; client_ <= CLIENTS; client_ += 1) {
        const warmUp = Array.from({ length: BATCH }, (_, index) =>
          onTheWire(bookingAt(`warm-up-${client_}`, index, registerId(client_))),
        );
        await client.expect(200, 'POST', '/api/v1/bookings', { bookings: warmUp });
      }

      // Serialised before the clock starts: the POS's JSON.stringify is not the service's time.
      const bodies = batches(rows).map((batch) =>
        JSON.stringify({ bookings: batch.map(onTheWire) }),
      );
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, (_, lane) => postLane(client, bodies, lane)),
      );
      const ms = msSince(started);

      return { ms, peakRssMb: service.peakRssMb() };
    } finally {
      await client.close();
      await service.stop();
    }
  } finally {
    await database.drop();
  }
}

/** Batches of 1,000 where batch i holds only the rows of client i % 2 (its register). */
function batches(rows: ReturnType<typeof bookingAt>[]): Array<ReturnType<typeof bookingAt>[]> {
  const lanes = Array.from({ length: CLIENTS }, (_, lane) =>
    rows.filter((_, index) => index % CLIENTS === lane),
  );
  const result = [];
  for (let start = 0; start < lanes[0]!.length; start += BATCH) {
    for (const lane of lanes) result.push(lane.slice(start, start + BATCH));
  }
  return result;
}

async function postLane(
  client: ReturnType<typeof posClient>,
  bodies: string[],
  lane: number,
): Promise<void> {
  for (let index = lane; index < bodies.length; index += CLIENTS) {
    const answer = (await client.expect(200, 'POST', '/api/v1/bookings', bodies[index])) as {
      accepted: number;
    };
    if (answer.accepted !== BATCH) {
      throw new Error(`a batch of ${BATCH} was answered ${JSON.stringify(answer)}`);
    }
  }
}
