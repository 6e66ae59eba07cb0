import { InvalidArgumentError, type Command } from 'commander';

import { formatAmount, parseDecimal } from '../shared/decimal.js';
import { ConfigError } from '../shared/errors.js';
import { parseDuration } from '../shared/duration.js';
import { simulate, type SimulationEvent, type SimulationReport } from './simulate.js';

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('play the cash registers of a canteen against a running service (POS API only)')
    .option('--url <url>', 'the service', 'http://127.0.0.1:8080')
    .option('--token <token>', 'a POS API token (default: $WAWI_POS_TOKEN)')
    .option('--points-of-sale <n>', 'points of sale', count, 3)
    .option('--registers <n>', 'registers per point of sale', count, 2)
    .option('--items <n>', 'items, taken from the sandbox catalogue', count, 60)
    .option('--bookings-per-minute <n>', 'bookings per minute, all registers together', count, 20)
    .option('--duration <time>', 'book in real time for this long (10m, 90s), then close', duration)
    .option('--days <n>', 'business days, each booked as fast as the service takes it', count)
    .option('--opening-hours <n>', 'opening hours of a business day (from 07:00)', count, 12)
    .option('--returns <share>', 'share of bookings that are returns', share, 50_000)
    .option('--seed <n>', 'random seed: the same seed makes the same bookings', count, 1)
    .option('--start-date <date>', 'first business date in days mode (default today)')
    .option('--batch-size <n>', 'bookings per request (at most 10000)', count, 1_000)
    .option('--concurrency <n>', 'booking requests in flight at once', count, 2)
    .option('--no-master-data', 'do not upsert master data first')
    .option('--json', 'print the report as JSON')
    .action(async (options) => {
      const token = options.token ?? process.env.WAWI_POS_TOKEN;
      if (!token) throw new ConfigError('give --token or set WAWI_POS_TOKEN');
      if (options.duration !== undefined && options.days !== undefined) {
        throw new ConfigError('give --duration or --days, not both');
      }
      if (options.openingHours > 17) throw new ConfigError('--opening-hours: at most 17');

      const report = await simulate({
        url: options.url,
        token,
        pointsOfSale: options.pointsOfSale,
        registers: options.registers,
        items: options.items,
        bookingsPerMinute: options.bookingsPerMinute,
        durationMs: options.duration,
        days: options.days,
        openingMinutes: options.openingHours * 60,
        returnsPerMillion: options.returns,
        seed: options.seed,
        startDate: options.startDate,
        batchSize: options.batchSize,
        concurrency: options.concurrency,
        upsertMasterData: options.masterData,
        onProgress: options.json ? undefined : printProgress,
        signal: interruptSignal(),
      });

      if (options.json) console.log(JSON.stringify(report, null, 2));
      else printReport(report);
      if (!report.allHeld) process.exitCode = 1;
    });
}

function printProgress(event: SimulationEvent): void {
  switch (event.kind) {
    case 'master-data': {
      const { priceLevels, pointsOfSale, registers, items } = event.counts;
      console.log(
        `master data: ${priceLevels} price levels, ${pointsOfSale} points of sale, ` +
          `${registers} registers, ${items} items`,
      );
      return;
    }
    case 'day':
      console.log(
        event.bookings
          ? `business day ${event.businessDate}: ${event.bookings} bookings`
          : `business day ${event.businessDate}: booking in real time (Ctrl-C closes early)`,
      );
      return;
    case 'bookings':
      if (event.total === null || event.sent === event.total || event.sent % 10_000 === 0) {
        console.log(`  ${event.sent}${event.total === null ? '' : ` of ${event.total}`} sent`);
      }
      return;
    case 'closing': {
      const { closing } = event;
      const gross = formatAmount(closing.expected.grossCents);
      const expected = `${closing.expected.bookings} bookings, ${gross}`;
      console.log(
        closing.held
          ? `  closing ${closing.number} of ${closing.registerId}: ${expected} (held)`
          : `  closing ${closing.number} of ${closing.registerId}: expected ${expected}, ` +
              `NOT held: ${closing.message ?? 'the service took other totals'}`,
      );
    }
  }
}

export function printReport(report: SimulationReport): void {
  const seconds = report.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(report.bookings / seconds) : report.bookings;
  console.log(
    [
      '',
      `sent:      ${report.bookings} bookings (${report.sales} sales, ${report.returns} returns) ` +
        `in ${report.batches} requests, gross ${formatAmount(report.grossCents)}`,
      `service:   ${report.accepted} accepted, ${report.duplicates} duplicates`,
      `closings:  ${report.closings.length}, expected totals held in ${report.closingsHeld}`,
      `time:      ${seconds.toFixed(1)} s, ${rate} bookings/s`,
      report.allHeld ? 'every closing held' : 'SOME CLOSINGS DID NOT HOLD',
    ].join('\n'),
  );
}

/** The first Ctrl-C ends a real-time run early and still closes the registers. */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  return controller.signal;
}

function count(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError('must be a whole number');
  }
  return value;
}

function duration(text: string): number {
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) throw new InvalidArgumentError('must be a duration such as 10m');
  return ms;
}

/** "0.05" → 50,000 in a million, exactly. */
function share(text: string): number {
  const parsed = parseDecimal(text.trim(), 6);
  if (!parsed.ok || parsed.value < 0 || parsed.value > 1_000_000) {
    throw new InvalidArgumentError('must be a share between 0 and 1, such as 0.05');
  }
  return parsed.value;
}
