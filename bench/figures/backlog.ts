import type { Sandbox, SandboxBooking } from '../../src/sandbox/index.js';
import {
  bookingAt,
  closingRequest,
  onTheWire,
  prepareDatabase,
  registerId,
  serviceEnv,
} from '../fixtures.js';
import { posClient, type BenchClient } from '../http.js';
import { startOutside } from '../outside.js';
import type { Figure } from '../report.js';
import { startServiceProcess } from '../service-process.js';
import { msSince, waitUntil } from '../timing.js';
import { count, type FigureContext } from './context.js';

/**
 * Backlog drain: closings made while JOMOsoft refuses connections, then the time from its return
 * until every transmission is done, and whether JOMOsoft received them in the order they were
 * made. The baseline is the time the sandbox alone takes to answer the same requests.
 */

const REGISTERS = 10;
const BOOKINGS_PER_CLOSING = 10;
const RETRY_INTERVAL = '1s';
const GOAL_MS = 60_000;

export async function backlogFigure(context: FigureContext): Promise<Figure> {
  const closings = context.options.backlogClosings;
  const outside = await startOutside();
  const { sandbox } = outside;
  const database = await context.stores.create(context.store);
  try {
    const prepared = await prepareDatabase(database.url, { registers: REGISTERS, outside });
    await sandbox.setFaults({ refuseConnections: true });
    const service = await startServiceProcess(
      serviceEnv(database.url, prepared, { WAWI_RETRY_INTERVAL: RETRY_INTERVAL }),
    );
    const client = posClient(service.url, prepared.token);
    try {
      const made = await makeClosings(client, closings);
      context.log(`${count(closings)} closings made while JOMOsoft refuses connections`);
      await untilTried(client, made[0]!.transmissionId);

      await sandbox.setFaults({ refuseConnections: false });
      const drainMs = await untilDrained(client);
      context.log(`drained in ${Math.round(drainMs)} ms`);

      const fifo = inOrder(
        sandbox,
        made.map((closing) => closing.id),
      );
      const bareMs = await sandboxAloneMs(sandbox);

      return {
        figure: 'backlog',
        store: context.store,
        label: `backlog of ${count(closings)} closings`,
        service: { value: drainMs, unit: 'ms', what: 'return of JOMOsoft until all done' },
        baseline: { value: bareMs, unit: 'ms', what: 'the same requests, sandbox alone' },
        ratio: drainMs / bareMs,
        goal: '< 60 s, FIFO',
        met: drainMs < GOAL_MS && fifo.kept,
        extra: {
          FIFO: fifo.kept,
          'closings in ledger': fifo.seen,
          'retry interval': RETRY_INTERVAL,
          'peak MB': service.peakRssMb(),
        },
      };
    } finally {
      await client.close();
      await service.stop();
    }
  } finally {
    await database.drop();
    await outside.close();
  }
}

/** The head of the queue has met the refusal at least once, so it waits for its next attempt. */
async function untilTried(client: BenchClient, transmissionId: string): Promise<void> {
  await waitUntil('the first transmission has tried and is retrying', 60_000, async () => {
    const path = `/api/v1/transmissions/${transmissionId}`;
    const first = (await client.expect(200, 'GET', path)) as { attempts: number };
    return first.attempts > 0 ? true : null;
  });
}

/** Milliseconds until no transmission waits, by the health endpoint's count. */
async function untilDrained(client: BenchClient): Promise<number> {
  const started = performance.now();
  await waitUntil(
    'the backlog is drained',
    600_000,
    async () => {
      const health = (await client.expect(200, 'GET', '/api/v1/health')) as {
        transmissions: { waiting: number };
      };
      return health.transmissions.waiting === 0 ? true : null;
    },
    // Each health check costs the service a few queries; a fifth of a second is fine enough for
    // a figure measured in seconds and keeps the bench from slowing what it measures.
    200,
  );

  return msSince(started);
}

async function makeClosings(
  client: BenchClient,
  closings: number,
): Promise<Array<{ id: string; transmissionId: string }>> {
  const made = [];
  for (let number = 1; number <= closings; number += 1) {
    const register = registerId(((number - 1) % REGISTERS) + 1);
    const bookings = Array.from({ length: BOOKINGS_PER_CLOSING }, (_, index) =>
      onTheWire(bookingAt(`backlog-${number}`, number * BOOKINGS_PER_CLOSING + index, register)),
    );
    await client.expect(200, 'POST', '/api/v1/bookings', { bookings });

    const id = `backlog-${number}`;
    const taken = (await client.expect(
      201,
      'POST',
      '/api/v1/closings',
      closingRequest(id, register, number),
    )) as {
      transmission: { id: string; status: string };
    };
    if (taken.transmission.status !== 'waiting') {
      throw new Error(`closing ${id} was recorded ${taken.transmission.status}, not waiting`);
    }
    made.push({ id, transmissionId: taken.transmission.id });
  }

  return made;
}

/** FIFO: the closings appear in the sandbox's ledger in the order they were made, each once. */
function inOrder(sandbox: Sandbox, made: string[]): { kept: boolean; seen: number } {
  const order: string[] = [];
  for (const booking of sandbox.bookings()) {
    if (order.at(-1) !== booking.closingId) order.push(booking.closingId);
  }
  const position = new Map(made.map((id, index) => [id, index]));
  const ascending = order.every(
    (id, index) => index === 0 || position.get(id)! > position.get(order[index - 1]!)!,
  );

  return { kept: ascending && new Set(order).size === order.length, seen: order.length };
}

/**
 * The baseline: JOMOsoft alone. The same item bookings, request by request, posted straight to
 * the sandbox on one keep-alive connection under fresh keys (so it books them again rather than
 * replaying), with no service in between.
 */
async function sandboxAloneMs(sandbox: Sandbox): Promise<number> {
  const requests = new Map<string, SandboxBooking[]>();
  for (const booking of sandbox.bookings()) {
    const request = requests.get(booking.idempotencyKey) ?? [];
    request.push(booking);
    requests.set(booking.idempotencyKey, request);
  }

  const jomosoft = posClient(sandbox.jomosoft.apiUrl, await fetchToken(sandbox));
  try {
    const started = performance.now();
    for (const [idempotencyKey, bookings] of requests) {
      await jomosoft.expect(
        200,
        'POST',
        '/v1/sales-bookings',
        {
          closing: {
            id: bookings[0]!.closingId,
            number: bookings[0]!.closingNumber,
            businessDate: bookings[0]!.businessDate,
            closedAt: '2026-12-03T22:04:11+01:00',
          },
          bookings: bookings.map((booking) => ({
            key: `${booking.key}-bare`,
            costCentre: booking.costCentre,
            priceGroup: booking.priceGroup,
            article: booking.article,
            quantity: booking.quantity,
            grossAmount: booking.grossAmount,
            netAmount: booking.netAmount,
            vatRate: booking.vatRate,
            currency: booking.currency,
          })),
        },
        { 'idempotency-key': `${idempotencyKey}-bare` },
      );
    }
    return msSince(started);
  } finally {
    await jomosoft.close();
  }
}

async function fetchToken(sandbox: Sandbox): Promise<string> {
  const answer = await fetch(sandbox.jomosoft.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sandbox.jomosoft.clientId,
      client_secret: sandbox.jomosoft.clientSecret,
    }).toString(),
  });
  const body = (await answer.json()) as { access_token: string };
  return body.access_token;
}
