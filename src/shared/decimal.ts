/**
 * Exact decimal strings on the wire, integers inside.
 *
 * Amounts are cents, quantities thousandths, VAT rates hundredths of a percent ("basis points"),
 * so "7.80" is 780 cents, "12.5" is 12,500 thousandths and "7" percent is 700. No float ever
 * carries money: parsing and formatting are done on the digits.
 */

/** The largest magnitude we accept, well inside Number.MAX_SAFE_INTEGER for sums of a closing. */
const MAX_DIGITS_BEFORE_POINT = 12;

export type DecimalParse = { ok: true; value: number } | { ok: false; reason: string };

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses a decimal string into an integer of `scale` decimals (2 for cents, 3 for thousandths). */
export function parseDecimal(text: unknown, scale: number): DecimalParse {
  const value = typeof text === 'string' ? scanDecimal(text, scale) : null;
  return value === null ? parseDecimalOrSayWhy(text, scale) : { ok: true, value };
}

const ZERO = 48;
const NINE = 57;
const MINUS = 45;
const POINT = 46;

/**
 * The value of a well-formed decimal string, read digit by digit; null for anything else, which
 * `parseDecimalOrSayWhy` then explains. Ingest parses three decimals per booking, and the regular
 * expression with its string copies was a tenth of the time a booking batch spends in JavaScript.
 * Exact: at most 12 significant digits before the point and `scale` after it stay far below
 * 2^53, where every integer is a double.
 */
function scanDecimal(text: string, scale: number): number | null {
  const negative = text.charCodeAt(0) === MINUS;
  let index = negative ? 1 : 0;
  let value = 0;
  let wholeDigits = 0;
  let significant = 0;
  for (; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === POINT) break;
    if (code < ZERO || code > NINE) return null;
    wholeDigits += 1;
    if (significant > 0 || code !== ZERO) significant += 1;
    value = value * 10 + (code - ZERO);
  }
  if (wholeDigits === 0 || significant > MAX_DIGITS_BEFORE_POINT) return null;

  let decimals = 0;
  if (index < text.length) {
    for (index += 1; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      if (code < ZERO || code > NINE) return null;
      decimals += 1;
      value = value * 10 + (code - ZERO);
    }
    if (decimals === 0 || decimals > scale) return null;
  }
  for (; decimals < scale; decimals += 1) value *= 10;

  return negative && value !== 0 ? -value : value;
}

function parseDecimalOrSayWhy(text: unknown, scale: number): DecimalParse {
  if (typeof text !== 'string') {
    return { ok: false, reason: 'must be a decimal string such as "12.50"' };
  }

  const match = DECIMAL.exec(text);
  if (!match) {
    return { ok: false, reason: `"${clip(text)}" is not a decimal number` };
  }

  const [, minus, whole = '', fraction = ''] = match;
  if (fraction.length > scale) {
    return { ok: false, reason: `"${clip(text)}" has more than ${scale} decimals` };
  }
  if (whole.replace(/^0+/, '').length > MAX_DIGITS_BEFORE_POINT) {
    return { ok: false, reason: `"${clip(text)}" is too large` };
  }

  const digits = Number(whole + fraction.padEnd(scale, '0'));
  return { ok: true, value: minus && digits !== 0 ? -digits : digits };
}

/** Formats an integer of `scale` decimals back into a decimal string. */
export function formatDecimal(value: number, scale: number, minDecimals = scale): string {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`not a safe integer: ${value}`);
  }

  const sign = value < 0 ? '-' : '';
  const digits = String(Math.abs(value)).padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale);
  while (fraction.length > minDecimals && fraction.endsWith('0')) {
    fraction = fraction.slice(0, -1);
  }

  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

export const CENTS = 2;
export const THOUSANDTHS = 3;
export const BASIS_POINTS = 2;

export const parseAmount = (text: unknown) => parseDecimal(text, CENTS);
export const parseQuantity = (text: unknown) => parseDecimal(text, THOUSANDTHS);
export const parseVatRate = (text: unknown) => parseDecimal(text, BASIS_POINTS);

/** "98.00": amounts always show their two decimals. */
export const formatAmount = (cents: number) => formatDecimal(cents, CENTS);
/** "35", "12.5": quantities show only the decimals they need. */
export const formatQuantity = (thousandths: number) => formatDecimal(thousandths, THOUSANDTHS, 0);
/** "7", "8.1": VAT rates show only the decimals they need. */
export const formatVatRate = (basisPoints: number) => formatDecimal(basisPoints, BASIS_POINTS, 0);

/**
 * The net amount of a gross amount at a VAT rate, in cents, rounded half away from zero.
 *
 * net = gross × 10000 / (10000 + rate in basis points), computed on BigInt so no intermediate
 * value loses a digit. It is applied once per item booking, to the summed gross amount, which is
 * what an invoice does with a line total.
 */
export function netFromGross(grossCents: number, vatBasisPoints: number): number {
  const gross = BigInt(grossCents);
  const divisor = 10000n + BigInt(vatBasisPoints);
  const numerator = gross * 10000n;
  const magnitude = numerator < 0n ? -numerator : numerator;
  const rounded = (magnitude * 2n + divisor) / (divisor * 2n);

  return Number(numerator < 0n ? -rounded : rounded);
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
