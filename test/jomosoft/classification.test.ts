import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { JomosoftClient, type JomosoftClientOptions } from '../../src/jomosoft/client.js';
import { NO_FAULTS } from '../../src/sandbox/faults.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { aClosing, anIdempotencyKey, anItemBooking, sandboxCounters } from './fixtures.js';

/** Every row of the design's "Classifying the answer" table, made by the sandbox's faults. */

let sandbox: Sandbox;
const clients: JomosoftClient[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(async () => {
  await sandbox.setFaults(NO_FAULTS);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

function aClient(options: JomosoftClientOptions = {}, connection = sandbox.jomosoft) {
  const client = new JomosoftClient(connection, { deadlineMs: 2_000, ...options });
  clients.push(client);
  return client;
}

describe('no connection', () => {
  it('is transient when JOMOsoft refuses the connection, and names the address', async () => {
    await sandbox.setFaults({ refuseConnections: true });
    const closing = aClosing();

    const outcome = await aClient().sendBookings(
      closing,
      [anItemBooking(closing)],
      anIdempotencyKey(),
    );

    const port = new URL(sandbox.jomosoft.apiUrl).port;
    expect(outcome).toMatchObject({
      kind: 'transient',
      httpStatus: null,
      retryAfterMs: null,
      error: `connection refused by 127.0.0.1:${port}`,
    });
  });

  it('is transient when a kept-alive connection is closed under the client', async () => {
    const client = aClient();
    const closing = aClosing();
    await client.sendBookings(closing, [anItemBooking(closing)], anIdempotencyKey());

    await sandbox.setFaults({ refuseConnections: true });
    const outcome = await client.sendBookings(
      closing,
      [anItemBooking(closing)],
      anIdempotencyKey(),
    );

    expect(outcome.kind).toBe('transient');
  });

  it('goes through again once JOMOsoft listens again on the same port', async () => {
    await sandbox.setFaults({ refuseConnections: true });
    await sandbox.setFaults({ refuseConnections: false });
    const closing = aClosing();

    const outcome = await aClient().sendBookings(
      closing,
      [anItemBooking(closing)],
      anIdempotencyKey(),
    );

    expect(outcome).toMatchObject({ kind: 'answered', results: [{ status: 'booked' }] });
  });

  it('is transient when the host name cannot be resolved', async () => {
    const client = aClient({}, { ...sandbox.jomosoft, tokenUrl: 'http://jomosoft.invalid/token' });
    const closing = aClosing();

    const outcome = await client.sendBookings(
      closing,
      [anItemBooking(closing)],
      anIdempotencyKey(),
    );

    expect(outcome).toMatchObject({ kind: 'transient', httpStatus: null });
    expect(outcome.kind === 'transient' && outcome.error).toMatch(
      /^host name jomosoft\.invalid could not be resolved/,
    );
  });

  it('is transient when the TLS handshake fails', async () => {
    const https = sandbox.jomosoft.tokenUrl.replace('http:', 'https:');
    const client = aClient({}, { ...sandbox.jomosoft, tokenUrl: https });
    const closing = aClosing();

    const outcome = await client.sendBookings(
      closing,
      [anItemBooking(closing)],
      anIdempotencyKey(),
    );

    expect(outcome.kind).toBe('transient');
    expect(outcome.kind === 'transient' && outcome.error).toMatch(
      /^TLS connection to 127\.0\.0\.1:\d+ failed/,
    );
  });
});

describe('timeout', () => {
  it('is transient when the answer takes longer than the deadline', async () => {
    await sandbox.setFaults({ slowMs: 1_500 });
    const closing = aClosing();

    const outcome = await aClient({ deadlineMs: 300 }).sendBookings(
      closing,
      [anItemBooking(closing)],
      anIdempotencyKey(),
    );

    expect(outcome).toMatchObject({ kind: 'transient', httpStatus: null });
    expect(outcome.kind === 'transient' && outcome.error).toMatch(/within 300 ms$/);
    expect(outcome.latencyMs).toBeLessThan(1_500);
  });

  it('books nothing twice when the timed-out request is sent again with the same idempotency key', async () => {
    const client = aClient({ deadlineMs: 300 });
    const closing = aClosing();
    const bookings = [anItemBooking(closing)];
    const idempotencyKey = anIdempotencyKey();
    await sandbox.setFaults({ slowMs: 1_000 });
    await client.sendBookings(closing, bookings, idempotencyKey);

    await sandbox.setFaults({ slowMs: 0 });
    const outcome = await client.sendBookings(closing, bookings, idempotencyKey);

    expect(outcome).toMatchObject({ kind: 'answered', results: [{ status: 'booked' }] });
    expect(sandbox.bookings().filter((booking) => booking.closingId === closing.id)).toHaveLength(
      1,
    );
  });
});

describe('JOMOsoft in trouble', () => {
  it('is transient on 503 and says so in the status line', async () => {
    await sandbox.setFaults({ serverError: true });
    const closing = aClosing();

    const outcome = await aClient().sendBookings(
      closing,
      [anItemBooking(closing)],
      anIdempotencyKey(),
    );

    expect(outcome).toMatchObject({ kind: 'transient', httpStatus: 503, retryAfterMs: null });
    expect(outcome.kind === 'transient' && outcome.error).toMatch(
      /^JOMOsoft answered 503 Service Unavailable/,
    );
  });

  it('is transient on 429 and honours Retry-After', async () => {
    await sandbox.setFaults({ rateLimitSeconds: 30 });
    const closing = aClosing();

    const outcome = await aClient().sendBookings(
      closing,
      [anItemBooking(closing)],
      anIdempotencyKey(),
    );

    expect(outcome).toMatchObject({ kind: 'transient', httpStatus: 429, retryAfterMs: 30_000 });
    expect(outcome.kind === 'transient' && outcome.error).toMatch(
      /^JOMOsoft answered 429 Too Many Requests.*\(retry after 30 s\)$/,
    );
  });
});

describe('tokens and credentials', () => {
  it('fetches a fresh token once on a 401 and repeats the request', async () => {
    const client = aClient();
    const first = aClosing();
    await client.sendBookings(first, [anItemBooking(first)], anIdempotencyKey());
    await sandbox.setFaults({ expireTokens: true });
    const before = await sandboxCounters(sandbox.portalUrl);

    const closing = aClosing();
    const outcome = await client.sendBookings(
      closing,
      [anItemBooking(closing)],
      anIdempotencyKey(),
    );

    const after = await sandboxCounters(sandbox.portalUrl);
    expect(outcome).toMatchObject({ kind: 'answered', results: [{ status: 'booked' }] });
    expect(after.tokenRequests - before.tokenRequests).toBe(1);
    expect(after.requests - before.requests).toBe(2);
  });

  it('is credentials-refused when a freshly issued token is answered 401 too', async () => {
    await sandbox.setFaults({ rejectTokens: true });
    const before = await sandboxCounters(sandbox.portalUrl);
    const closing = aClosing();

    const outcome = await aClient().sendBookings(
      closing,
      [anItemBooking(closing)],
      anIdempotencyKey(),
    );

    const after = await sandboxCounters(sandbox.portalUrl);
    expect(outcome).toMatchObject({ kind: 'credentials-refused', httpStatus: 401 });
    expect(outcome.kind === 'credentials-refused' && outcome.error).toBe(
      'JOMOsoft refused a freshly issued token (401 Unauthorized)',
    );
    expect(after.requests - before.requests).toBe(2);
    expect(after.tokenRequests - before.tokenRequests).toBe(2);
  });

  it('is credentials-refused on 403, with JOMOsoft’s reason', async () => {
    await sandbox.setFaults({ refuseCredentials: true });
    const closing = aClosing();

    const outcome = await aClient().sendBookings(
      closing,
      [anItemBooking(closing)],
      anIdempotencyKey(),
    );

    expect(outcome).toMatchObject({ kind: 'credentials-refused', httpStatus: 403 });
    expect(outcome.kind === 'credentials-refused' && outcome.error).toBe(
      'JOMOsoft answered 403 Forbidden: Mandant T-4711 ist für diese Schnittstelle nicht freigeschaltet',
    );
  });

  it('is credentials-refused when the token endpoint answers invalid_client, and never shows the secret', async () => {
    const secret = 'a-wrong-secret-4f9c';
    const client = aClient({}, { ...sandbox.jomosoft, clientSecret: secret });
    const closing = aClosing();

    const outcome = await client.sendBookings(
      closing,
      [anItemBooking(closing)],
      anIdempotencyKey(),
    );

    expect(outcome).toMatchObject({ kind: 'credentials-refused', httpStatus: 401 });
    expect(outcome.kind === 'credentials-refused' && outcome.error).toBe(
      'JOMOsoft token endpoint refused the client credentials (401 Unauthorized: invalid_client)',
    );
    expect(JSON.stringify(outcome)).not.toContain(secret);
  });
});

describe('a request refused as a whole', () => {
  it('rejects the item bookings named in the details with their text, and fails the others', async () => {
    await sandbox.setFaults({ unprocessable: 'with-details' });
    const closing = aClosing();
    const cafeteria = anItemBooking(closing, { costCentre: 'KST-100' });
    const kiosk = anItemBooking(closing, { costCentre: 'KST-200' });

    const outcome = await aClient().sendBookings(closing, [cafeteria, kiosk], anIdempotencyKey());

    expect(outcome).toEqual({
      kind: 'answered',
      httpStatus: 422,
      latencyMs: expect.any(Number),
      results: [
        {
          key: cafeteria.key,
          status: 'rejected',
          message:
            'Buchungszeitraum für Kostenstelle KST-100 ist für den 2026-12-03 bereits abgeschlossen',
        },
        { key: kiosk.key, status: 'failed', message: null },
      ],
    });
    expect(sandbox.bookings().filter((booking) => booking.closingId === closing.id)).toEqual([]);
  });

  it('fails every item booking when there are no details', async () => {
    await sandbox.setFaults({ unprocessable: 'without-details' });
    const closing = aClosing();
    const bookings = [anItemBooking(closing), anItemBooking(closing, { priceGroup: 'GAST' })];

    const outcome = await aClient().sendBookings(closing, bookings, anIdempotencyKey());

    expect(outcome).toMatchObject({
      kind: 'answered',
      httpStatus: 422,
      results: bookings.map((booking) => ({ key: booking.key, status: 'failed', message: null })),
    });
  });
});

describe('a 200 answer', () => {
  it('gives one result per item booking in the order sent', async () => {
    const closing = aClosing();
    const bookings = [
      anItemBooking(closing, { article: 'A-1047', vatRate: 1_900 }),
      anItemBooking(closing, { article: 'A-9999' }),
      anItemBooking(closing, { article: 'A-1002' }),
    ];

    const outcome = await aClient().sendBookings(closing, bookings, anIdempotencyKey());

    expect(outcome).toMatchObject({
      kind: 'answered',
      httpStatus: 200,
      results: [
        { key: bookings[0]!.key, status: 'booked', message: null },
        { key: bookings[1]!.key, status: 'rejected', message: 'Artikel A-9999 ist nicht angelegt' },
        { key: bookings[2]!.key, status: 'booked', message: null },
      ],
    });
  });

  it('fails the item bookings it has no result for', async () => {
    await sandbox.setFaults({ incompleteAnswer: true });
    const closing = aClosing();
    const bookings = [anItemBooking(closing), anItemBooking(closing, { article: 'A-1002' })];

    const outcome = await aClient().sendBookings(closing, bookings, anIdempotencyKey());

    expect(outcome).toMatchObject({
      kind: 'answered',
      httpStatus: 200,
      results: [
        { key: bookings[0]!.key, status: 'booked', message: null },
        { key: bookings[1]!.key, status: 'failed', message: null },
      ],
    });
  });

  it('is transient when its body cannot be read, and the resend with the same idempotency key gets the stored answer', async () => {
    const client = aClient();
    const closing = aClosing();
    const bookings = [anItemBooking(closing)];
    const idempotencyKey = anIdempotencyKey();
    await sandbox.setFaults({ garbledAnswer: true });

    const garbled = await client.sendBookings(closing, bookings, idempotencyKey);
    await sandbox.setFaults({ garbledAnswer: false });
    const resent = await client.sendBookings(closing, bookings, idempotencyKey);

    expect(garbled).toMatchObject({ kind: 'transient', httpStatus: 200, retryAfterMs: null });
    expect(garbled.kind === 'transient' && garbled.error).toBe(
      'JOMOsoft answered 200 OK with an answer that cannot be read',
    );
    expect(resent).toMatchObject({ kind: 'answered', results: [{ status: 'booked' }] });
    expect(sandbox.bookings().filter((booking) => booking.closingId === closing.id)).toHaveLength(
      1,
    );
  });
});
