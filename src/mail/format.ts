/**
 * Numbers and dates as a reader of the mail expects them in its language: "1.234,50 €" and
 * "03.12.2026" in German, "€1,234.50" and "2026-12-03" in English. Amounts and quantities arrive
 * as integers (cents, thousandths) and are formatted on their digits, never through a float.
 */
import { formatAmount, formatQuantity } from '../shared/decimal.js';

export type MailLanguage = 'de' | 'en';

const SEPARATORS: Record<MailLanguage, { decimal: string; group: string }> = {
  de: { decimal: ',', group: '.' },
  en: { decimal: '.', group: ',' },
};

/** "12,50 €" in German, "€12.50" in English. */
// LIMITATION: the currency is always the euro; a Swiss installation's mails say € for francs.
export function formatMoney(cents: number, language: MailLanguage): string {
  const { sign, digits } = splitSign(formatAmount(cents));
  const number = localizeDigits(digits, language);

  return language === 'de' ? `${sign}${number} €` : `${sign}€${number}`;
}

/** "12,5" in German, "12.5" in English; only the decimals the quantity needs. */
export function formatCount(thousandths: number, language: MailLanguage): string {
  const { sign, digits } = splitSign(formatQuantity(thousandths));

  return sign + localizeDigits(digits, language);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A business date "2026-12-03" as "03.12.2026" in German; English keeps the ISO form. */
export function formatBusinessDate(isoDate: string, language: MailLanguage): string {
  const match = ISO_DATE.exec(isoDate);
  if (!match || language === 'en') return isoDate;

  const [, year, month, day] = match;
  return `${day}.${month}.${year}`;
}

/**
 * "03.12.2026, 21:14 Uhr" in German, "2026-12-03 21:14" in English, in the given time zone (the
 * installation's, or the process's when none is given).
 */
export function formatDateTime(moment: Date, language: MailLanguage, timeZone?: string): string {
  if (Number.isNaN(moment.getTime())) return '?';

  const parts = dateTimeParts(moment, timeZone);
  const date = formatBusinessDate(`${parts.year}-${parts.month}-${parts.day}`, language);
  const time = `${parts.hour}:${parts.minute}`;

  return language === 'de' ? `${date}, ${time} Uhr` : `${date} ${time}`;
}

/** Like formatDateTime for a timestamp string; shows the string itself when it is no date. */
export function formatTimestamp(iso: string, language: MailLanguage, timeZone?: string): string {
  const moment = new Date(iso);

  return Number.isNaN(moment.getTime()) ? iso : formatDateTime(moment, language, timeZone);
}

function dateTimeParts(moment: Date, timeZone?: string): Record<string, string> {
  const formatter = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });

  return Object.fromEntries(formatter.formatToParts(moment).map((part) => [part.type, part.value]));
}

function splitSign(decimal: string): { sign: string; digits: string } {
  return decimal.startsWith('-')
    ? { sign: '-', digits: decimal.slice(1) }
    : { sign: '', digits: decimal };
}

function localizeDigits(decimal: string, language: MailLanguage): string {
  const { decimal: point, group } = SEPARATORS[language];
  const [whole = '', fraction] = decimal.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, group);

  return fraction === undefined ? grouped : `${grouped}${point}${fraction}`;
}
