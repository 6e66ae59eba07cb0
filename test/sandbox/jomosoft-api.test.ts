import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { NO_FAULTS } from '../../src/sandbox/faults.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

/** The sandbox's JOMOsoft spoken to in raw HTTP, as contracts §2 describes it. */

let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  token = ((await (await requestToken()).json()) as { access_token: string }).access_token;
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(async () => {
  await sandbox.setFaults(NO_FAULTS);
});

function requestToken(secret = sandbox.jomosoft.clientSecret): Promise<Response> {
  return fetch(sandbox.jomosoft.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sandbox.jomosoft.clientId,
      client_secret: secret,
    }),
  });
}

interface WireBooking {
  key: string;
  costCentre: string;
  priceGroup: string;
  article: string;
  quantity: unknown;
  grossAmount: string;
  netAmount: string;
  vatRate: string;
  currency: string;
}

function aBooking(overrides: Partial<WireBooking> = {}): WireBooking {
  return {
    key: randomUUID(),
    costCentre: 'KST-100',
    priceGroup: 'MA',
    article: 'A-1001',
    quantity: '35',
    grossAmount: '98.00',
    netAmount: '91.59',
    vatRate: '7',
    currency: 'EUR',
    ...overrides,
  };
}

function aRequest(bookings: WireBooking[]) {
  return {
    closing: {
      id: randomUUID(),
      number: 118,
      businessDate: '2026-12-03',
      closedAt: '2026-12-03T22:04:11+01:00',
    },
    bookings,
  };
}

function post(body: unknown, idempotencyKey: string | null = randomUUID()): Promise<Response> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;

  return fetch(`${sandbox.jomosoft.apiUrl}/v1/sales-bookings`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
}

describe('the token endpoint', () => {
  it('issues a bearer token for the right client credentials', async () => {
    const response = await requestToken();

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
    });
  });

  it('answers a wrong client secret with 401 invalid_client', async () => {
    const response = await requestToken('wrong');

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('accepts the client credentials as HTTP Basic too', async () => {
    const { clientId, clientSecret } = sandbox.jomosoft;
    const response = await fetch(sandbox.jomosoft.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });

    expect(response.status).toBe(200);
  });
});

describe('the status', () => {
  it('names the tenant and the API version', async () => {
    const response = await fetch(`${sandbox.jomosoft.apiUrl}/v1/status`, {
      headers: { authorization: `Bearer ${token}` },
    });

    expect(await response.json()).toEqual({
      tenant: { id: 'T-4711', name: 'Klinikum Sonnenberg – Küche' },
      apiVersion: '2.4',
    });
  });

  it('is refused with 401 without a token', async () => {
    const response = await fetch(`${sandbox.jomosoft.apiUrl}/v1/status`);

    expect(response.status).toBe(401);
  });
});

describe('sales bookings against the catalogue', () => {
  it.each([
    [{ article: 'A-9999' }, 'Artikel A-9999 ist nicht angelegt'],
    [{ costCentre: 'KST-999' }, 'Kostenstelle KST-999 ist nicht angelegt'],
    [{ priceGroup: 'VIP' }, 'Preisgruppe VIP ist nicht angelegt'],
    [{ article: 'A-1060' }, 'Artikel A-1060 (Smoothie Mango (ausgelistet)) ist gesperrt'],
  ])('rejects an item booking with %o as “%s”', async (overrides, message) => {
    const booking = aBooking(overrides);

    const response = await post(aRequest([booking]));

    expect(await response.json()).toEqual({
      results: [{ key: booking.key, status: 'rejected', message }],
    });
    expect(sandbox.bookings().some((entry) => entry.key === booking.key)).toBe(false);
  });

  it('checks the cost centre before the article', async () => {
    const booking = aBooking({ costCentre: 'KST-999', article: 'A-9999' });

    const response = await post(aRequest([booking]));

    expect(await response.json()).toMatchObject({
      results: [{ message: 'Kostenstelle KST-999 ist nicht angelegt' }],
    });
  });

  it('books every known article at every cost centre and price group', async () => {
    const booking = aBooking({ costCentre: 'KST-300', priceGroup: 'PAT', article: 'A-1043' });

    const response = await post(aRequest([booking]));

    expect(await response.json()).toEqual({ results: [{ key: booking.key, status: 'booked' }] });
  });
});

describe('exactly-once', () => {
  it('books a key once and answers it duplicate after that, within one request too', async () => {
    const booking = aBooking();
    await post(aRequest([booking]));

    const response = await post(aRequest([booking, booking]));

    expect(await response.json()).toEqual({
      results: [
        { key: booking.key, status: 'duplicate' },
        { key: booking.key, status: 'duplicate' },
      ],
    });
    expect(sandbox.bookings().filter((entry) => entry.key === booking.key)).toHaveLength(1);
  });

  it('answers a repeated idempotency key with the stored answer and books nothing twice', async () => {
    const body = aRequest([aBooking(), aBooking({ article: 'A-9999' })]);
    const idempotencyKey = randomUUID();
    const first = await post(body, idempotencyKey);
    const booked = sandbox.bookings().length;

    const second = await post(body, idempotencyKey);

    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(await first.json());
    expect(sandbox.bookings()).toHaveLength(booked);
  });

  it('refuses an idempotency key used before for a different request', async () => {
    const idempotencyKey = randomUUID();
    await post(aRequest([aBooking()]), idempotencyKey);

    const response = await post(aRequest([aBooking()]), idempotencyKey);

    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: `Idempotency-Key ${idempotencyKey} wurde bereits für eine andere Anfrage verwendet`,
    });
  });

  it('counts every sales-bookings request it receives', async () => {
    const before = sandbox.requests();

    await post(aRequest([aBooking()]));
    await post(aRequest([aBooking()]), null);

    expect(sandbox.requests()).toBe(before + 2);
  });
});

describe('the shape of a request', () => {
  it('refuses a request without Idempotency-Key with 400', async () => {
    const response = await post(aRequest([aBooking()]), null);

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'Header Idempotency-Key fehlt' });
  });

  it('refuses more than 500 item bookings with 422', async () => {
    const bookings = Array.from({ length: 501 }, () => aBooking());

    const response = await post(aRequest(bookings));

    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: 'Höchstens 500 Artikelbuchungen je Anfrage erlaubt, erhalten: 501',
    });
  });

  it('names an item booking whose quantity is a JSON number in the details', async () => {
    const booking = aBooking({ quantity: 35 });

    const response = await post(aRequest([booking, aBooking()]));

    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: 'Die Anfrage enthält ungültige Artikelbuchungen',
      details: [
        {
          key: booking.key,
          message: 'quantity muss eine Dezimalzahl als Zeichenkette sein, erhalten: 35',
        },
      ],
    });
  });

  it('refuses a closing without business date', async () => {
    const body = aRequest([aBooking()]);

    const response = await post({
      ...body,
      closing: { ...body.closing, businessDate: '3.12.2026' },
    });

    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: 'closing.businessDate muss ein Datum im Format JJJJ-MM-TT sein',
    });
  });

  it('answers a body that is not JSON with 400 and a reason', async () => {
    const response = await fetch(`${sandbox.jomosoft.apiUrl}/v1/sales-bookings`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: '{"closing":',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/^Ungültige Anfrage/) });
  });
});

describe('faults', () => {
  it('closes the JOMOsoft port for refuseConnections and opens the same port again', async () => {
    const port = Number(new URL(sandbox.jomosoft.apiUrl).port);

    await sandbox.setFaults({ refuseConnections: true });
    const refused = await connectError(port);
    await sandbox.setFaults({ refuseConnections: false });
    const reopened = await connectError(port);

    expect(refused).toBe('ECONNREFUSED');
    expect(reopened).toBeNull();
  });

  it('keeps the portal up while JOMOsoft refuses connections', async () => {
    await sandbox.setFaults({ refuseConnections: true });

    const response = await fetch(`${sandbox.portalUrl}/_sandbox/state`);

    expect(await response.json()).toMatchObject({ jomosoftListening: false });
  });

  it('books first and answers late when slow', async () => {
    await sandbox.setFaults({ slowMs: 300 });
    const booking = aBooking();
    const started = Date.now();

    const pending = post(aRequest([booking]));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const bookedBeforeAnswer = sandbox.bookings().some((entry) => entry.key === booking.key);
    await pending;

    expect(bookedBeforeAnswer).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('answers 429 with Retry-After in seconds', async () => {
    await sandbox.setFaults({ rateLimitSeconds: 7 });

    const response = await post(aRequest([aBooking()]));

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
  });

  it('lets a token through once and then answers it 401 when tokens expire', async () => {
    await sandbox.setFaults({ expireTokens: true });
    const fresh = ((await (await requestToken()).json()) as { access_token: string }).access_token;
    const status = () =>
      fetch(`${sandbox.jomosoft.apiUrl}/v1/status`, {
        headers: { authorization: `Bearer ${fresh}` },
      });

    const first = await status();
    const second = await status();

    expect([first.status, second.status]).toEqual([200, 401]);
  });
});

/** The error code of a plain TCP connect to the port, or null when it connects. */
function connectError(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(null);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}
