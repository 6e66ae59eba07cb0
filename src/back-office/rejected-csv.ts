import type { Executor } from '../db/database.js';
import type { MailLanguage } from '../mail/format.js';
import { STANDARD_ERROR_TEXT } from '../mail/texts.js';
import { readSetting, SETTING } from '../settings/settings.js';
import type { ItemBookingView } from '../transmission/read-model.js';
import { transmissionDetail } from './transmissions.js';

/**
 * The rejected and failed item bookings of one transmission as a CSV file for Excel, so they can
 * be booked by hand: semicolons, a UTF-8 byte order mark (without it Excel reads ANSI), and in
 * German decimal commas, in the installation's language.
 */

const HEADERS: Record<MailLanguage, string[]> = {
  en: [
    'Status',
    'Error text',
    'Point of sale',
    'Cost centre',
    'Price level',
    'Price group',
    'Article',
    'Items',
    'VAT rate',
    'Quantity',
    'Gross amount',
    'Net amount',
    'Key',
  ],
  de: [
    'Status',
    'Fehlertext',
    'Verkaufsstelle',
    'Kostenstelle',
    'Preisebene',
    'Preisgruppe',
    'Artikel',
    'Artikel der Kasse',
    'MwSt.-Satz',
    'Menge',
    'Bruttobetrag',
    'Nettobetrag',
    'Schlüssel',
  ],
};

const STATUS: Record<MailLanguage, Record<string, string>> = {
  en: { rejected: 'rejected', failed: 'failed' },
  de: { rejected: 'abgelehnt', failed: 'fehlgeschlagen' },
};

export async function rejectedCsv(
  db: Executor,
  id: string,
): Promise<{ fileName: string; content: string }> {
  const detail = await transmissionDetail(db, id);
  const language = await installationLanguage(db);
  const lines = detail.itemBookings.filter(
    (line) => line.status === 'rejected' || line.status === 'failed',
  );

  const rows = [HEADERS[language], ...lines.map((line) => rowOf(line, language))];
  const content = '\uFEFF' + rows.map((row) => row.map(cell).join(';')).join('\r\n') + '\r\n';

  return {
    fileName: `transmission-${detail.closing.number}-${detail.closing.businessDate}-rejected.csv`,
    content,
  };
}

type Line = ItemBookingView & { pointOfSaleName: string | null; priceLevelName: string | null };

function rowOf(line: Line, language: MailLanguage): string[] {
  const number = (text: string) => (language === 'de' ? text.replace('.', ',') : text);

  return [
    STATUS[language][line.status] ?? line.status,
    text(line.message ?? STANDARD_ERROR_TEXT[language]),
    text(line.pointOfSaleName ?? line.pointOfSaleId),
    text(line.costCentre ?? ''),
    text(line.priceLevelName ?? line.priceLevelId),
    text(line.priceGroup ?? ''),
    text(line.article ?? ''),
    text(line.items.map((item) => item.name).join(', ')),
    number(line.vatRate),
    number(line.quantity),
    number(line.grossAmount),
    number(line.netAmount),
    line.key,
  ];
}

/** Text that Excel would run as a formula (=, +, -, @ at the start) is made plain text. */
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cell(value: string): string {
  return /[";\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

async function installationLanguage(db: Executor): Promise<MailLanguage> {
  const mail = await readSetting<{ language?: string }>(db, SETTING.mail);
  return mail?.language === 'de' ? 'de' : 'en';
}
