/**
 * Attention mails: when the head of the transmission queue has been failing for more than an hour
 * (offline, or JOMOsoft refusing the credentials), one mail says since when, how many closings
 * wait and the last error; then at most one a day while it lasts, and one when it has cleared.
 *
 * The state lives in the settings table under SETTING.attention. Deciding and queueing happen in
 * one transaction that swaps the state only if it is still what was read, so of several workers
 * looking at the same moment exactly one queues the mail.
 */
import { randomUUID } from 'node:crypto';

import type { AppContext } from '../app/context.js';
import type { Executor } from '../db/database.js';
import { SETTING } from '../settings/settings.js';
import type { Logger } from '../shared/logger.js';
import { UNFINISHED } from '../transmission/outbox.js';
import { enqueueMail, messageIdFor } from './outbox.js';
import { renderAttentionMail, renderClearedMail, type RenderedMail } from './render.js';
import { readStoredMailSettings, type StoredMailSettings } from './settings-store.js';

export interface AttentionTiming {
  /** How long the head must have been failing before the first mail. */
  afterMs: number;
  /** The least time between two attention mails while the trouble lasts. */
  repeatMs: number;
}

export const DEFAULT_ATTENTION_TIMING: AttentionTiming = {
  afterMs: 60 * 60_000,
  repeatMs: 24 * 60 * 60_000,
};

/** One stretch of trouble, from its first attention mail to its cleared mail. */
export interface AttentionEpisode {
  id: string;
  /** When the head began to fail, as the first mail said. */
  since: string;
  /** The transmissions that waited during the episode run from firstSeq to lastSeq. */
  firstSeq: number;
  lastSeq: number;
  lastMailAt: string;
  mails: number;
}

export interface AttentionState {
  episode: AttentionEpisode | null;
}

/** The transmission queue as the monitor sees it at one moment. */
export interface QueueView {
  head: { seq: number; waitingSince: string | null; lastError: string | null } | null;
  /** Unfinished transmissions. */
  waiting: number;
  /** The newest unfinished transmission's seq; null when none is unfinished. */
  lastSeq: number | null;
  /** Of the episode's transmissions: how many are still unfinished, how many are done. */
  episode: { unfinished: number; done: number } | null;
}

export type AttentionStep =
  | { kind: 'none' }
  /** More closings joined the wait: remember them for the cleared mail, send nothing. */
  | { kind: 'track'; state: AttentionState }
  | { kind: 'attention'; state: AttentionState; episode: AttentionEpisode; lastError: string }
  | { kind: 'cleared'; state: AttentionState; episode: AttentionEpisode; closingsSent: number };

/** What to do now; pure, so the timing rules are tested without a database. */
export function decideAttention(
  state: AttentionState,
  queue: QueueView,
  now: Date,
  timing: AttentionTiming,
): AttentionStep {
  const { episode } = state;
  const head = queue.head;

  if (head?.waitingSince) {
    const lastSeq = Math.max(queue.lastSeq ?? head.seq, episode?.lastSeq ?? head.seq);
    const lastError = head.lastError ?? '';
    if (!episode) {
      if (now.getTime() - Date.parse(head.waitingSince) <= timing.afterMs) return { kind: 'none' };
      const opened: AttentionEpisode = {
        id: randomUUID(),
        since: head.waitingSince,
        firstSeq: head.seq,
        lastSeq,
        lastMailAt: now.toISOString(),
        mails: 1,
      };
      return { kind: 'attention', state: { episode: opened }, episode: opened, lastError };
    }
    if (now.getTime() - Date.parse(episode.lastMailAt) >= timing.repeatMs) {
      const next = { ...episode, lastSeq, lastMailAt: now.toISOString(), mails: episode.mails + 1 };
      return { kind: 'attention', state: { episode: next }, episode: next, lastError };
    }
    if (lastSeq > episode.lastSeq)
      return { kind: 'track', state: { episode: { ...episode, lastSeq } } };
    return { kind: 'none' };
  }

  // Not failing now: cleared once every closing that waited has gone through.
  if (!episode || !queue.episode || queue.episode.unfinished > 0) return { kind: 'none' };
  return { kind: 'cleared', state: { episode: null }, episode, closingsSent: queue.episode.done };
}

export interface AttentionMonitorOptions {
  timing?: Partial<AttentionTiming>;
}

type MonitorContext = Pick<AppContext, 'db' | 'clock' | 'logger'>;

/** Looks at the transmission queue and queues attention and cleared mails as the rules say. */
export class AttentionMonitor {
  private readonly timing: AttentionTiming;
  private readonly log: Logger;

  constructor(
    private readonly context: MonitorContext,
    options: AttentionMonitorOptions = {},
  ) {
    this.timing = { ...DEFAULT_ATTENTION_TIMING, ...options.timing };
    this.log = context.logger.child({ component: 'attention-monitor' });
  }

  /** One look; answers what it did. */
  async check(): Promise<AttentionStep['kind']> {
    const now = this.context.clock.now();

    const step = await this.context.db.transaction().execute(async (trx) => {
      const stored = await readState(trx);
      const queue = await observeQueue(trx, stored.state.episode);
      const step = decideAttention(stored.state, queue, now, this.timing);
      if (step.kind === 'none') return step;

      const settings = await readStoredMailSettings(trx);
      // Without addresses there is nobody to tell; the state waits until there is.
      if (!settings && step.kind !== 'track') return { kind: 'none' } as const;
      if (!(await swapState(trx, stored.text, step.state, now))) return { kind: 'none' } as const;

      if (settings && step.kind !== 'track')
        await enqueueMail(trx, draftFor(step, queue, settings, now), now);
      return step;
    });

    this.logStep(step, now);
    return step.kind;
  }

  private logStep(step: AttentionStep, now: Date): void {
    if (step.kind === 'attention') {
      const { episode } = step;
      this.log.warn(
        {
          episodeId: episode.id,
          waitingSince: episode.since,
          mails: episode.mails,
          lastError: step.lastError,
        },
        `transmissions have been failing since ${episode.since}; ` +
          `attention mail ${episode.mails} queued`,
      );
    } else if (step.kind === 'cleared') {
      this.log.info(
        {
          episodeId: step.episode.id,
          waitingSince: step.episode.since,
          closingsSent: step.closingsSent,
        },
        `transmissions work again since ${now.toISOString()}; cleared mail queued`,
      );
    }
  }
}

async function readState(trx: Executor): Promise<{ text: string | null; state: AttentionState }> {
  const row = await trx
    .selectFrom('settings')
    .select('value')
    .where('key', '=', SETTING.attention)
    .executeTakeFirst();
  if (!row) return { text: null, state: { episode: null } };

  return { text: row.value, state: JSON.parse(row.value) as AttentionState };
}

/**
 * Writes the new state only if the stored one is still `previous`. On PostgreSQL a concurrent
 * writer's UPDATE waits for this transaction and then finds the value changed, so it matches no
 * row; its INSERT meets the primary key and does nothing.
 */
async function swapState(
  trx: Executor,
  previous: string | null,
  next: AttentionState,
  now: Date,
): Promise<boolean> {
  const value = JSON.stringify(next);
  const updatedAt = now.toISOString();

  if (previous === null) {
    const inserted = await trx
      .insertInto('settings')
      .values({ key: SETTING.attention, value, updated_at: updatedAt })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  const updated = await trx
    .updateTable('settings')
    .set({ value, updated_at: updatedAt })
    .where('key', '=', SETTING.attention)
    .where('value', '=', previous)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

async function observeQueue(trx: Executor, episode: AttentionEpisode | null): Promise<QueueView> {
  const head = await trx
    .selectFrom('transmissions')
    .select(['seq', 'waiting_since', 'last_error'])
    .where('status', 'in', UNFINISHED)
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  const totals = await trx
    .selectFrom('transmissions')
    .select((eb) => [eb.fn.countAll<number>().as('waiting'), eb.fn.max('seq').as('last_seq')])
    .where('status', 'in', UNFINISHED)
    .executeTakeFirstOrThrow();

  return {
    head: head
      ? { seq: Number(head.seq), waitingSince: head.waiting_since, lastError: head.last_error }
      : null,
    waiting: Number(totals.waiting),
    lastSeq: totals.last_seq === null ? null : Number(totals.last_seq),
    episode: episode ? await observeEpisode(trx, episode) : null,
  };
}

async function observeEpisode(trx: Executor, episode: AttentionEpisode) {
  const rows = await trx
    .selectFrom('transmissions')
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .where('seq', '>=', episode.firstSeq)
    .where('seq', '<=', episode.lastSeq)
    .groupBy('status')
    .execute();
  const count = (statuses: readonly string[]) =>
    rows
      .filter((row) => statuses.includes(row.status))
      .reduce((sum, row) => sum + Number(row.count), 0);

  return { unfinished: count(UNFINISHED), done: count(['done']) };
}

function draftFor(
  step: Extract<AttentionStep, { kind: 'attention' | 'cleared' }>,
  queue: QueueView,
  settings: StoredMailSettings,
  now: Date,
) {
  const { language, recipients } = settings;
  const { episode } = step;

  const mail: RenderedMail =
    step.kind === 'attention'
      ? renderAttentionMail({
          language,
          waitingSince: new Date(episode.since),
          waitingClosings: queue.waiting,
          lastError: step.lastError,
          reason: step.lastError.startsWith('credentials refused')
            ? 'credentials-refused'
            : 'offline',
        })
      : renderClearedMail({
          language,
          waitingSince: new Date(episode.since),
          clearedAt: now,
          closingsSent: step.closingsSent,
        });
  const messageId =
    step.kind === 'attention'
      ? messageIdFor('attention', episode.id, episode.mails)
      : messageIdFor('cleared', episode.id);

  return { kind: step.kind, transmissionId: null, messageId, language, mail, recipients };
}
