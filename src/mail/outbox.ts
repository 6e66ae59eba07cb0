/**
 * The mail outbox in the database. A report is written as a queued row in the transaction that
 * records what it reports; the mail worker leases rows, sends them and stores the outcome on the
 * row: attempts, last error, refused recipients, next attempt. Like the transmissions, the row is
 * the whole story an operator needs.
 *
 * Every write after a lease checks that the lease is still ours, so a worker that stalled past
 * its lease can never overwrite what the worker that took over has recorded.
 */
import { randomUUID } from 'node:crypto';

import type { Database, Dialect, Executor } from '../db/database.js';
import type { Mail, MailKind } from '../db/schema.js';
import type { MailLanguage } from './format.js';
import type { RenderedMail } from './render.js';

export interface MailDraft {
  kind: MailKind;
  transmissionId: string | null;
  /** Stable per report (see `messageIdFor`): writing the same report twice yields one row. */
  messageId: string;
  language: MailLanguage;
  mail: RenderedMail;
  recipients: string[];
}

export interface MailLease {
  owner: string;
  durationMs: number;
}

/** What happened to one send, as the outbox stores it. */
export type MailOutcome =
  | { kind: 'sent'; refused: string[] }
  | { kind: 'retry'; error: string; refused: string[]; nextAttemptAt: Date }
  | { kind: 'failed'; error: string; refused: string[] };

// `.invalid` (RFC 2606) can never be a real domain, so these ids cannot collide with a mail
// anyone else sends, whatever sender address the installation uses.
const MESSAGE_ID_DOMAIN = 'wawi-bridge.invalid';

/**
 * The Message-ID of a report. Derived from what it reports, never random: a mail sent again after
 * a crash carries the same id, and a mail client shows it once.
 */
export function messageIdFor(kind: MailKind, ...key: Array<string | number>): string {
  return `<${[kind, ...key].join('.')}@${MESSAGE_ID_DOMAIN}>`;
}

/** Queues a mail; answers its id, or null when the same report is already queued or sent. */
export async function enqueueMail(
  db: Executor,
  draft: MailDraft,
  now: Date,
): Promise<string | null> {
  const row = await db
    .insertInto('mails')
    .values({ ...draftColumns(draft, now), status: 'queued', attempts: 0 })
    .onConflict((conflict) => conflict.column('message_id').doNothing())
    .returning('id')
    .executeTakeFirst();

  return row?.id ?? null;
}

/** Records a mail that was sent at once rather than queued (the test mail), for the history. */
export async function recordImmediateMail(
  db: Executor,
  draft: MailDraft,
  outcome: Exclude<MailOutcome, { kind: 'retry' }>,
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('mails')
    .values({
      ...draftColumns(draft, now),
      ...outcomeColumns(outcome, now),
      attempts: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return row.id;
}

function draftColumns(draft: MailDraft, now: Date) {
  return {
    id: randomUUID(),
    kind: draft.kind,
    transmission_id: draft.transmissionId,
    message_id: draft.messageId,
    language: draft.language,
    subject: draft.mail.subject,
    text: draft.mail.text,
    html: draft.mail.html,
    recipients: JSON.stringify(draft.recipients),
    next_attempt_at: now.toISOString(),
    lease_owner: null,
    lease_until: null,
    last_error: null,
    refused_recipients: null,
    created_at: now.toISOString(),
    sent_at: null,
  };
}

/**
 * Leases the oldest queued mail that is due and not leased by a live worker. On PostgreSQL the
 * row is locked while the lease is written and other workers skip it, so they take the next one
 * instead of queueing behind this one.
 */
export async function leaseNextMail(
  db: Database,
  dialect: Dialect,
  lease: MailLease,
  now: Date,
): Promise<Mail | null> {
  const at = now.toISOString();

  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('mails')
      .selectAll()
      .where('status', '=', 'queued')
      .where('next_attempt_at', '<=', at)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', at)]))
      .orderBy('seq')
      .limit(1);
    if (dialect === 'postgres') query = query.forUpdate().skipLocked();

    const row = await query.executeTakeFirst();
    if (!row) return null;

    const leaseUntil = new Date(now.getTime() + lease.durationMs).toISOString();
    const taken = await trx
      .updateTable('mails')
      .set({ lease_owner: lease.owner, lease_until: leaseUntil })
      .where('id', '=', row.id)
      .where('status', '=', 'queued')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', at)]))
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) return null;

    return { ...row, lease_owner: lease.owner, lease_until: leaseUntil };
  });
}

/** Stores the outcome of a send; false when the lease was lost meanwhile and nothing was stored. */
export async function recordMailOutcome(
  db: Executor,
  mailId: string,
  lease: MailLease,
  outcome: MailOutcome,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('mails')
    .set((eb) => ({
      ...outcomeColumns(outcome, now),
      attempts: eb('attempts', '+', 1),
      lease_owner: null,
      lease_until: null,
    }))
    .where('id', '=', mailId)
    .where('lease_owner', '=', lease.owner)
    .executeTakeFirst();

  return Number(result.numUpdatedRows) === 1;
}

function outcomeColumns(outcome: MailOutcome, now: Date) {
  const refused = outcome.refused.length > 0 ? JSON.stringify(outcome.refused) : null;

  switch (outcome.kind) {
    case 'sent':
      return {
        status: 'sent' as const,
        sent_at: now.toISOString(),
        last_error: null,
        refused_recipients: refused,
      };
    case 'retry':
      return {
        status: 'queued' as const,
        next_attempt_at: outcome.nextAttemptAt.toISOString(),
        last_error: outcome.error,
        refused_recipients: refused,
      };
    case 'failed':
      return { status: 'failed' as const, last_error: outcome.error, refused_recipients: refused };
  }
}

/** Releases every mail lease; only for a SQLite store, which one process alone may use. */
export async function releaseMailLeases(db: Executor): Promise<void> {
  await db
    .updateTable('mails')
    .set({ lease_owner: null, lease_until: null })
    .where('lease_owner', 'is not', null)
    .execute();
}

export function recipientsOf(mail: Pick<Mail, 'recipients'>): string[] {
  return JSON.parse(mail.recipients) as string[];
}
