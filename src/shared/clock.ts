/**
 * The time the service runs on. Production uses the system clock; the long-outage tests move a
 * controllable one forward by days without waiting.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that starts at the real time plus an offset read from `WAWI_CLOCK_OFFSET_FILE`, so a
 * test can move a running service's time by writing a number of milliseconds into that file.
 */
export function offsetClock(readOffset: () => number): Clock {
  return { now: () => new Date(Date.now() + readOffset()) };
}
