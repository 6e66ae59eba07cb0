import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { activate } from '../helpers/activation.js';
import { booking, closing, loadSmallCanteen } from '../helpers/master-data.js';
import { runCli } from '../helpers/processes.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { postgresKind, storeKinds } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';

/** The service answers the POS in this process; transmissions are left to worker processes. */
async function setUp(kind: Parameters<typeof startTestService>[0]) {
  const sandbox = await startSandbox();
  const service = await startTestService(kind, { workers: false });
  await loadSmallCanteen(service);
  await activate(service, sandbox);
  return { sandbox, service };
}

async function unfinished(service: TestService): Promise<number> {
  const row = await service.context.db
    .selectFrom('transmissions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['waiting', 'sending', 'retrying'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(storeKinds())('a worker process killed mid-transmission on $name', (kind) => {
  let sandbox: Sandbox;
  let service: TestService;

  beforeAll(async () => ({ sandbox, service } = await setUp(kind)));
  afterAll(async () => {
    await service.close();
    await sandbox.close();
  });

  it.each(['after-sending-recorded', 'after-answer-before-outcome'])(
    'books nothing twice when killed at %s and restarted',
    async (point) => {
      const closingId = `crash-${point}`;
      await service.pos('POST', '/api/v1/bookings', {
        bookings: [
          booking({ grossAmount: '9.80' }),
          booking({ itemId: 'item-coffee', grossAmount: '2.50', vatRate: '19' }),
        ],
      });
      await service.pos('POST', '/api/v1/closings', closing(closingId, { number: point.length }));
      const env = { ...service.env, WAWI_LEASE_TIME: '1s', LOG_LEVEL: 'warn' };

      const crashing = runCli(['worker'], { ...env, WAWI_CRASH_AT: `${point}@1` });
      await crashing.exited;
      expect(crashing.process.signalCode).toBe('SIGKILL');

      const restarted = runCli(['worker'], env);
      try {
        await waitFor(async () => ((await unfinished(service)) === 0 ? true : null), 30_000);
      } finally {
        await restarted.stop();
      }

      const booked = sandbox.bookings().filter((line) => line.closingId === closingId);
      expect(booked).toHaveLength(2);
      expect(new Set(booked.map((line) => line.key)).size).toBe(2);
      const lines = await service.context.db
        .selectFrom('item_bookings')
        .innerJoin('transmissions', 'transmissions.id', 'item_bookings.transmission_id')
        .select(['item_bookings.status'])
        .where('transmissions.closing_id', '=', closingId)
        .execute();
      expect(lines.map((line) => line.status).sort()).toEqual(['booked', 'booked']);
    },
    60_000,
  );
});

const postgres = postgresKind();

describe.skipIf(!postgres)('two worker processes on one PostgreSQL', () => {
  let sandbox: Sandbox;
  let service: TestService;

  beforeAll(async () => ({ sandbox, service } = await setUp(postgres!)));
  afterAll(async () => {
    await service?.close();
    await sandbox?.close();
  });

  it('send each of 200 closings exactly once, in the order they were made', async () => {
    const closings = 200;
    for (let index = 1; index <= closings; index += 1) {
      const registerId = index % 2 === 0 ? 'reg-1' : 'reg-2';
      await service.pos('POST', '/api/v1/bookings', { bookings: [booking({ registerId })] });
      await service.pos(
        'POST',
        '/api/v1/closings',
        closing(`multi-${index}`, { registerId, number: index }),
      );
    }

    const env = { ...service.env, LOG_LEVEL: 'warn' };
    const workers = [runCli(['worker'], env), runCli(['worker'], env)];
    try {
      await waitFor(async () => ((await unfinished(service)) === 0 ? true : null), 200_000, 200);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }

    const booked = sandbox.bookings().map((line) => line.closingId);
    expect(booked).toEqual(Array.from({ length: closings }, (_, index) => `multi-${index + 1}`));
    expect(sandbox.requests()).toBe(closings);
  }, 300_000);
});
