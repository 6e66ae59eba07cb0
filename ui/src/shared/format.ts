/**
 * Numbers and times as a reader in the chosen language expects them. Amounts and quantities
 * arrive as exact decimal strings; they are re-punctuated as text and never pass through a
 * floating-point number.
 */

export function formatDecimal(value: string | null | undefined, language: string): string {
  if (value === null || value === undefined || value === '') return '–';
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return value;

  const [, sign, whole = '', fraction] = match;
  const german = language.startsWith('de');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, german ? '.' : ',');
  const minus = sign ? '−' : '';

  return fraction ? `${minus}${grouped}${german ? ',' : '.'}${fraction}` : `${minus}${grouped}`;
}

/** A VAT rate such as "7" or "8.1" as "7 %" / "7%". */
export function formatPercent(value: string, language: string): string {
  return language.startsWith('de') ? `${formatDecimal(value, language)} %` : `${value}%`;
}

export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;

  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' }).format(
    date,
  );
}

/** A business date ("2026-12-03") is a calendar day, not an instant: no time zone applies. */
export function formatDate(day: string | null | undefined, language: string): string {
  if (!day) return '–';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;

  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** "in 3 min", "vor 2 Std." for times close to now, so a waiting transmission reads at a glance. */
export function formatRelative(
  iso: string | null | undefined,
  language: string,
  now = Date.now(),
): string {
  if (!iso) return '–';
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return iso;

  const seconds = Math.round((at - now) / 1000);
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'short' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return format.format(Math.round(seconds / 3600), 'hour');

  return format.format(Math.round(seconds / 86400), 'day');
}

/** A time today as "17:45:49", another day's as "03.12.26, 17:45": short enough for a badge. */
export function formatMoment(
  iso: string | null | undefined,
  language: string,
  now = new Date(),
): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;

  const today = date.toDateString() === now.toDateString();
  const options: Intl.DateTimeFormatOptions = today
    ? { timeStyle: 'medium' }
    : { dateStyle: 'short', timeStyle: 'short' };
  return new Intl.DateTimeFormat(language, options).format(date);
}
