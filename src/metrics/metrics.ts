import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import type { AppContext } from '../app/context.js';
import type { Database } from '../db/database.js';
import type { ItemBookingStatus, MailStatus, TransmissionStatus } from '../db/schema.js';
import type { SendOutcome } from '../jomosoft/client.js';

/**
 * The metrics of one service instance, in a registry of its own (never prom-client's global one,
 * so several instances in one process, as in the tests, do not mix). What the database knows is
 * read at scrape time, so every instance sharing a PostgreSQL shows the same totals; only the
 * JOMOsoft request latency is this instance's own, observed as its worker sends.
 */
export interface ServiceMetrics {
  registry: Registry;
  /** Reads the database's figures into the registry; false when the database does not answer. */
  refresh(): Promise<boolean>;
  observeSend(outcome: SendOutcome): void;
}

export const TRANSMISSION_STATES: TransmissionStatus[] = [
  'waiting',
  'sending',
  'retrying',
  'done',
  'skipped',
  'not-active',
];

const ITEM_BOOKING_RESULTS: ItemBookingStatus[] = [
  'booked',
  'duplicate',
  'rejected',
  'failed',
  'not-transmitted',
  'left-out',
];

const MAIL_STATES: MailStatus[] = ['queued', 'sent', 'failed'];

const UNFINISHED: TransmissionStatus[] = ['waiting', 'sending', 'retrying'];

const byContext = new WeakMap<AppContext, ServiceMetrics>();

/** The metrics of the service this context belongs to, made on first use. */
export function serviceMetrics(context: AppContext): ServiceMetrics {
  let metrics = byContext.get(context);
  if (!metrics) {
    metrics = createMetrics(context);
    byContext.set(context, metrics);
  }
  return metrics;
}

function createMetrics(context: AppContext): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const databaseUp = new Gauge({
    name: 'wawi_database_up',
    help: '1 when the database answered the last scrape, else 0',
    registers,
  });
  const transmissions = new Gauge({
    name: 'wawi_transmissions',
    help: 'Transmissions (one per closing) by state',
    labelNames: ['state'],
    registers,
  });
  const attempts = new Counter({
    name: 'wawi_transmission_attempts_total',
    help: 'Requests made to JOMOsoft for transmissions, by outcome (from the database)',
    labelNames: ['outcome'],
    registers,
  });
  const itemBookings = new Counter({
    name: 'wawi_item_bookings_total',
    help: 'Item bookings by result: booked, duplicate, rejected, failed, not-transmitted, left-out',
    labelNames: ['result'],
    registers,
  });
  const oldestWaiting = new Gauge({
    name: 'wawi_oldest_waiting_transmission_age_seconds',
    help: 'Age of the oldest transmission not yet done (waiting, sending, retrying); 0 when none',
    registers,
  });
  const mails = new Gauge({
    name: 'wawi_mails',
    help: 'Mails by state: queued (not yet sent), sent, failed (given up)',
    labelNames: ['state'],
    registers,
  });
  const mailsRetrying = new Gauge({
    name: 'wawi_mails_retrying',
    help: 'Queued mails whose last attempt failed (the SMTP server refused or was unreachable)',
    registers,
  });
  // LIMITATION: a `worker`-only instance has no HTTP listener, so the latency its worker
  // observes is never scraped; the database-derived figures are on every `serve` instance.
  const latency = new Histogram({
    name: 'wawi_jomosoft_request_duration_seconds',
    help: "JOMOsoft sales-bookings requests made by this instance's worker, by outcome",
    labelNames: ['outcome'],
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });

  return {
    registry,
    observeSend(outcome) {
      latency.observe({ outcome: outcome.kind }, outcome.latencyMs / 1000);
    },
    async refresh() {
      let figures: DatabaseFigures;
      try {
        figures = await readFigures(context.db);
      } catch (error) {
        context.logger.warn({ err: error }, 'metrics: the database did not answer');
        databaseUp.set(0);
        return false;
      }

      databaseUp.set(1);
      setLabelled(transmissions, 'state', TRANSMISSION_STATES, figures.transmissions);
      resetCounter(attempts, 'outcome', outcomeKinds(figures.attempts));
      resetCounter(itemBookings, 'result', withZeros(ITEM_BOOKING_RESULTS, figures.itemBookings));
      setLabelled(mails, 'state', MAIL_STATES, figures.mails);
      mailsRetrying.set(figures.mailsRetrying);
      const oldest = figures.oldestUnfinished;
      const age = oldest ? (context.clock.now().getTime() - Date.parse(oldest)) / 1000 : 0;
      oldestWaiting.set(Math.max(0, age));
      return true;
    },
  };
}

interface DatabaseFigures {
  transmissions: Map<string, number>;
  attempts: Map<string, number>;
  itemBookings: Map<string, number>;
  mails: Map<string, number>;
  mailsRetrying: number;
  oldestUnfinished: string | null;
}

/** Every figure in a handful of grouped counts; none loads rows. */
async function readFigures(db: Database): Promise<DatabaseFigures> {
  const transmissions = await db
    .selectFrom('transmissions')
    .select((eb) => ['status as key', eb.fn.countAll<number>().as('count')])
    .groupBy('status')
    .execute();
  const oldest = await db
    .selectFrom('transmissions')
    .select((eb) => eb.fn.min('created_at').as('oldest'))
    .where('status', 'in', UNFINISHED)
    .executeTakeFirst();
  const attempts = await db
    .selectFrom('transmission_attempts')
    .select((eb) => ['outcome as key', eb.fn.countAll<number>().as('count')])
    .groupBy('outcome')
    .execute();
  const itemBookings = await db
    .selectFrom('item_bookings')
    .select((eb) => ['status as key', eb.fn.countAll<number>().as('count')])
    .where('status', '!=', 'pending')
    .groupBy('status')
    .execute();
  const mails = await db
    .selectFrom('mails')
    .select((eb) => ['status as key', eb.fn.countAll<number>().as('count')])
    .groupBy('status')
    .execute();
  const retrying = await db
    .selectFrom('mails')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('status', '=', 'queued')
    .where('last_error', 'is not', null)
    .executeTakeFirst();

  return {
    transmissions: toMap(transmissions),
    attempts: toMap(attempts),
    itemBookings: toMap(itemBookings),
    mails: toMap(mails),
    mailsRetrying: Number(retrying?.count ?? 0),
    oldestUnfinished: (oldest?.oldest as string | null | undefined) ?? null,
  };
}

function toMap(rows: Array<{ key: string; count: number | string | bigint }>): Map<string, number> {
  return new Map(rows.map((row) => [row.key, Number(row.count)]));
}

/**
 * An attempt's stored outcome reads "answered, 2 rejected" for a person; the label keeps only its
 * kind (answered, transient, credentials-refused, sending), so the series stay few.
 */
function outcomeKinds(counts: Map<string, number>): Map<string, number> {
  const kinds = new Map<string, number>();
  for (const [outcome, count] of counts) {
    const kind = outcome.split(',')[0]!.trim();
    kinds.set(kind, (kinds.get(kind) ?? 0) + count);
  }
  return kinds;
}

function withZeros(keys: string[], counts: Map<string, number>): Map<string, number> {
  const all = new Map(keys.map((key) => [key, 0]));
  for (const [key, count] of counts) all.set(key, count);
  return all;
}

function setLabelled(
  gauge: Gauge<string>,
  label: string,
  keys: string[],
  counts: Map<string, number>,
): void {
  for (const [key, count] of withZeros(keys, counts)) gauge.set({ [label]: key }, count);
}

/**
 * A counter whose value lives in the database: set to the stored total at each scrape. It only
 * goes down if rows are deleted, which the service never does.
 */
function resetCounter(counter: Counter<string>, label: string, counts: Map<string, number>) {
  counter.reset();
  for (const [key, count] of counts) counter.inc({ [label]: key }, count);
}
