/**
 * Business dates and POS times as text, without a time-zone library: the simulated POS stamps
 * its bookings in one fixed UTC offset, which is all the POS API needs.
 */

/** `2026-12-03` plus `days`. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The local calendar date of a moment, as the POS's business date. */
export function localDate(moment: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`;
}

// LIMITATION: one fixed offset for every day (default +01:00): no daylight saving time, which
// the POS API does not care about but a reader of the simulated times might.
/** `2026-12-03T07:04:11+01:00` for a second of the business day. */
export function posTime(date: string, secondOfDay: number, offset: string): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const hours = Math.floor(secondOfDay / 3600);
  const minutes = Math.floor((secondOfDay % 3600) / 60);
  return `${date}T${pad(hours)}:${pad(minutes)}:${pad(secondOfDay % 60)}${offset}`;
}
