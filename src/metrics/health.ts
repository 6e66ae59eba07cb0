import type { AppContext } from '../app/context.js';
import { databaseAnswers } from '../db/database.js';
import { activationStatus, type ActivationGap } from '../transmission/activation.js';

/**
 * What `GET /api/v1/health` tells an operator or a monitoring probe: whether the service can
 * work (the database answers: 200, else 503), and, when something needs a person, what it is in
 * one sentence each. "degraded" still answers 200: the service takes bookings and closings, it
 * is JOMOsoft, the mail server or the setup that needs attention.
 */
export interface Health {
  status: 'ok' | 'degraded' | 'failing';
  database: 'ok' | 'not answering';
  transmissions: {
    waiting: number;
    oldestWaitingSince: string | null;
    /** The last error of the oldest waiting transmission, when it has one. */
    oldestLastError: string | null;
  };
  mails: {
    queued: number;
    /** Queued mails whose last attempt failed; they are retried. */
    failing: number;
    /** Mails given up in the last 24 hours. */
    failedToday: number;
    lastError: string | null;
  };
  interface: { active: boolean; missing: ActivationGap[] };
  problems: string[];
}

/** A transmission waiting longer than this is a problem someone should look at. */
export const WAITING_TOO_LONG_MS = 60 * 60_000;

const GAP_TEXT: Record<ActivationGap, string> = {
  connection: 'no JOMOsoft connection is stored: pair with the portal',
  'connection-not-verified': 'the JOMOsoft connection is not verified: run the connection check',
  'mail-settings': 'no mail settings are stored',
  'mail-recipients': 'no mail address is stored',
};

export async function healthOf(context: AppContext): Promise<Health> {
  const { db } = context;
  if (!(await databaseAnswers(db))) {
    return {
      status: 'failing',
      database: 'not answering',
      transmissions: { waiting: 0, oldestWaitingSince: null, oldestLastError: null },
      mails: { queued: 0, failing: 0, failedToday: 0, lastError: null },
      interface: { active: false, missing: [] },
      problems: ['the database does not answer'],
    };
  }

  const transmissions = await waitingTransmissions(context);
  const mails = await mailCounts(context);
  const activation = await activationStatus(db);
  const problems = [
    ...transmissionProblems(context, transmissions),
    ...mailProblems(mails),
    ...activation.missing.map((gap) => `the interface is not active: ${GAP_TEXT[gap]}`),
  ];

  return {
    status: problems.length === 0 ? 'ok' : 'degraded',
    database: 'ok',
    transmissions,
    mails,
    interface: activation,
    problems,
  };
}

async function waitingTransmissions(context: AppContext): Promise<Health['transmissions']> {
  const waiting = await context.db
    .selectFrom('transmissions')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('status', 'in', ['waiting', 'sending', 'retrying'])
    .executeTakeFirstOrThrow();
  const oldest = await context.db
    .selectFrom('transmissions')
    .select(['created_at', 'last_error'])
    .where('status', 'in', ['waiting', 'sending', 'retrying'])
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();

  return {
    waiting: Number(waiting.count),
    oldestWaitingSince: oldest?.created_at ?? null,
    oldestLastError: oldest?.last_error ?? null,
  };
}

function transmissionProblems(
  context: AppContext,
  transmissions: Health['transmissions'],
): string[] {
  const since = transmissions.oldestWaitingSince;
  if (!since) return [];
  const waitedMs = context.clock.now().getTime() - Date.parse(since);
  if (waitedMs <= WAITING_TOO_LONG_MS) return [];

  const hours = Math.floor(waitedMs / (60 * 60_000));
  const error = transmissions.oldestLastError
    ? `; its last error: ${transmissions.oldestLastError}`
    : '';
  return [
    `${transmissions.waiting} transmission(s) waiting; the oldest since ${since} ` +
      `(more than ${hours} hour${hours === 1 ? '' : 's'})${error}`,
  ];
}

async function mailCounts(context: AppContext): Promise<Health['mails']> {
  const { db, clock } = context;
  const dayAgo = new Date(clock.now().getTime() - 24 * 60 * 60_000).toISOString();
  const queued = await db
    .selectFrom('mails')
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      eb.fn.count<number>('last_error').as('failing'),
    ])
    .where('status', '=', 'queued')
    .executeTakeFirst();
  // A mail given up long ago is history, not a problem of today.
  const failed = await db
    .selectFrom('mails')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('status', '=', 'failed')
    .where('created_at', '>=', dayAgo)
    .executeTakeFirst();
  const latest = await db
    .selectFrom('mails')
    .select('last_error')
    .where('last_error', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'queued'),
        eb.and([eb('status', '=', 'failed'), eb('created_at', '>=', dayAgo)]),
      ]),
    )
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();

  return {
    queued: Number(queued?.count ?? 0),
    failing: Number(queued?.failing ?? 0),
    failedToday: Number(failed?.count ?? 0),
    lastError: latest?.last_error ?? null,
  };
}

function mailProblems(mails: Health['mails']): string[] {
  const error = mails.lastError ? `; the last error: ${mails.lastError}` : '';
  const problems: string[] = [];
  if (mails.failing > 0) {
    problems.push(`${mails.failing} mail(s) could not be sent yet and are retried${error}`);
  }
  if (mails.failedToday > 0) {
    problems.push(`${mails.failedToday} mail(s) were given up in the last 24 hours${error}`);
  }
  return problems;
}
