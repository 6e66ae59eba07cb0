/**
 * The time the service runs on. Production uses the system clock; the long-outage tests hand the
 * service a clock they move forward by days without waiting.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
