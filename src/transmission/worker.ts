import type { AppContext } from '../app/context.js';
import { openConnection, readConnection } from '../connection/store.js';
import type { Executor } from '../db/database.js';
import type { Transmission } from '../db/schema.js';
import { JomosoftClient, type JomosoftConnection, type SendOutcome } from '../jomosoft/client.js';
import { readSetting, SETTING } from '../settings/settings.js';
import { parseDuration } from '../shared/duration.js';
import type { Logger } from '../shared/logger.js';
import { leaseOwner, WorkerLoop } from '../shared/worker-loop.js';
import {
  groupTransmission,
  leaseHead,
  LeaseLostError,
  releaseAllLeases,
  renewLease,
  type Lease,
} from './outbox.js';
import {
  finishAttempt,
  idempotencyKey,
  nextPendingRequest,
  recordAnswer,
  recordSending,
} from './sending.js';

export const DEFAULT_RETRY_INTERVAL_MS = 5 * 60_000;

/** Called in the transaction that finishes a transmission: the mail outbox writes its report. */
export type FinishedHook = (trx: Executor, transmissionId: string, now: Date) => Promise<void>;

export interface TransmissionWorkerOptions {
  /** How long a lease lasts; a worker that dies is replaced after at most this long. */
  leaseMs?: number;
  /** How often to look for work when nothing nudges (other instances' closings on PostgreSQL). */
  pollMs?: number;
  onFinished?: FinishedHook;
  /** Test seam: named points where the crash tests stop the process. */
  crashPoint?: (name: CrashPoint | string) => void;
  clientOptions?: { connectTimeoutMs?: number; deadlineMs?: number };
  /** Sees each JOMOsoft request's outcome as it is logged (the metrics' latency histogram). */
  onSendOutcome?: (outcome: SendOutcome, itemBookings: number) => void;
}

export type CrashPoint =
  'after-sending-recorded' | 'after-answer-before-outcome' | 'after-finished';

/**
 * The transmission worker: takes the head of the queue, groups it once, sends its requests one by
 * one, records each outcome, and either finishes it or schedules the next attempt. It runs until
 * `stop()`; several workers (in several processes) may share one PostgreSQL.
 */
export class TransmissionWorker {
  private readonly lease: Lease;
  private readonly log: Logger;
  private client: { key: string; client: JomosoftClient } | null = null;
  private readonly loop: WorkerLoop;

  constructor(
    private readonly context: AppContext,
    private readonly options: TransmissionWorkerOptions = {},
  ) {
    this.lease = {
      owner: leaseOwner(),
      durationMs: options.leaseMs ?? 60_000,
    };
    this.log = context.logger.child({ component: 'transmission-worker' });
    this.loop = new WorkerLoop({
      topic: 'transmission',
      nudges: context.nudges,
      pollMs: options.pollMs ?? 1_000,
      log: this.log,
      step: () => this.tick(),
    });
  }

  async start(): Promise<void> {
    if (this.context.store.dialect === 'sqlite') {
      // One process alone uses a SQLite file, so any lease found now is a crashed run's.
      await releaseAllLeases(this.context.db);
    }
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.client?.client.close();
  }

  /** One step; returns how long to wait before the next (0: go on at once). */
  async tick(): Promise<number> {
    const { db, store, clock } = this.context;
    const head = await leaseHead(db, store.dialect, this.lease, clock.now());
    switch (head.kind) {
      case 'idle':
        return 60_000;
      case 'due-later':
        return Math.max(head.at.getTime() - clock.now().getTime(), 10);
      case 'leased-elsewhere':
        return 1_000;
      case 'leased':
        await this.work(head.transmission).catch((error: unknown) => {
          if (!(error instanceof LeaseLostError)) throw error;
          this.log.warn({ transmissionId: head.transmission.id }, error.message);
        });
        return 0;
    }
  }

  private async work(transmission: Transmission): Promise<void> {
    const { db } = this.context;
    if (!transmission.grouped) {
      const lines = await groupTransmission(db, transmission, this.lease);
      this.log.info(
        { transmissionId: transmission.id, closingId: transmission.closing_id, lines },
        `closing ${transmission.closing_id} grouped into ${lines} lines`,
      );
    }

    const connection = await this.connection();
    if (!connection) {
      await this.retryLater(transmission, null, {
        kind: 'transient',
        error: 'no JOMOsoft connection is stored; pair with the portal or set one',
        retryAfterMs: null,
        httpStatus: null,
        latencyMs: 0,
      });
      return;
    }

    for (;;) {
      const request = await nextPendingRequest(db, transmission.id);
      if (!request) break;

      const outcome = await this.send(transmission, request, connection.client);
      if (outcome.kind !== 'answered') return;
    }

    await this.finish(transmission);
  }

  private async send(
    transmission: Transmission,
    request: NonNullable<Awaited<ReturnType<typeof nextPendingRequest>>>,
    client: JomosoftClient,
  ): Promise<SendOutcome> {
    const { db, clock } = this.context;
    if (!(await renewLease(db, transmission.id, this.lease, clock.now()))) {
      throw new LeaseLostError(transmission.id);
    }
    const attemptId = await recordSending(
      db,
      transmission,
      request.requestNo,
      this.lease,
      clock.now(),
    );
    this.options.crashPoint?.('after-sending-recorded');

    const closing = await db
      .selectFrom('closings')
      .select(['id', 'number', 'business_date', 'closed_at'])
      .where('id', '=', transmission.closing_id)
      .executeTakeFirstOrThrow();
    const outcome = await client.sendBookings(
      {
        id: closing.id,
        number: closing.number,
        businessDate: closing.business_date,
        closedAt: closing.closed_at,
      },
      request.bookings,
      idempotencyKey(transmission.id, request.requestNo),
    );
    this.options.crashPoint?.('after-answer-before-outcome');

    this.logOutcome(transmission, request.requestNo, request.bookings.length, outcome);
    if (outcome.kind === 'answered') {
      await db.transaction().execute(async (trx) => {
        await this.assertLease(trx, transmission.id);
        await recordAnswer(trx, transmission, attemptId, outcome, clock.now());
      });
    } else {
      await this.retryLater(transmission, attemptId, outcome);
    }

    return outcome;
  }

  private async retryLater(
    transmission: Transmission,
    attemptId: number | null,
    outcome: Exclude<SendOutcome, { kind: 'answered' }>,
  ): Promise<void> {
    const { db, clock } = this.context;
    const now = clock.now();
    const interval = await this.retryIntervalMs();
    const retryAfter = outcome.kind === 'transient' ? outcome.retryAfterMs : null;
    const delay = Math.max(interval, retryAfter ?? 0);
    const error =
      outcome.kind === 'credentials-refused'
        ? `credentials refused: ${outcome.error}`
        : outcome.error;

    await db.transaction().execute(async (trx) => {
      await this.assertLease(trx, transmission.id);
      if (attemptId !== null) {
        await finishAttempt(trx, attemptId, now, {
          outcome: outcome.kind,
          httpStatus: outcome.httpStatus,
          error,
        });
      }
      await trx
        .updateTable('transmissions')
        .set((eb) => ({
          status: 'retrying',
          next_attempt_at: new Date(now.getTime() + delay).toISOString(),
          last_error: error,
          waiting_since: eb.fn.coalesce('waiting_since', eb.val(now.toISOString())),
          lease_owner: null,
          lease_until: null,
        }))
        .where('id', '=', transmission.id)
        .execute();
    });

    this.log.warn(
      {
        transmissionId: transmission.id,
        closingId: transmission.closing_id,
        error,
        retryInMs: delay,
      },
      `transmission of closing ${transmission.closing_id} retrying in ` +
        `${Math.round(delay / 1000)} s: ${error}`,
    );
  }

  private async finish(transmission: Transmission): Promise<void> {
    const { db, clock } = this.context;
    const now = clock.now();

    const counts = await db.transaction().execute(async (trx) => {
      await this.assertLease(trx, transmission.id);
      const counts = await countResults(trx, transmission.id);
      await trx
        .updateTable('transmissions')
        .set({
          status: 'done',
          transmitted: counts.transmitted,
          rejected: counts.rejected,
          next_attempt_at: null,
          waiting_since: null,
          finished_at: now.toISOString(),
          lease_owner: null,
          lease_until: null,
        })
        .where('id', '=', transmission.id)
        .execute();
      await this.options.onFinished?.(trx, transmission.id, now);
      return counts;
    });
    this.options.crashPoint?.('after-finished');
    this.context.nudges.nudge('mail');

    this.log.info(
      { transmissionId: transmission.id, closingId: transmission.closing_id, ...counts },
      `transmission of closing ${transmission.closing_id} done: ` +
        `${counts.transmitted} item bookings transmitted, ${counts.rejected} rejected`,
    );
  }

  private async assertLease(trx: Executor, transmissionId: string): Promise<void> {
    const row = await trx
      .selectFrom('transmissions')
      .select('lease_owner')
      .where('id', '=', transmissionId)
      .executeTakeFirst();
    if (row?.lease_owner !== this.lease.owner) throw new LeaseLostError(transmissionId);
  }

  private logOutcome(
    transmission: Transmission,
    requestNo: number,
    size: number,
    outcome: SendOutcome,
  ): void {
    const fields = {
      transmissionId: transmission.id,
      closingId: transmission.closing_id,
      requestNo,
      itemBookings: size,
      outcome: outcome.kind,
      httpStatus: outcome.httpStatus,
      latencyMs: outcome.latencyMs,
    };
    this.options.onSendOutcome?.(outcome, size);
    if (outcome.kind === 'answered') {
      this.log.info(fields, `request ${requestNo} of closing ${transmission.closing_id} answered`);
    } else {
      this.log.warn(
        { ...fields, error: outcome.error },
        `request ${requestNo} of closing ${transmission.closing_id} failed`,
      );
    }
  }

  /** One client per stored connection; a changed connection gets a new client (and token). */
  private async connection(): Promise<{ client: JomosoftClient } | null> {
    const stored = await readConnection(this.context.db);
    if (!stored) return null;

    const key = JSON.stringify([
      stored.apiUrl,
      stored.tokenUrl,
      stored.clientId,
      stored.clientSecretSealed,
    ]);
    if (this.client?.key !== key) {
      await this.client?.client.close();
      const connection: JomosoftConnection = openConnection(stored, this.context.secrets);
      this.client = {
        key,
        client: new JomosoftClient(connection, { ...this.options.clientOptions, logger: this.log }),
      };
    }
    return { client: this.client.client };
  }

  private async retryIntervalMs(): Promise<number> {
    const stored = await readSetting<string>(this.context.db, SETTING.retryInterval);
    const fromDatabase = stored ? parseDuration(stored) : null;
    return fromDatabase ?? this.context.config.WAWI_RETRY_INTERVAL ?? DEFAULT_RETRY_INTERVAL_MS;
  }
}

async function countResults(trx: Executor, transmissionId: string) {
  const rows = await trx
    .selectFrom('item_bookings')
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .where('transmission_id', '=', transmissionId)
    .groupBy('status')
    .execute();
  const count = (...statuses: string[]) =>
    rows
      .filter((row) => statuses.includes(row.status))
      .reduce((sum, row) => sum + Number(row.count), 0);

  return {
    transmitted: count('booked', 'duplicate'),
    rejected: count('rejected', 'failed'),
    notTransmitted: count('not-transmitted'),
    leftOut: count('left-out'),
  };
}
