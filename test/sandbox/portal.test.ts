import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PIN_LIFETIME_MS, PinStore } from '../../src/sandbox/pins.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

function pair(body: unknown): Promise<Response> {
  return fetch(`${sandbox.portalUrl}/v1/pairings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function control(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${sandbox.portalUrl}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('pairing with a PIN', () => {
  it('hands out the JOMOsoft connection and the customer for a fresh PIN', async () => {
    const response = await pair({ pin: sandbox.createPin(), installationId: 'inst-1' });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      jomosoft: sandbox.jomosoft,
      customer: { id: 'K-10482', name: 'Klinikum Sonnenberg gGmbH' },
    });
  });

  it('answers an unknown PIN with 404 and a reason', async () => {
    const response = await pair({ pin: '000000', installationId: 'inst-1' });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: expect.stringMatching(/unknown or has expired/),
    });
  });

  it('answers a PIN used once already with 410', async () => {
    const pin = sandbox.createPin();
    await pair({ pin, installationId: 'inst-1' });

    const again = await pair({ pin, installationId: 'inst-2' });

    expect(again.status).toBe(410);
    expect(await again.json()).toEqual({ error: expect.stringMatching(/already been used/) });
  });

  it('answers a request without installation id with 400', async () => {
    const response = await pair({ pin: sandbox.createPin() });

    expect(response.status).toBe(400);
  });
});

describe('the one-time PINs', () => {
  it('have six digits and are all different', () => {
    const store = new PinStore();

    const pins = Array.from({ length: 200 }, () => store.create());

    expect(pins.every((pin) => /^\d{6}$/.test(pin))).toBe(true);
    expect(new Set(pins).size).toBe(200);
  });

  it('expire after 24 hours, and are then unknown', () => {
    let now = Date.parse('2026-12-03T08:00:00Z');
    const store = new PinStore(() => now);
    const pin = store.create();

    now += PIN_LIFETIME_MS;

    expect(store.redeem(pin, 'inst-1')).toBe('unknown');
  });

  it('are still good just before 24 hours are up', () => {
    let now = Date.parse('2026-12-03T08:00:00Z');
    const store = new PinStore(() => now);
    const pin = store.create();

    now += PIN_LIFETIME_MS - 1;

    expect(store.redeem(pin, 'inst-1')).toBe('paired');
  });
});

describe('the control API', () => {
  it('says the sandbox is a development and test tool', async () => {
    const response = await fetch(sandbox.portalUrl);

    expect((await response.json()) as unknown).toMatchObject({
      notice: expect.stringMatching(/development and test tool/),
    });
  });

  it('makes a PIN that pairs', async () => {
    const { pin } = (await (await control('POST', '/pins')).json()) as { pin: string };

    expect(pin).toMatch(/^\d{6}$/);
    expect((await pair({ pin, installationId: 'inst-3' })).status).toBe(200);
  });

  it('merges faults and answers with all of them', async () => {
    const response = await control('PUT', '/faults', { serverError: true, slowMs: 10 });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      serverError: true,
      slowMs: 10,
      refuseConnections: false,
      unprocessable: 'off',
    });
    await control('PUT', '/faults', { serverError: false, slowMs: 0 });
  });

  it('refuses an unknown fault, naming it', async () => {
    const response = await control('PUT', '/faults', { meteorStrike: true });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringContaining('meteorStrike') });
  });

  it('refuses a fault of the wrong type, naming the field', async () => {
    const response = await control('PUT', '/faults', { slowMs: 'slow' });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/^slowMs: /) });
  });

  it('reports its state without the client secret', async () => {
    const response = await control('GET', '/state');
    const text = await response.text();

    expect(JSON.parse(text)).toMatchObject({
      portalUrl: sandbox.portalUrl,
      jomosoft: { apiUrl: sandbox.jomosoft.apiUrl, clientId: sandbox.jomosoft.clientId },
      jomosoftListening: true,
      requests: expect.any(Number),
      tokenRequests: expect.any(Number),
    });
    expect(text).not.toContain(sandbox.jomosoft.clientSecret);
  });

  it('lists the bookings', async () => {
    const response = await control('GET', '/bookings');

    expect(await response.json()).toEqual({ bookings: sandbox.bookings() });
  });
});
