/**
 * The mail worker: sends the queued mails of the outbox, one at a time, and looks after the
 * attention mails. An SMTP failure is stored on the row and the mail is tried again after the
 * retry interval, forever: a mail server that is down for a weekend loses no report. Several
 * workers (in several processes on one PostgreSQL) never send the same row at once.
 */

import type { AppContext } from '../app/context.js';
import type { Mail } from '../db/schema.js';
import { readSetting, SETTING } from '../settings/settings.js';
import { parseDuration } from '../shared/duration.js';
import type { Logger } from '../shared/logger.js';
import { leaseOwner, WorkerLoop } from '../shared/worker-loop.js';
import { DEFAULT_RETRY_INTERVAL_MS } from '../transmission/worker.js';
import { AttentionMonitor, type AttentionTiming } from './attention.js';
import {
  leaseNextMail,
  recipientsOf,
  recordMailOutcome,
  releaseMailLeases,
  type MailLease,
  type MailOutcome,
} from './outbox.js';
import type { MailSettings } from './settings.js';
import { readMailSettings } from './settings-store.js';
import {
  createMailTransport,
  sendMail,
  type MailTransport,
  type MailTransportOptions,
  type SendResult,
} from './transport.js';

export type MailCrashPoint = 'while-sending-mail';

export interface MailWorkerOptions {
  /** How long a lease lasts; longer than the slowest SMTP exchange (see transport timeouts). */
  leaseMs?: number;
  /** How often to look for due mails when nothing nudges. */
  pollMs?: number;
  /** How often to look at the transmission queue for attention mails (real time). */
  attentionCheckMs?: number;
  attention?: Partial<AttentionTiming>;
  /** A mail server with an in-house CA may also be trusted through NODE_EXTRA_CA_CERTS. */
  transport?: MailTransportOptions;
  /**
   * Test seam for the crash tests: called after a mail is leased and sent, before its outcome is
   * stored. A crash there sends the mail again later, with the same Message-ID.
   */
  crashPoint?: (name: MailCrashPoint) => void;
}

const NO_SETTINGS = 'no mail settings are stored; set them with mail set or in the back office';

export class MailWorker {
  private readonly lease: MailLease;
  private readonly log: Logger;
  private readonly attention: AttentionMonitor;
  private transport: { key: string; transport: MailTransport } | null = null;
  private lastAttentionCheck = Number.NEGATIVE_INFINITY;
  private readonly loop: WorkerLoop;

  constructor(
    private readonly context: AppContext,
    private readonly options: MailWorkerOptions = {},
  ) {
    this.lease = {
      owner: leaseOwner(),
      durationMs: options.leaseMs ?? 120_000,
    };
    this.log = context.logger.child({ component: 'mail-worker' });
    this.loop = new WorkerLoop({
      topic: 'mail',
      nudges: context.nudges,
      pollMs: options.pollMs ?? 5_000,
      log: this.log,
      step: async () => {
        await this.watchAttention();
        return this.tick();
      },
    });
    this.attention = new AttentionMonitor(context, { timing: options.attention });
  }

  async start(): Promise<void> {
    if (this.context.store.dialect === 'sqlite') {
      // One process alone uses a SQLite file, so any lease found now is a crashed run's.
      await releaseMailLeases(this.context.db);
    }
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    this.transport?.transport.close();
    this.transport = null;
  }

  private async watchAttention(): Promise<void> {
    if (Date.now() - this.lastAttentionCheck < (this.options.attentionCheckMs ?? 60_000)) return;

    this.lastAttentionCheck = Date.now();
    const step = await this.attention.check();
    if (step === 'attention' || step === 'cleared') this.context.nudges.nudge('mail');
  }

  /** Sends the next due mail, if any; returns how long to wait before the next step. */
  async tick(): Promise<number> {
    const { db, store, clock } = this.context;
    const mail = await leaseNextMail(db, store.dialect, this.lease, clock.now());
    if (!mail) return 60_000;

    await this.deliver(mail);
    return 0;
  }

  private async deliver(mail: Mail): Promise<void> {
    const recipients = recipientsOf(mail);
    const settings = await this.settings();
    const result: SendResult =
      typeof settings === 'string'
        ? { ok: false, error: settings, transient: true, rejected: [] }
        : await sendMail(this.transportFor(settings), {
            from: settings.from,
            to: recipients,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            messageId: mail.message_id,
          });
    this.options.crashPoint?.('while-sending-mail');

    const outcome = await this.outcomeOf(result, recipients);
    const now = this.context.clock.now();
    if (!(await recordMailOutcome(this.context.db, mail.id, this.lease, outcome, now))) {
      this.log.warn(
        { mailId: mail.id },
        `the lease on mail ${mail.id} was lost; outcome not stored`,
      );
      return;
    }
    this.logOutcome(mail, recipients, outcome);
  }

  /**
   * Every failure is tried again, except one: the server refused every recipient for good (550
   * no such mailbox). Sending the same mail to the same addresses cannot work, and the report
   * stays readable in the history.
   */
  // LIMITATION: a queued mail keeps the addresses it was made for, so such a report does not go
  // to addresses entered afterwards; the catering manager finds it in the history instead.
  private async outcomeOf(result: SendResult, recipients: string[]): Promise<MailOutcome> {
    if (result.ok) return { kind: 'sent', refused: result.rejected };

    const refusedAll = !result.transient && result.rejected.length >= recipients.length;
    if (refusedAll) return { kind: 'failed', error: result.error, refused: result.rejected };

    const nextAttemptAt = new Date(
      this.context.clock.now().getTime() + (await this.retryIntervalMs()),
    );
    return { kind: 'retry', error: result.error, refused: result.rejected, nextAttemptAt };
  }

  private logOutcome(mail: Mail, recipients: string[], outcome: MailOutcome): void {
    const fields = {
      mailId: mail.id,
      transmissionId: mail.transmission_id,
      kind: mail.kind,
      messageId: mail.message_id,
      attempt: mail.attempts + 1,
      recipients: recipients.length,
      refused: outcome.refused,
    };
    const what = mail.transmission_id
      ? `${mail.kind} mail of transmission ${mail.transmission_id}`
      : `${mail.kind} mail ${mail.id}`;

    switch (outcome.kind) {
      case 'sent':
        if (outcome.refused.length > 0) {
          this.log.warn(
            fields,
            `${what} sent; the mail server refused ${outcome.refused.join(', ')}`,
          );
        } else {
          this.log.info(fields, `${what} sent to ${countOf(recipients.length, 'recipient')}`);
        }
        return;
      case 'retry':
        this.log.warn(
          { ...fields, error: outcome.error, nextAttemptAt: outcome.nextAttemptAt.toISOString() },
          `${what} not sent, retrying at ${outcome.nextAttemptAt.toISOString()}: ${outcome.error}`,
        );
        return;
      case 'failed':
        this.log.error(
          { ...fields, error: outcome.error },
          `${what} not sent: the mail server refused every recipient: ${outcome.error}`,
        );
        return;
    }
  }

  /**
   * The current settings, or why there are none. Read for every mail, so a corrected password or
   * server applies to the mails already waiting. A secret that cannot be opened (a changed key)
   * is a problem of the installation, stored on the row like an SMTP failure.
   */
  private async settings(): Promise<MailSettings | string> {
    try {
      return (await readMailSettings(this.context)) ?? NO_SETTINGS;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  /** One transport per SMTP setting; a changed setting gets a new one. */
  private transportFor(settings: MailSettings): MailTransport {
    const key = JSON.stringify(settings.smtp);
    if (this.transport?.key !== key) {
      this.transport?.transport.close();
      this.transport = {
        key,
        transport: createMailTransport(settings.smtp, this.options.transport),
      };
    }

    return this.transport.transport;
  }

  /** The transmission's retry interval: the back office's setting, else the configuration. */
  private async retryIntervalMs(): Promise<number> {
    const stored = await readSetting<string>(this.context.db, SETTING.retryInterval);
    const fromDatabase = stored ? parseDuration(stored) : null;

    return fromDatabase ?? this.context.config.WAWI_RETRY_INTERVAL ?? DEFAULT_RETRY_INTERVAL_MS;
  }
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
