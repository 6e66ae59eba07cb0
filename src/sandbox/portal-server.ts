import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';

import type { Logger } from '../shared/logger.js';
import { parseFaults, type Faults } from './faults.js';
import type { SandboxBooking } from './ledger.js';
import type { Redemption } from './pins.js';
import { isRecord } from './request-shape.js';

/**
 * The sandbox's portal (contracts §3) and, beside it, the control API under `/_sandbox` through
 * which the demo, the CLI and tests in other processes steer the sandbox. The control API has no
 * authentication: the sandbox is a development and test tool and listens on loopback by default.
 */

export interface PortalControl {
  logger: Logger;
  redeemPin(pin: string, installationId: string): Redemption;
  pairing(): { jomosoft: JomosoftConnectionInfo; customer: { id: string; name: string } };
  createPin(): string;
  faults(): Faults;
  setFaults(faults: Partial<Faults>): Promise<void>;
  bookings(): SandboxBooking[];
  state(): unknown;
}

export interface JomosoftConnectionInfo {
  apiUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

export const SANDBOX_NOTICE =
  'wawi-bridge sandbox: a development and test tool that plays the portal and JOMOsoft. ' +
  'It is not JOMOsoft; everything it books lives in memory.';

export function buildPortalApp(control: PortalControl): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.setErrorHandler((error, _request, reply) => answerError(control.logger, error, reply));
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not found' }));

  app.get('/', () => ({ notice: SANDBOX_NOTICE, control: '/_sandbox/state' }));
  app.post('/v1/pairings', (request, reply) => pair(control, request.body, reply));
  registerControlApi(app, control);

  return app;
}

function pair(control: PortalControl, body: unknown, reply: FastifyReply): FastifyReply {
  const pin = isRecord(body) ? body['pin'] : undefined;
  const installationId = isRecord(body) ? body['installationId'] : undefined;
  if (typeof pin !== 'string' || typeof installationId !== 'string' || installationId === '') {
    return reply.code(400).send({ error: 'pin and installationId are required (strings)' });
  }

  const redemption = control.redeemPin(pin.trim(), installationId);
  if (redemption === 'unknown') {
    return reply
      .code(404)
      .send({ error: 'This PIN is unknown or has expired. Create a new PIN in the portal.' });
  }
  if (redemption === 'used') {
    return reply
      .code(410)
      .send({ error: 'This PIN has already been used. Create a new PIN in the portal.' });
  }

  control.logger.info({ installationId }, 'sandbox portal paired an installation');
  return reply.code(200).send(control.pairing());
}

function registerControlApi(app: FastifyInstance, control: PortalControl): void {
  app.post('/_sandbox/pins', () => ({ pin: control.createPin() }));

  app.get('/_sandbox/faults', () => control.faults());

  app.put('/_sandbox/faults', async (request, reply) => {
    const parsed = parseFaults(request.body ?? {});
    if (!parsed.ok) return reply.code(400).send({ error: parsed.error });

    await control.setFaults(parsed.faults);
    return control.faults();
  });

  app.get('/_sandbox/bookings', () => ({ bookings: control.bookings() }));

  app.get('/_sandbox/state', () => control.state());
}

function answerError(logger: Logger, error: unknown, reply: FastifyReply): FastifyReply {
  const status = (error as { statusCode?: number }).statusCode ?? 500;
  const text = error instanceof Error ? error.message : String(error);
  if (status >= 500) logger.error({ err: error }, 'sandbox portal failed');

  return reply.code(status).send({ error: status >= 500 ? 'internal error' : text });
}
