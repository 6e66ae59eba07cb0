import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { UNFINISHED } from '../../src/transmission/outbox.js';
import { activate } from '../helpers/activation.js';
import { loadSmallCanteen } from '../helpers/master-data.js';
import { freePort } from '../helpers/postgres-cluster.js';
import { call, startTestService, type TestService } from '../helpers/service.js';
import { postgresKind, storeKinds, type StoreKind } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { RestartingService } from './helpers/child.js';
import { verifyClosing, type PosBooking } from './helpers/ledger-check.js';
import { startMailCatcher, type MailCatcher } from './helpers/mail-catcher.js';
import { random, type Random } from './helpers/random.js';
import { scenario } from './helpers/summary.js';

/**
 * Crash injection: `wawi-bridge serve` runs as a child process and kills itself (SIGKILL) at a
 * named point, the n-th time it gets there; a supervisor starts it again, and the POS resends
 * whatever got no answer. Each trial is one seed: how many closings, which bookings, which
 * n-th time. Afterwards every closing is booked exactly once in JOMOsoft, every transmission is
 * done, every result mail has arrived — a crash may add one more copy, with the same Message-ID —
 * and the reconciliation balances.
 */
const TRIALS = Number(process.env.RELIABILITY_CRASH_TRIALS ?? 4);
/** No new trial starts after this long in one case; a slow machine runs fewer, never longer. */
const BUDGET_MS = Number(process.env.RELIABILITY_CRASH_BUDGET_S ?? 30) * 1000;
const FIRST_SEED = Number(process.env.RELIABILITY_SEED ?? 1);

const POINTS = [
  'after-closing-committed',
  'after-sending-recorded',
  'after-answer-before-outcome',
  'after-finished',
  'while-sending-mail',
] as const;
type Point = (typeof POINTS)[number];

describe('crash injection at named points', () => {
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

  const [sqlite] = storeKinds() as [StoreKind];
  const postgres = postgresKind();
  const cases: Array<{ point: Point; kind: StoreKind }> = [
    ...POINTS.map((point) => ({ point, kind: sqlite })),
    ...(postgres ? POINTS.map((point) => ({ point, kind: postgres })) : []),
  ];

  it.for(cases)(
    '$point on $kind.name: nothing lost, nothing booked twice',
    async (spec, { task }) => {
      const row = scenario(task, `Crash (${spec.kind.name}): ${spec.point}`);
      const trials = spec.kind.name === 'sqlite' ? TRIALS : Math.ceil(TRIALS / 2);
      // One database for the case; each trial is a seed, a crashing child and its restart.
      const service = await startTestService(spec.kind, { workers: false });
      let extraMails = 0;
      let resent = 0;

      try {
        await loadSmallCanteen(service);
        await activate(service, sandbox, { smtpPort: smtp.port });
        const started = Date.now();
        for (let trial = 0; trial < trials && Date.now() - started < BUDGET_MS; trial += 1) {
          const seed = FIRST_SEED + POINTS.indexOf(spec.point) * 1000 + trial;
          const outcome = await runTrial(service, spec.point, seed);
          extraMails += outcome.extraMails;
          resent += outcome.resent;
          row.trials += 1;
        }
      } finally {
        await service.close();
      }

      row.held.push(
        ...(resent > 0 ? [`POS resent ${resent} unanswered, nothing taken twice`] : []),
        'booked once',
        'all done',
        'all result mails in',
        `${extraMails} extra copies (≤ 1 per crash, same Message-ID)`,
        'reconciled',
      );
    },
  );

  /** One seed: closings sent to a child that crashes once, then recovers; answers extra mails. */
  async function runTrial(service: TestService, point: Point, seed: number) {
    const rng = random(seed);
    const closings = rng.int(2, 4);
    const crashAt = `${point}@${rng.int(1, closings)}`;
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = new RestartingService(
      ['serve'],
      {
        ...service.env,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        WAWI_LEASE_TIME: '1s',
        WAWI_RETRY_INTERVAL: '200ms',
      },
      [crashAt],
      url,
      async () => {
        // On SQLite the restarted service releases a dead run's leases itself; on PostgreSQL a
        // dead instance's mail lease runs two minutes. The test ends it instead of waiting: the
        // restarted worker must still find the mail and send it with the same Message-ID.
        if (service.context.store.dialect !== 'postgres') return;
        await service.context.db
          .updateTable('mails')
          .set({ lease_until: new Date().toISOString() })
          .where('lease_owner', 'is not', null)
          .execute();
      },
    );
    const context = `seed ${seed}, ${crashAt}, ${closings} closings`;
    let resent = 0;

    try {
      await child.ensureRunning();

      /** The POS: resends a request that got no answer, after the service is back. */
      const pos = async (method: string, path: string, body: unknown) => {
        for (let attempt = 1; ; attempt += 1) {
          await child.ensureRunning();
          try {
            if (attempt > 1) resent += 1;
            return await call(url, service.token, method, path, body);
          } catch (error) {
            if (attempt >= 5) throw error;
            await child.settle();
          }
        }
      };

      const sent: Array<{ closingId: string; bookings: PosBooking[] }> = [];
      for (let index = 1; index <= closings; index += 1) {
        const registerId = rng.pick(['reg-1', 'reg-2']);
        const bookings = randomBookings(rng, `s${seed}-c${index}`, registerId);
        const posted = await pos('POST', '/api/v1/bookings', { bookings });
        expect(posted.status, context).toBe(200);

        const closingId = `s${seed}-closing-${index}`;
        const taken = await pos('POST', '/api/v1/closings', {
          id: closingId,
          registerId,
          number: seed * 10 + index,
          businessDate: '2026-12-03',
          closedAt: '2026-12-03T22:04:11+01:00',
        });
        expect([200, 201], context).toContain(taken.status);
        expect(taken.body.closing.bookings, context).toBe(bookings.length);
        sent.push({ closingId, bookings });
      }

      await waitFor(
        async () => {
          await child.ensureRunning();
          return (await settled(service)) ? true : null;
        },
        60_000,
        100,
      );
      await child.stop();

      expect(child.crashes(), context).toBe(1);
      const booked = sandbox.bookings();
      for (const closing of sent) {
        await verifyClosing(service.context.db, booked, closing.closingId, closing.bookings);
      }
      const closingIds = sent.map((closing) => closing.closingId);
      const extraMails = await checkMails(service, closingIds, child.crashes(), context);
      return { extraMails, resent };
    } catch (error) {
      throw new Error(`${context}: ${String(error)}\n${child.output().slice(-4000)}`);
    } finally {
      await child.stop();
    }
  }

  /** Every result mail arrived, at most one extra copy per crash, each a known Message-ID. */
  async function checkMails(
    service: TestService,
    closingIds: string[],
    crashes: number,
    context: string,
  ): Promise<number> {
    const rows = await service.context.db
      .selectFrom('mails')
      .innerJoin('transmissions', 'transmissions.id', 'mails.transmission_id')
      .select(['mails.message_id'])
      .where('mails.kind', '=', 'result')
      .where('transmissions.closing_id', 'in', closingIds)
      .execute();
    expect(rows, `${context}: result mails`).toHaveLength(closingIds.length);

    let extra = 0;
    for (const mail of rows) {
      const copies = smtp.copies(mail.message_id);
      expect(copies, `${context}: copies of ${mail.message_id}`).toBeGreaterThanOrEqual(1);
      extra += copies - 1;
    }
    expect(extra, `${context}: extra copies`).toBeLessThanOrEqual(crashes);
    return extra;
  }
});

/** Done: no transmission unfinished, and every result mail sent. */
async function settled(service: TestService): Promise<boolean> {
  const { db } = service.context;
  const unfinished = await db
    .selectFrom('transmissions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', UNFINISHED)
    .executeTakeFirstOrThrow();
  const transmissions = await db
    .selectFrom('transmissions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const sent = await db
    .selectFrom('mails')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'result')
    .where('status', '=', 'sent')
    .executeTakeFirstOrThrow();

  return Number(unfinished.n) === 0 && Number(sent.n) === Number(transmissions.n);
}

/** One to six bookings of the small canteen: returns, the deposit, both price levels. */
function randomBookings(rng: Random, prefix: string, registerId: string) {
  return Array.from({ length: rng.int(1, 6) }, (_, index) => {
    const item = rng.pick([
      { itemId: 'item-schnitzel', vatRate: '7' },
      { itemId: 'item-coffee', vatRate: '19' },
      { itemId: 'item-coffee-large', vatRate: '19' },
      { itemId: 'item-deposit', vatRate: '19' },
    ]);
    const sign = rng.int(1, 6) === 1 ? '-' : '';
    const quantity = `${sign}${rng.int(1, 5)}${rng.int(0, 1) ? '.5' : ''}`;
    const grossAmount = `${sign}${rng.int(1, 40)}.${String(rng.int(0, 99)).padStart(2, '0')}`;

    return {
      id: `${prefix}-b${index}`,
      registerId,
      ...item,
      priceLevelId: rng.pick(['pl-guest', 'pl-staff']),
      quantity,
      grossAmount,
      bookedAt: '2026-12-03T12:04:11+01:00',
    };
  });
}
