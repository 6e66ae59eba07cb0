import type { BenchOptions, StoreName } from '../options.js';
import type { BenchStores } from '../stores.js';

/** What every figure gets: the store it runs on, the options, and a line-by-line progress log. */
export interface FigureContext {
  store: StoreName;
  stores: BenchStores;
  options: BenchOptions;
  log(message: string): void;
}

export function perSecond(count: number, ms: number): number {
  return (count * 1000) / ms;
}

export function count(value: number): string {
  return value.toLocaleString('en');
}
