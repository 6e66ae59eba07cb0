import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Faults, type Sandbox } from '../../src/sandbox/index.js';
import type { Clock } from '../../src/shared/clock.js';
import { UNFINISHED } from '../../src/transmission/outbox.js';
import { activate } from '../helpers/activation.js';
import { booking, loadSmallCanteen } from '../helpers/master-data.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { verifyClosing, type PosBooking } from './helpers/ledger-check.js';
import { startMailCatcher, type MailCatcher } from './helpers/mail-catcher.js';
import { scenario } from './helpers/summary.js';

/**
 * Seven days with JOMOsoft unreachable, on a clock the test moves: the registers keep closing
 * twice a day, the worker keeps trying every five minutes (of that clock), and the attention
 * mails come as the mail issue says — one once the head has failed for more than an hour, then
 * at most one a day while it lasts, and one when it has cleared. Afterwards every closing goes
 * through, in the order it was made, booked once.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface Outage {
  name: string;
  days: number;
  fault: Partial<Faults>;
  /** What the attention mail gives as the reason. */
  reason: RegExp;
}

const OUTAGES: Outage[] = [
  {
    name: 'JOMOsoft unreachable',
    days: 7,
    fault: { refuseConnections: true },
    reason: /JOMOsoft cannot be reached/,
  },
  {
    name: 'credentials refused (403)',
    days: 2,
    fault: { refuseCredentials: true },
    reason: /JOMOsoft refuses the credentials/,
  },
];

/** Fine steps across the first hours, where the first mail is due, then six-hour steps. */
function steps(outage: number): number[] {
  const times: number[] = [];
  for (let at = 20 * MINUTE; at <= 2 * HOUR; at += 20 * MINUTE) times.push(at);
  for (let at = 2 * HOUR + 6 * HOUR; at <= outage; at += 6 * HOUR) times.push(at);
  return times;
}

/** The rule of the mail issue, applied to the clock times at which the service looked. */
function expectedAttentionTimes(lookedAt: number[]): number[] {
  const mails: number[] = [];
  for (const at of lookedAt) {
    const last = mails.at(-1);
    if (last === undefined ? at > HOUR : at - last >= DAY) mails.push(at);
  }
  return mails;
}

class SteppedClock implements Clock {
  constructor(
    private readonly start: number,
    private offset = 0,
  ) {}

  now(): Date {
    return new Date(this.start + this.offset);
  }

  /** Milliseconds since the start. */
  get elapsed(): number {
    return this.offset;
  }

  set elapsed(ms: number) {
    this.offset = ms;
  }
}

describe.each(OUTAGES.map((outage) => ({ ...outage, kind: storeKinds()[0]! })))(
  '$name for $days days on $kind.name',
  ({ name, days, fault, reason, kind }) => {
    let sandbox: Sandbox;
    let smtp: MailCatcher;
    let service: TestService;
    const start = Date.parse('2026-12-07T06:00:00Z');
    const clock = new SteppedClock(start);
    const OUTAGE = days * DAY;

    beforeAll(async () => {
      sandbox = await startSandbox();
      smtp = await startMailCatcher({ now: () => clock.elapsed });
      service = await startTestService(kind, {
        workers: true,
        clock,
        env: { WAWI_RETRY_INTERVAL: '5m' },
        worker: { pollMs: 20 },
        mail: { pollMs: 20, attentionCheckMs: 10 },
      });
      await loadSmallCanteen(service);
      await activate(service, sandbox, { smtpPort: smtp.port });
    });
    afterAll(async () => {
      await service?.close();
      await smtp?.close();
      await sandbox?.close();
    });

    const db = () => service.context.db;

    const attentionMails = () =>
      db()
        .selectFrom('mails')
        .select(['kind', 'created_at', 'message_id'])
        .where('kind', 'in', ['attention', 'cleared'])
        .orderBy('seq')
        .execute();

    /** The head of the queue has been tried at the current clock time (or nothing waits). */
    const triedNow = async () => {
      const head = await db()
        .selectFrom('transmissions')
        .select(['next_attempt_at', 'status'])
        .where('status', 'in', UNFINISHED)
        .orderBy('seq')
        .limit(1)
        .executeTakeFirst();
      if (!head) return true;
      return head.status === 'retrying' && head.next_attempt_at! > clock.now().toISOString()
        ? true
        : null;
    };

    it('sends every closing in order afterwards, with the attention mails as asked', async ({
      task,
    }) => {
      const row = scenario(
        task,
        `Long outage (${kind.name}): ${name}, ${days} days, stepped clock`,
      );
      await sandbox.setFaults(fault);
      const made: Array<{ closingId: string; bookings: PosBooking[] }> = [];

      const close = async () => {
        const index = made.length + 1;
        const registerId = index % 2 ? 'reg-1' : 'reg-2';
        const bookings = [
          booking({ registerId }),
          booking({ registerId, itemId: 'item-coffee', vatRate: '19', grossAmount: '2.40' }),
        ];
        expect((await service.pos('POST', '/api/v1/bookings', { bookings })).status).toBe(200);
        const closingId = `outage-${index}`;
        const taken = await service.pos('POST', '/api/v1/closings', {
          id: closingId,
          registerId,
          number: index,
          businessDate: clock.now().toISOString().slice(0, 10),
          closedAt: clock.now().toISOString(),
        });
        expect(taken.status).toBe(201);
        made.push({ closingId, bookings: bookings as unknown as PosBooking[] });
      };

      await close();
      await waitFor(triedNow);
      const since =
        Date.parse(
          (await db().selectFrom('transmissions').select('waiting_since').executeTakeFirstOrThrow())
            .waiting_since!,
        ) - start;

      // Seven days: every step, the worker tries once more and the monitor looks once more.
      const lookedAt: number[] = [];
      for (const at of steps(OUTAGE)) {
        clock.elapsed = at;
        if (at % (12 * HOUR) === 2 * HOUR) await close();
        await waitFor(triedNow);
        lookedAt.push(at - since);
        const expected = expectedAttentionTimes(lookedAt).length;
        await waitFor(
          async () => ((await attentionMails()).length >= expected ? true : null),
          5_000,
          10,
        );
        // Room to send one too many, which the count at the end would catch.
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      expect(sandbox.bookings()).toEqual([]);
      const duringOutage = await attentionMails();

      // JOMOsoft is back: one more step, and the queue drains in order.
      await sandbox.setFaults({ refuseConnections: false, refuseCredentials: false });
      clock.elapsed = OUTAGE + HOUR;
      await waitFor(async () => {
        const open = await db()
          .selectFrom('transmissions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', 'in', UNFINISHED)
          .executeTakeFirstOrThrow();
        return Number(open.n) === 0 ? true : null;
      }, 30_000);
      await waitFor(
        async () =>
          (await attentionMails()).some((mail) => mail.kind === 'cleared') ? true : null,
        10_000,
      );
      await waitFor(async () => {
        const queued = await db()
          .selectFrom('mails')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '!=', 'sent')
          .executeTakeFirstOrThrow();
        return Number(queued.n) === 0 ? true : null;
      }, 10_000);
      // A few more looks after the clearance: nothing more is sent.
      for (const extra of [2, 3, 30]) {
        clock.elapsed = OUTAGE + extra * HOUR;
        await new Promise((resolve) => setTimeout(resolve, 60));
      }

      // The attention mails: as the rule says, at the times it says, each delivered.
      const expectedTimes = expectedAttentionTimes(lookedAt);
      const attention = duringOutage.filter((mail) => mail.kind === 'attention');
      expect(attention.map((mail) => Date.parse(mail.created_at) - start - since)).toEqual(
        expectedTimes,
      );
      const all = await attentionMails();
      expect(all.filter((mail) => mail.kind === 'attention')).toHaveLength(expectedTimes.length);
      expect(all.filter((mail) => mail.kind === 'cleared')).toHaveLength(1);
      for (const mail of all) expect(smtp.copies(mail.message_id)).toBe(1);
      const lastAttention = smtp.mails.filter(
        (mail) => mail.messageId === attention.at(-1)?.message_id,
      );
      expect(lastAttention[0]?.raw.replace(/=\r?\n/g, '').replace(/\s+/g, ' ')).toMatch(reason);

      // Every closing through, in the order made, booked once, each with its result mail.
      const booked = sandbox.bookings();
      expect([...new Set(booked.map((line) => line.closingId))]).toEqual(
        made.map((c) => c.closingId),
      );
      for (const closing of made)
        await verifyClosing(db(), booked, closing.closingId, closing.bookings);
      const results = await db()
        .selectFrom('mails')
        .select('message_id')
        .where('kind', '=', 'result')
        .execute();
      expect(results).toHaveLength(made.length);
      for (const mail of results) expect(smtp.copies(mail.message_id)).toBe(1);

      row.trials = lookedAt.length;
      const firstMinutes = Math.round((expectedTimes[0] ?? 0) / MINUTE);
      row.held.push(
        `${made.length} closings sent in order, booked once`,
        `${attention.length} attention mails (after ${firstMinutes} min, then daily)`,
        'the reason named',
        '1 cleared mail',
        'no mail twice',
      );
    });
  },
);
