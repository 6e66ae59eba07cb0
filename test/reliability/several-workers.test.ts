import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { UNFINISHED } from '../../src/transmission/outbox.js';
import { activate } from '../helpers/activation.js';
import { loadSmallCanteen } from '../helpers/master-data.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { postgresKind } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { startChild, type ServiceChild } from './helpers/child.js';
import { verifyClosing, type PosBooking } from './helpers/ledger-check.js';
import { startMailCatcher, type MailCatcher } from './helpers/mail-catcher.js';
import { random } from './helpers/random.js';
import { scenario } from './helpers/summary.js';

/**
 * Several `wawi-bridge worker` processes on one PostgreSQL, while the registers keep closing: each
 * of 1,000 closings is sent exactly once (one request each, JOMOsoft booking every group once),
 * strictly in the order the closings were made, and each result mail goes out once.
 */
const CLOSINGS = Number(process.env.RELIABILITY_WORKER_CLOSINGS ?? 1000);
const REGISTERS = Array.from({ length: 8 }, (_, index) => `reg-${index + 1}`);
const ITEMS = [
  { itemId: 'item-schnitzel', vatRate: '7' },
  { itemId: 'item-coffee', vatRate: '19' },
  { itemId: 'item-coffee-large', vatRate: '19' },
];
const postgres = postgresKind();

describe.skipIf(!postgres)('several worker processes on one PostgreSQL', () => {
  let sandbox: Sandbox;
  let smtp: MailCatcher;

  beforeAll(async () => {
    sandbox = await startSandbox();
    smtp = await startMailCatcher();
  });
  afterAll(async () => {
    await smtp?.close();
    await sandbox?.close();
  });

  it.for([2, 4])('%i workers send each closing once, in order', async (count, { task }) => {
    const row = scenario(task, `Several workers: ${count} processes, ${CLOSINGS} closings`);
    const service = await startTestService(postgres!, { workers: false });
    let workers: ServiceChild[] = [];

    try {
      await loadSmallCanteen(service);
      await service.pos('PUT', '/api/v1/registers', {
        registers: REGISTERS.map((id) => ({ id, name: id, pointOfSaleId: 'pos-cafeteria' })),
      });
      await activate(service, sandbox, { smtpPort: smtp.port });

      const env = { ...service.env, LOG_LEVEL: 'warn', WAWI_LEASE_TIME: '10s' };
      workers = Array.from({ length: count }, () => startChild(['worker'], env));
      const started = Date.now();
      const made = await makeClosings(service, `w${count}`, CLOSINGS);
      const seeded = (Date.now() - started) / 1000;

      await waitFor(
        async () => {
          const ended = workers.find((worker) => worker.ended);
          if (ended) throw new Error(`a worker ended:\n${ended.output.join('')}`);
          return (await unfinished(service)) === 0 && (await resultMailsSent(service)) === CLOSINGS
            ? true
            : null;
        },
        240_000,
        250,
      );
      const seconds = (Date.now() - started) / 1000;
      await Promise.all(workers.map((worker) => worker.stop()));

      // In order: JOMOsoft saw the closings in the order their transmissions were recorded.
      const order = await service.context.db
        .selectFrom('transmissions')
        .select('closing_id')
        .orderBy('seq')
        .execute();
      const booked = sandbox.bookings().filter((line) => line.closingId.startsWith(`w${count}-`));
      const seen = [...new Set(booked.map((line) => line.closingId))];
      expect(seen).toEqual(order.map((transmission) => transmission.closing_id));

      // Exactly once: one request per closing, and each closing's groups booked once.
      const requests = await service.context.db
        .selectFrom('transmission_attempts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(requests.n)).toBe(CLOSINGS);
      for (const closing of made) {
        await verifyClosing(service.context.db, booked, closing.closingId, closing.bookings);
      }

      const mails = await service.context.db.selectFrom('mails').select('message_id').execute();
      for (const mail of mails) expect(smtp.copies(mail.message_id)).toBe(1);

      row.trials = CLOSINGS;
      row.held.push(
        `made in ${Math.round(seeded)} s, all done after ${Math.round(seconds)} s`,
        'one request each',
        'booked once',
        'in order',
        'one mail each',
      );
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      await service.close();
    }
  });
});

/**
 * The registers close in rounds: one batch of bookings for every register, then each register's
 * closing, all at once. Two requests per closing would cost the run a minute on a busy machine.
 */
async function makeClosings(service: TestService, prefix: string, total: number) {
  const made: Array<{ closingId: string; bookings: PosBooking[] }> = [];
  const rng = random(total);

  for (let first = 0; first < total; first += REGISTERS.length) {
    const round = REGISTERS.slice(0, total - first).map((registerId, offset) => {
      const index = first + offset;
      const bookings = Array.from({ length: rng.int(1, 3) }, (_, line) => ({
        id: `${prefix}-${index}-${line}`,
        registerId,
        ...rng.pick(ITEMS),
        priceLevelId: rng.pick(['pl-guest', 'pl-staff']),
        quantity: String(rng.int(1, 4)),
        grossAmount: `${rng.int(1, 30)}.${String(rng.int(0, 99)).padStart(2, '0')}`,
        bookedAt: '2026-12-03T12:04:11+01:00',
      }));
      return { index, registerId, bookings, closingId: `${prefix}-${index}` };
    });

    const posted = await service.pos('POST', '/api/v1/bookings', {
      bookings: round.flatMap((closing) => closing.bookings),
    });
    if (posted.status !== 200) throw new Error(JSON.stringify(posted.body));
    await Promise.all(
      round.map(async ({ index, registerId, closingId }) => {
        const taken = await service.pos('POST', '/api/v1/closings', {
          id: closingId,
          registerId,
          number: index,
          businessDate: '2026-12-03',
          closedAt: '2026-12-03T22:04:11+01:00',
        });
        if (taken.status !== 201) throw new Error(JSON.stringify(taken.body));
      }),
    );
    made.push(...round);
  }

  return made;
}

async function unfinished(service: TestService): Promise<number> {
  const row = await service.context.db
    .selectFrom('transmissions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', UNFINISHED)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function resultMailsSent(service: TestService): Promise<number> {
  const row = await service.context.db
    .selectFrom('mails')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'result')
    .where('status', '=', 'sent')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
