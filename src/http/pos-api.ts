import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import type { AppContext } from '../app/context.js';
import {
  bookingInserter,
  bookingsBody,
  checkBookings,
  storeBookings,
} from '../bookings/bookings.js';
import { closingBody, takeClosing } from '../closings/closings.js';
import {
  itemsBody,
  pointsOfSaleBody,
  posId,
  priceLevelsBody,
  registersBody,
} from '../master-data/schemas.js';
import {
  upsertItems,
  upsertPointsOfSale,
  upsertPriceLevels,
  upsertRegisters,
} from '../master-data/store.js';
import { healthOf } from '../metrics/health.js';
import { formatAmount } from '../shared/decimal.js';
import { parseOrThrow } from '../shared/validation.js';
import { reachCrashPoint } from '../transmission/crash-points.js';
import { transmissionById, transmissionsOfClosing } from '../transmission/read-model.js';
import { posAuthentication } from './pos-auth.js';

const transmissionParams = z.object({ id: posId });
const transmissionsQuery = z.object({ closingId: posId });

/** The POS API of contracts.md §1. */
export function registerPosApi(app: FastifyInstance, context: AppContext): void {
  const { db, clock, logger, nudges } = context;
  const insertBookings = bookingInserter(context.store);

  app.get('/api/v1/health', async (_request, reply) => {
    const health = await healthOf(context);
    return reply.status(health.status === 'failing' ? 503 : 200).send(health);
  });

  app.register(async (pos) => {
    pos.addHook('onRequest', posAuthentication(db));

    pos.put('/api/v1/price-levels', async (request) => {
      const body = parseOrThrow(priceLevelsBody, request.body);
      await db
        .transaction()
        .execute((trx) => upsertPriceLevels(trx, body.priceLevels, clock.now()));
      return { upserted: body.priceLevels.length };
    });

    pos.put('/api/v1/points-of-sale', async (request) => {
      const body = parseOrThrow(pointsOfSaleBody, request.body);
      await db
        .transaction()
        .execute((trx) => upsertPointsOfSale(trx, body.pointsOfSale, clock.now()));
      return { upserted: body.pointsOfSale.length };
    });

    pos.put('/api/v1/registers', async (request) => {
      const body = parseOrThrow(registersBody, request.body);
      await db.transaction().execute((trx) => upsertRegisters(trx, body.registers, clock.now()));
      return { upserted: body.registers.length };
    });

    pos.put('/api/v1/items', async (request) => {
      const body = parseOrThrow(itemsBody, request.body);
      await db.transaction().execute((trx) => upsertItems(trx, body.items, clock.now()));
      return { upserted: body.items.length };
    });

    pos.post('/api/v1/bookings', async (request) => {
      const body = parseOrThrow(bookingsBody, request.body);
      const rows = await checkBookings(db, body.bookings);
      return db.transaction().execute((trx) => storeBookings(trx, insertBookings, rows));
    });

    pos.post('/api/v1/closings', async (request, reply) => {
      const body = parseOrThrow(closingBody, request.body);
      const taken = await takeClosing(db, body, clock.now());
      if (taken.created) {
        reachCrashPoint('after-closing-committed');
        logClosing(context, body, taken);
        nudges.nudge('transmission');
      }

      return reply.status(taken.created ? 201 : 200).send({
        closing: taken.closing,
        transmission: taken.transmission,
      });
    });

    // Ids from the path and query are checked like ids in a body: a NUL byte, which PostgreSQL
    // refuses in text, is a bad request rather than an internal error.
    pos.get('/api/v1/transmissions/:id', async (request) => {
      const { id } = parseOrThrow(transmissionParams, request.params);
      return transmissionById(db, id);
    });

    pos.get('/api/v1/transmissions', async (request) => {
      const { closingId } = parseOrThrow(transmissionsQuery, request.query);
      return { transmissions: await transmissionsOfClosing(db, closingId) };
    });
  });

  void logger;
}

function logClosing(
  context: AppContext,
  body: { id: string; registerId: string; number: number; businessDate: string },
  taken: Awaited<ReturnType<typeof takeClosing>>,
): void {
  context.logger.info(
    {
      closingId: body.id,
      registerId: body.registerId,
      number: body.number,
      businessDate: body.businessDate,
      bookings: taken.closing.bookings,
      gross: taken.closing.grossAmount,
      transmissionId: taken.transmission.id,
      transmissionStatus: taken.transmission.status,
    },
    `closing ${body.number} of register ${body.registerId} taken: ${taken.closing.bookings} bookings, gross ${taken.closing.grossAmount}`,
  );
}

export { formatAmount };
