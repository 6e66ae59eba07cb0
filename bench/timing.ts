import { setTimeout as sleep } from 'node:timers/promises';

/** Milliseconds since `start`, from the monotonic clock. */
export function msSince(start: number): number {
  return performance.now() - start;
}

/**
 * Polls `probe` until it answers something other than null. Bounded in time and so in count: the
 * bench never waits forever on a service that has stopped making progress. `everyMs` may grow
 * with the time waited, so a long wait is not paid for with a stream of requests that load the
 * very service being timed.
 */
export async function waitUntil<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | null>,
  everyMs: number | ((waitedMs: number) => number) = 20,
): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = await probe();
    if (value !== null) return value;

    const waited = performance.now() - started;
    if (waited > timeoutMs) throw new Error(`gave up after ${timeoutMs} ms: ${what}`);
    await sleep(typeof everyMs === 'number' ? everyMs : everyMs(waited));
  }
}

/** A poll interval of about a twentieth of the time waited so far: within 5 % of the truth. */
export function pollingAtFivePercent(waitedMs: number): number {
  return Math.min(250, Math.max(10, waitedMs / 20));
}

/** The median of a few timings; the middle one is steadier than the mean on a shared machine. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
