import type { Reporter, TestModule } from 'vitest/node';

import type { SummaryRow } from './summary.js';

/** Prints the summary table after vitest's own report. */
export default class SummaryReporter implements Reporter {
  private started = Date.now();

  onTestRunStart(): void {
    this.started = Date.now();
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    // Tests naming the same scenario share a row: trials and times add up, any failure shows.
    const rows: Array<{ row: SummaryRow; result: string; ms: number }> = [];
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const row = test.meta().reliability;
        if (!row) continue;
        const result = test.result();
        const error = result.state === 'failed' ? firstLine(result.errors?.[0]?.message) : '';
        const verdict = { passed: 'held', failed: `FAILED: ${error}`, skipped: 'skipped' };
        const outcome = verdict[result.state as keyof typeof verdict] ?? result.state;
        const ms = test.diagnostic()?.duration ?? 0;

        const same = rows.find((seen) => seen.row.scenario === row.scenario);
        if (!same) {
          rows.push({ row: { ...row, held: [...row.held] }, result: outcome, ms });
          continue;
        }
        same.row.trials += row.trials;
        same.row.held.push(...row.held.filter((held) => !same.row.held.includes(held)));
        same.ms += ms;
        if (same.result === 'held') same.result = outcome;
      }
    }
    if (rows.length === 0) return;

    const lines = rows.map(({ row, result, ms }) => [
      row.scenario,
      String(row.trials),
      `${(ms / 1000).toFixed(1)} s`,
      result === 'held' ? row.held.join('; ') || 'held' : result,
    ]);
    const header = ['scenario', 'trials', 'time', 'what held'];
    const widths = header.map((title, column) =>
      Math.min(
        column === 3 ? 200 : 72,
        Math.max(title.length, ...lines.map((line) => line[column]!.length)),
      ),
    );
    const format = (cells: string[]) =>
      `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
    const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
    const failed = rows.filter(({ result }) => result !== 'held' && result !== 'skipped').length;
    const seconds = Math.round((Date.now() - this.started) / 1000);

    console.log(
      [
        '',
        `Reliability summary (${rows.length} scenarios, ${failed} failed, ${seconds} s)`,
        format(header),
        rule,
        ...lines.map(format),
        '',
      ].join('\n'),
    );
  }
}

function firstLine(message: string | undefined): string {
  return (message ?? 'failed').split('\n')[0]!.slice(0, 160);
}
