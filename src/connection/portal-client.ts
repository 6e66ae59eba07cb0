import { z } from 'zod';

import type { JomosoftConnection } from '../jomosoft/client.js';
import { HttpTransport, statusLine, type NetworkFailureKind } from '../jomosoft/http.js';

/**
 * The portal's pairing call of contracts §3: a one-time PIN and our installation id in, the
 * JOMOsoft connection out. Every way it can go is returned as a value; nothing here throws for a
 * failed network or a strange answer, and no answer body is ever repeated (it may hold a secret).
 */

export type PortalAnswer =
  | { kind: 'paired'; jomosoft: JomosoftConnection; customer: { id: string; name: string } }
  | { kind: 'pin-unknown' }
  | { kind: 'pin-used' }
  | { kind: NetworkFailureKind | 'unexpected-answer'; error: string };

export interface PortalTimeouts {
  connectTimeoutMs: number;
  deadlineMs: number;
}

/** A person waits for the answer in front of the back office: short, but kind to a slow line. */
export const PORTAL_TIMEOUTS: PortalTimeouts = { connectTimeoutMs: 5_000, deadlineMs: 15_000 };

const pairingAnswer = z.object({
  jomosoft: z.object({
    apiUrl: z.string().min(1),
    tokenUrl: z.string().min(1),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
  }),
  customer: z.object({ id: z.string(), name: z.string() }),
});

export async function redeemPin(
  portalUrl: string,
  pin: string,
  installationId: string,
  timeouts: PortalTimeouts = PORTAL_TIMEOUTS,
): Promise<PortalAnswer> {
  const transport = new HttpTransport(timeouts);
  try {
    const exchange = await transport.exchange({
      method: 'POST',
      url: `${portalUrl.replace(/\/+$/, '')}/v1/pairings`,
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ pin, installationId }),
    });
    if (!exchange.ok) return { kind: exchange.failure.kind, error: exchange.failure.message };

    return readAnswer(exchange.answer.status, exchange.answer.body);
  } finally {
    await transport.close();
  }
}

function readAnswer(status: number, body: string): PortalAnswer {
  if (status === 404) return { kind: 'pin-unknown' };
  if (status === 410) return { kind: 'pin-used' };
  if (status !== 200) return { kind: 'unexpected-answer', error: `answered ${statusLine(status)}` };

  const parsed = pairingAnswer.safeParse(parseJson(body));
  if (!parsed.success) {
    return { kind: 'unexpected-answer', error: 'answered 200 OK without a complete connection' };
  }

  return { kind: 'paired', jomosoft: parsed.data.jomosoft, customer: parsed.data.customer };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
