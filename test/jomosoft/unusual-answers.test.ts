import type { ServerResponse } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

import { JomosoftClient } from '../../src/jomosoft/client.js';
import {
  aClosing,
  anIdempotencyKey,
  anItemBooking,
  json,
  startAnsweringServer,
  type AnsweringServer,
} from './fixtures.js';

/** Answers the sandbox never gives, from a plain loopback server: the client must still classify. */

const servers: AnsweringServer[] = [];
const clients: JomosoftClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function clientAnswering(
  answer: (response: ServerResponse) => void,
  token?: (response: ServerResponse) => void,
): Promise<JomosoftClient> {
  const server = await startAnsweringServer((_request, response) => answer(response), token);
  servers.push(server);

  const client = new JomosoftClient(server.connection, { deadlineMs: 2_000 });
  clients.push(client);
  return client;
}

async function sendTwo(client: JomosoftClient) {
  const closing = aClosing();
  const bookings = [anItemBooking(closing), anItemBooking(closing, { article: 'A-1002' })];
  const outcome = await client.sendBookings(closing, bookings, anIdempotencyKey());

  return { outcome, keys: bookings.map((booking) => booking.key) };
}

describe('answers the sandbox does not give', () => {
  it('is transient on 408 Request Timeout', async () => {
    const client = await clientAnswering((response) => json(response, 408, {}));

    const { outcome } = await sendTwo(client);

    expect(outcome).toMatchObject({
      kind: 'transient',
      httpStatus: 408,
      error: 'JOMOsoft answered 408 Request Timeout',
    });
  });

  it('is transient on a redirect, which never reached a booking', async () => {
    const client = await clientAnswering((response) => {
      response.writeHead(301, { location: 'https://elsewhere.example/' }).end();
    });

    const { outcome } = await sendTwo(client);

    expect(outcome).toMatchObject({ kind: 'transient', httpStatus: 301 });
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const later = new Date(Date.now() + 120_000).toUTCString();
    const client = await clientAnswering((response) => {
      response.writeHead(503, { 'retry-after': later }).end();
    });

    const { outcome } = await sendTwo(client);

    expect(outcome.kind === 'transient' && outcome.retryAfterMs).toBeGreaterThan(100_000);
  });

  it('fails every item booking on another 4xx without details', async () => {
    const client = await clientAnswering((response) => json(response, 404, { error: 'Not Found' }));

    const { outcome, keys } = await sendTwo(client);

    expect(outcome).toMatchObject({
      kind: 'answered',
      httpStatus: 404,
      results: keys.map((key) => ({ key, status: 'failed', message: null })),
    });
  });

  it('rejects with the texts of a 400 with details, joining two texts for one key', async () => {
    let keys: string[] = [];
    const client = await clientAnswering((response) =>
      json(response, 400, {
        error: 'Ungültig',
        details: [
          { key: keys[1], message: 'Menge zu groß' },
          { key: keys[1], message: 'Betrag zu groß' },
          { key: 'not-sent', message: 'ignoriert' },
        ],
      }),
    );
    const closing = aClosing();
    const bookings = [anItemBooking(closing), anItemBooking(closing, { article: 'A-1002' })];
    keys = bookings.map((booking) => booking.key);

    const outcome = await client.sendBookings(closing, bookings, anIdempotencyKey());

    expect(outcome).toMatchObject({
      kind: 'answered',
      httpStatus: 400,
      results: [
        { key: keys[0], status: 'failed', message: null },
        { key: keys[1], status: 'rejected', message: 'Menge zu groß; Betrag zu groß' },
      ],
    });
  });

  it('fails a result with a status it does not know, and keeps a rejection without text', async () => {
    let keys: string[] = [];
    const client = await clientAnswering((response) =>
      json(response, 200, {
        results: [
          { key: keys[0], status: 'queued' },
          { key: keys[1], status: 'rejected' },
        ],
      }),
    );
    const closing = aClosing();
    const bookings = [anItemBooking(closing), anItemBooking(closing, { article: 'A-1002' })];
    keys = bookings.map((booking) => booking.key);

    const outcome = await client.sendBookings(closing, bookings, anIdempotencyKey());

    expect(outcome).toMatchObject({
      kind: 'answered',
      results: [
        { key: keys[0], status: 'failed', message: null },
        { key: keys[1], status: 'rejected', message: null },
      ],
    });
  });

  it('is transient on a 200 whose JSON has no result list', async () => {
    const client = await clientAnswering((response) => json(response, 200, { ok: true }));

    const { outcome } = await sendTwo(client);

    expect(outcome).toMatchObject({ kind: 'transient', httpStatus: 200 });
  });

  it('is transient when the token endpoint answers 503', async () => {
    const client = await clientAnswering(
      (response) => json(response, 200, { results: [] }),
      (response) => response.writeHead(503, { 'retry-after': '5' }).end(),
    );

    const { outcome } = await sendTwo(client);

    expect(outcome).toMatchObject({
      kind: 'transient',
      httpStatus: 503,
      retryAfterMs: 5_000,
      error: 'JOMOsoft token endpoint answered 503 Service Unavailable',
    });
  });

  it('is credentials-refused when the token endpoint answers 400 invalid_client', async () => {
    const client = await clientAnswering(
      (response) => json(response, 200, { results: [] }),
      (response) => json(response, 400, { error: 'invalid_client' }),
    );

    const { outcome } = await sendTwo(client);

    expect(outcome).toMatchObject({ kind: 'credentials-refused', httpStatus: 400 });
  });

  it('reports a status answer without tenant as unexpected', async () => {
    const client = await clientAnswering((response) => json(response, 200, { hello: 'world' }));

    const status = await client.checkStatus();

    expect(status).toMatchObject({ ok: false, reason: 'unexpected-answer' });
  });

  it('is transient when no connection is made within the connect timeout', async () => {
    // Accepts TCP and then says nothing, so the TLS handshake never completes.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const tokenUrl = `https://127.0.0.1:${port}/token`;
    const client = new JomosoftClient(
      { apiUrl: tokenUrl, tokenUrl, clientId: 'client', clientSecret: 'the-secret' },
      { connectTimeoutMs: 200 },
    );
    clients.push(client);

    const { outcome } = await sendTwo(client);
    silent.close();

    expect(outcome).toMatchObject({
      kind: 'transient',
      error: `no connection to 127.0.0.1:${port} within 200 ms`,
    });
  });
});
