import { parseAmount, parseQuantity, parseVatRate, type DecimalParse } from '../shared/decimal.js';

/**
 * The shape check of `POST /v1/sales-bookings`, with the German texts a JOMOsoft would give. A
 * booking that fails it and carries a key is named in `details`, so the bridge can file the text
 * under that item booking.
 */

export const MAX_BOOKINGS = 500;

export interface WireClosing {
  id: string;
  number: number;
  businessDate: string;
  closedAt: string;
}

/** Amounts, quantity and VAT rate stay the decimal strings received. */
export interface WireBooking {
  key: string;
  costCentre: string;
  priceGroup: string;
  article: string;
  quantity: string;
  grossAmount: string;
  netAmount: string;
  vatRate: string;
  currency: string;
}

export interface SalesBookingsRequest {
  closing: WireClosing;
  bookings: WireBooking[];
}

/** An answer of the sandbox's JOMOsoft API before it is sent. */
export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type ShapeCheck =
  { ok: true; request: SalesBookingsRequest } | { ok: false; answer: ApiAnswer };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const TEXT_FIELDS = ['key', 'costCentre', 'priceGroup', 'article', 'currency'] as const;
const DECIMAL_FIELDS: Array<[keyof WireBooking, (text: unknown) => DecimalParse]> = [
  ['quantity', parseQuantity],
  ['grossAmount', parseAmount],
  ['netAmount', parseAmount],
  ['vatRate', parseVatRate],
];

export function checkSalesBookings(body: unknown): ShapeCheck {
  if (!isRecord(body)) return refused('Der Anfrageinhalt muss ein JSON-Objekt sein');

  const closingProblem = closingShapeProblem(body['closing']);
  if (closingProblem) return refused(closingProblem);

  const bookings = body['bookings'];
  if (!Array.isArray(bookings)) return refused('bookings muss eine Liste sein');
  if (bookings.length > MAX_BOOKINGS) {
    return refused(
      `Höchstens ${MAX_BOOKINGS} Artikelbuchungen je Anfrage erlaubt, erhalten: ${bookings.length}`,
    );
  }

  const details = bookingShapeDetails(bookings);
  if (details.unnamed) return refused(details.unnamed);
  if (details.named.length > 0) {
    return refused('Die Anfrage enthält ungültige Artikelbuchungen', details.named);
  }

  return { ok: true, request: { closing: body['closing'] as WireClosing, bookings } };
}

function closingShapeProblem(closing: unknown): string | null {
  if (!isRecord(closing)) return 'closing fehlt';
  if (typeof closing['id'] !== 'string' || closing['id'] === '') return 'closing.id fehlt';
  if (!Number.isSafeInteger(closing['number'])) return 'closing.number muss eine ganze Zahl sein';
  if (typeof closing['businessDate'] !== 'string' || !DATE.test(closing['businessDate'])) {
    return 'closing.businessDate muss ein Datum im Format JJJJ-MM-TT sein';
  }
  if (typeof closing['closedAt'] !== 'string' || !TIME_WITH_OFFSET.test(closing['closedAt'])) {
    return 'closing.closedAt muss ein Zeitpunkt nach ISO 8601 mit Zeitzone sein';
  }

  return null;
}

/** Problems of bookings with a key go into details; the first one without a key refuses all. */
function bookingShapeDetails(bookings: unknown[]): {
  named: Array<{ key: string; message: string }>;
  unnamed: string | null;
} {
  const named: Array<{ key: string; message: string }> = [];

  for (const [index, booking] of bookings.entries()) {
    const problem = bookingShapeProblem(booking);
    if (!problem) continue;

    const key = isRecord(booking) ? booking['key'] : undefined;
    if (typeof key !== 'string' || key === '')
      return { named, unnamed: `bookings[${index}]: ${problem}` };
    named.push({ key, message: problem });
  }

  return { named, unnamed: null };
}

function bookingShapeProblem(booking: unknown): string | null {
  if (!isRecord(booking)) return 'Artikelbuchung muss ein JSON-Objekt sein';

  for (const field of TEXT_FIELDS) {
    const value = booking[field];
    if (typeof value !== 'string' || value.trim() === '') return `${field} fehlt`;
  }

  for (const [field, parse] of DECIMAL_FIELDS) {
    const parsed = parse(booking[field]);
    if (!parsed.ok) {
      const received = clip(JSON.stringify(booking[field]) ?? 'nichts');
      return `${field} muss eine Dezimalzahl als Zeichenkette sein, erhalten: ${received}`;
    }
  }

  return null;
}

function refused(error: string, details?: Array<{ key: string; message: string }>): ShapeCheck {
  return { ok: false, answer: { status: 422, body: details ? { error, details } : { error } } };
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
