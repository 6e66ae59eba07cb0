import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';

import type { BenchOptions, FigureName, StoreName } from './options.js';

/**
 * One measured figure: the service's value, the bare database's value for the same work in the
 * same run, their ratio, and the goal it is held against. `met` is null where no goal applies
 * (PostgreSQL's ingest) or the figure could not be measured.
 */
export interface Figure {
  figure: FigureName;
  store: StoreName;
  /** What was measured, e.g. "closing of 100,000 bookings". */
  label: string;
  service: Measure;
  baseline: Measure | null;
  /** service / baseline, oriented so that the goal reads naturally (see `goal`). */
  ratio: number | null;
  goal: string;
  met: boolean | null;
  /** Further readings: peak memory, requests, ordering checks, how it was measured. */
  extra: Record<string, number | string | boolean | null>;
}

export interface Measure {
  value: number;
  unit: string;
  what: string;
}

export interface BenchReport {
  startedAt: string;
  commit: string;
  dirty: boolean;
  machine: { cpus: number; model: string; memoryGiB: number; node: string };
  options: BenchOptions;
  postgres: string | null;
  figures: Figure[];
  failures: Array<{ figure: FigureName; store: StoreName; error: string }>;
}

export function machine(): BenchReport['machine'] {
  return {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

export function gitState(root: string): { commit: string; dirty: boolean } {
  const git = (args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    return {
      commit: git(['rev-parse', '--short', 'HEAD']).trim(),
      dirty: git(['status', '--porcelain', '--untracked-files=no']).trim() !== '',
    };
  } catch {
    return { commit: 'unknown', dirty: true };
  }
}

/** bench/results/<date>-<commit>.json; a second run on the same day and commit gets a suffix. */
export function writeReport(root: string, report: BenchReport): string {
  const dir = resolve(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const stem = `${report.startedAt.slice(0, 10)}-${report.commit}`;
  for (let run = 1; run <= 1_000; run += 1) {
    const file = resolve(dir, run === 1 ? `${stem}.json` : `${stem}-${run}.json`);
    if (existsSync(file)) continue;

    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    return file;
  }
  throw new Error(`bench/results holds a thousand runs of ${stem}; clear some out`);
}

export function formatTable(figures: Figure[]): string {
  const header = ['figure', 'store', 'service', 'bare database', 'ratio', 'goal', 'met', 'notes'];
  const rows = figures.map((figure) => [
    figure.label,
    figure.store,
    formatMeasure(figure.service),
    figure.baseline ? formatMeasure(figure.baseline) : '–',
    figure.ratio === null ? '–' : figure.ratio.toFixed(2),
    figure.goal,
    figure.met === null ? '–' : figure.met ? 'yes' : 'NO',
    notes(figure.extra),
  ]);

  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();

  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  );
}

function formatMeasure(measure: Measure): string {
  const value =
    measure.value >= 100
      ? Math.round(measure.value).toLocaleString('en')
      : measure.value.toFixed(1);
  return `${value} ${measure.unit}`;
}

function notes(extra: Figure['extra']): string {
  return Object.entries(extra)
    .filter(([key]) => !key.startsWith('_'))
    .map(([key, value]) => `${key} ${typeof value === 'number' ? round(value) : value}`)
    .join(', ');
}

function round(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en') : value.toFixed(2);
}
