import { resolve } from 'node:path';

import { backlogFigure } from './figures/backlog.js';
import { bulkFigure } from './figures/bulk.js';
import { closingFigures } from './figures/closing.js';
import type { FigureContext } from './figures/context.js';
import { ingestFigure } from './figures/ingest.js';
import { parseOptions, UsageError, type FigureName, type StoreName } from './options.js';
import {
  formatTable,
  gitState,
  machine,
  writeReport,
  type BenchReport,
  type Figure,
} from './report.js';
import { compileService } from './service-process.js';
import { openBenchStores } from './stores.js';

/**
 * `npm run bench`: every figure on every store, each against the bare database in the same run,
 * printed as a table and written to bench/results/<date>-<commit>.json. Not a test: nothing here
 * asserts a time; a missed goal is reported, not failed.
 */

const ROOT = resolve(import.meta.dirname, '..');

const FIGURE_RUNNERS: Record<FigureName, (context: FigureContext) => Promise<Figure[]>> = {
  ingest: async (context) => [await ingestFigure(context)],
  closing: closingFigures,
  backlog: async (context) => [await backlogFigure(context)],
  bulk: async (context) => [await bulkFigure(context)],
};

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const log = (message: string) => console.error(`[bench ${clock()}] ${message}`);

  log('compiling the service into .tmp/bench-dist');
  compileService();
  const stores = await openBenchStores(options.stores);
  const report: BenchReport = {
    startedAt,
    ...gitState(ROOT),
    machine: machine(),
    options,
    postgres: stores.postgresSource,
    figures: [],
    failures: [],
  };

  try {
    for (const store of options.stores) {
      if (!stores.available(store)) {
        log(`no PostgreSQL: none is installed and DATABASE_URL_BENCH is not set; skipping it`);
        continue;
      }
      for (const figure of options.figures) {
        await runFigure(
          report,
          { store, stores, options, log: (line) => log(`${store} ${figure}: ${line}`) },
          figure,
        );
      }
    }
  } finally {
    await stores.close();
  }

  console.log(`\n${formatTable(report.figures)}\n`);
  for (const failure of report.failures) {
    console.log(`FAILED ${failure.figure} on ${failure.store}: ${failure.error}`);
  }
  console.log(`written to ${writeReport(ROOT, report)}`);

  return report.failures.length > 0 ? 1 : 0;
}

/** A figure that fails is recorded and the others still run: one broken figure hides nothing. */
async function runFigure(report: BenchReport, context: FigureContext, figure: FigureName) {
  try {
    report.figures.push(...(await FIGURE_RUNNERS[figure](context)));
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    context.log(`failed: ${text}`);
    report.failures.push({ figure, store: context.store as StoreName, error: firstLine(text) });
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function clock(): string {
  return new Date().toISOString().slice(11, 19);
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof UsageError ? error.message : error);
  process.exitCode = 2;
}
