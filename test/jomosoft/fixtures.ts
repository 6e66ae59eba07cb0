import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type {
  ClosingHeader,
  JomosoftConnection,
  OutgoingItemBooking,
} from '../../src/jomosoft/client.js';

/** A closing of its own for every test, so keys never meet a booking of another test. */
export function aClosing(): ClosingHeader {
  return {
    id: `closing-${randomUUID()}`,
    number: 118,
    businessDate: '2026-12-03',
    closedAt: '2026-12-03T22:04:11+01:00',
  };
}

/** 35 × staff Schnitzel at the cafeteria, 98.00 gross at 7 %, unless told otherwise. */
export function anItemBooking(
  closing: ClosingHeader,
  overrides: Partial<OutgoingItemBooking> = {},
): OutgoingItemBooking {
  const costCentre = overrides.costCentre ?? 'KST-100';
  const priceGroup = overrides.priceGroup ?? 'MA';
  const article = overrides.article ?? 'A-1001';

  return {
    key: `${closing.id}/${costCentre}/${priceGroup}/${article}/${overrides.vatRate ?? 700}`,
    costCentre,
    priceGroup,
    article,
    quantity: 35_000,
    grossAmount: 9_800,
    netAmount: 9_159,
    vatRate: 700,
    ...overrides,
  };
}

export function anIdempotencyKey(): string {
  return `transmission-${randomUUID()}`;
}

export interface AnsweringServer {
  connection: JomosoftConnection;
  close(): Promise<void>;
}

/**
 * A loopback server for answers the sandbox never gives (408, a redirect, odd bodies). Its token
 * endpoint issues a token; every other request goes to `answer`.
 */
export async function startAnsweringServer(
  answer: (request: IncomingMessage, response: ServerResponse) => void,
  token: (response: ServerResponse) => void = issueToken,
): Promise<AnsweringServer> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () =>
      request.url === '/token' ? token(response) : answer(request, response),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    connection: {
      apiUrl: origin,
      tokenUrl: `${origin}/token`,
      clientId: 'client',
      clientSecret: 'the-secret',
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function issueToken(response: ServerResponse): void {
  json(response, 200, { access_token: 'token-1', token_type: 'Bearer', expires_in: 3600 });
}

/** The sandbox's counters as its control API reports them to other processes. */
export async function sandboxCounters(
  portalUrl: string,
): Promise<{ requests: number; tokenRequests: number; bookings: number }> {
  const response = await fetch(`${portalUrl}/_sandbox/state`);
  return (await response.json()) as { requests: number; tokenRequests: number; bookings: number };
}
