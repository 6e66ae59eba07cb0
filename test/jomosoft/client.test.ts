import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  JomosoftClient,
  MAX_BOOKINGS_PER_REQUEST,
  type JomosoftClientOptions,
} from '../../src/jomosoft/client.js';
import { NO_FAULTS } from '../../src/sandbox/faults.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { createLogger } from '../../src/shared/logger.js';
import { aClosing, anIdempotencyKey, anItemBooking, sandboxCounters } from './fixtures.js';

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

describe('sending item bookings', () => {
  it('puts amounts, quantities and VAT rates on the wire as decimal strings', async () => {
    const closing = aClosing();
    const bookings = [
      anItemBooking(closing, { quantity: 12_500, grossAmount: 3_500, netAmount: 3_271 }),
      anItemBooking(closing, {
        article: 'A-1047',
        quantity: -3_000,
        grossAmount: -540,
        netAmount: -454,
        vatRate: 1_900,
      }),
    ];

    await aClient().sendBookings(closing, bookings, anIdempotencyKey());

    const booked = sandbox.bookings().filter((booking) => booking.closingId === closing.id);
    expect(booked).toMatchObject([
      { quantity: '12.5', grossAmount: '35.00', netAmount: '32.71', vatRate: '7', currency: 'EUR' },
      { quantity: '-3', grossAmount: '-5.40', netAmount: '-4.54', vatRate: '19', currency: 'EUR' },
    ]);
  });

  it('sends the closing with its item bookings', async () => {
    const closing = aClosing();
    const booking = anItemBooking(closing, { costCentre: 'KST-300', priceGroup: 'PAT' });

    await aClient().sendBookings(closing, [booking], anIdempotencyKey());

    expect(sandbox.bookings().find((entry) => entry.key === booking.key)).toMatchObject({
      closingId: closing.id,
      closingNumber: 118,
      businessDate: '2026-12-03',
      costCentre: 'KST-300',
      priceGroup: 'PAT',
      article: 'A-1001',
    });
  });

  it('answers a key JOMOsoft has already booked as duplicate and books it once', async () => {
    const client = aClient();
    const closing = aClosing();
    const booking = anItemBooking(closing);
    await client.sendBookings(closing, [booking], anIdempotencyKey());

    const again = await client.sendBookings(closing, [booking], anIdempotencyKey());

    expect(again).toMatchObject({ kind: 'answered', results: [{ status: 'duplicate' }] });
    expect(sandbox.bookings().filter((entry) => entry.key === booking.key)).toHaveLength(1);
  });

  it('throws a RangeError for more than 500 item bookings and sends nothing', async () => {
    const closing = aClosing();
    const bookings = Array.from({ length: MAX_BOOKINGS_PER_REQUEST + 1 }, (_, index) =>
      anItemBooking(closing, { key: `${closing.id}/${index}` }),
    );
    const before = sandbox.requests();

    await expect(aClient().sendBookings(closing, bookings, anIdempotencyKey())).rejects.toThrow(
      RangeError,
    );
    expect(sandbox.requests()).toBe(before);
  });

  it('sends exactly 500 item bookings in one request', async () => {
    const closing = aClosing();
    const bookings = Array.from({ length: MAX_BOOKINGS_PER_REQUEST }, (_, index) =>
      anItemBooking(closing, { key: `${closing.id}/${index}` }),
    );

    const outcome = await aClient().sendBookings(closing, bookings, anIdempotencyKey());

    expect(outcome.kind === 'answered' && outcome.results).toHaveLength(500);
  });

  it('throws a RangeError for a key given twice, because the answer could not be matched', async () => {
    const closing = aClosing();
    const booking = anItemBooking(closing);

    await expect(
      aClient().sendBookings(closing, [booking, booking], anIdempotencyKey()),
    ).rejects.toThrow(/key sent twice/);
  });
});

describe('the token', () => {
  it('is fetched once for several sends and a status check', async () => {
    const client = aClient();
    const before = await sandboxCounters(sandbox.portalUrl);

    for (let send = 0; send < 3; send += 1) {
      const closing = aClosing();
      await client.sendBookings(closing, [anItemBooking(closing)], anIdempotencyKey());
    }
    await client.checkStatus();

    const after = await sandboxCounters(sandbox.portalUrl);
    expect(after.tokenRequests - before.tokenRequests).toBe(1);
    expect(after.requests - before.requests).toBe(3);
  });

  it('is fetched once for concurrent sends', async () => {
    const client = aClient();
    const before = await sandboxCounters(sandbox.portalUrl);

    await Promise.all(
      [aClosing(), aClosing(), aClosing()].map((closing) =>
        client.sendBookings(closing, [anItemBooking(closing)], anIdempotencyKey()),
      ),
    );

    const after = await sandboxCounters(sandbox.portalUrl);
    expect(after.tokenRequests - before.tokenRequests).toBe(1);
  });
});

describe('checking the connection', () => {
  it('names the tenant and the API version', async () => {
    const status = await aClient().checkStatus();

    expect(status).toEqual({
      ok: true,
      tenant: { id: 'T-4711', name: 'Klinikum Sonnenberg – Küche' },
      apiVersion: '2.4',
    });
  });

  it('says the credentials are refused when the client secret is wrong', async () => {
    const status = await aClient({}, { ...sandbox.jomosoft, clientSecret: 'wrong' }).checkStatus();

    expect(status).toMatchObject({ ok: false, reason: 'credentials-refused' });
  });

  it('says the credentials are refused when JOMOsoft answers 403', async () => {
    await sandbox.setFaults({ refuseCredentials: true });

    const status = await aClient().checkStatus();

    expect(status).toMatchObject({ ok: false, reason: 'credentials-refused' });
  });

  it('says JOMOsoft is unreachable when it refuses the connection', async () => {
    await sandbox.setFaults({ refuseConnections: true });

    const status = await aClient().checkStatus();

    expect(status).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(!status.ok && status.error).toMatch(/^connection refused by 127\.0\.0\.1:\d+$/);
  });

  it('says it timed out when JOMOsoft answers too slowly', async () => {
    await sandbox.setFaults({ slowMs: 1_000 });

    const status = await aClient({ deadlineMs: 200 }).checkStatus();

    expect(status).toEqual({
      ok: false,
      reason: 'timeout',
      error: expect.stringMatching(/^no complete answer from 127\.0\.0\.1:\d+ within 200 ms$/),
    });
  });

  it('says the answer was unexpected when JOMOsoft answers 503', async () => {
    await sandbox.setFaults({ serverError: true });

    const status = await aClient().checkStatus();

    expect(status).toMatchObject({ ok: false, reason: 'unexpected-answer' });
    expect(!status.ok && status.error).toMatch(/^JOMOsoft answered 503 Service Unavailable/);
  });

  it('says the TLS connection failed when the address speaks no TLS', async () => {
    const apiUrl = sandbox.jomosoft.apiUrl.replace('http:', 'https:');

    const status = await aClient({}, { ...sandbox.jomosoft, apiUrl }).checkStatus();

    expect(status).toMatchObject({ ok: false, reason: 'tls-untrusted' });
  });
});

describe('logging', () => {
  it('never writes the client secret or a token into a log line', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const client = aClient({ logger: createLogger('debug', sink) });
    const first = aClosing();
    await client.sendBookings(first, [anItemBooking(first)], anIdempotencyKey());
    await sandbox.setFaults({ expireTokens: true });

    const closing = aClosing();
    await client.sendBookings(closing, [anItemBooking(closing)], anIdempotencyKey());

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(0);
    expect(log).not.toContain(sandbox.jomosoft.clientSecret);
    expect(log).not.toMatch(/Bearer|access_token/);
  });
});
