import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { parseDecimal, type DecimalParse } from '../../src/shared/decimal.js';

/**
 * The regular-expression parser the digit-by-digit one replaced for speed, kept here as the
 * reference: both must agree on every string, values and reasons alike.
 */
function reference(text: unknown, scale: number): DecimalParse {
  if (typeof text !== 'string') {
    return { ok: false, reason: 'must be a decimal string such as "12.50"' };
  }
  const clip = (value: string) => (value.length > 40 ? `${value.slice(0, 40)}…` : value);
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return { ok: false, reason: `"${clip(text)}" is not a decimal number` };

  const [, minus, whole = '', fraction = ''] = match;
  if (fraction.length > scale) {
    return { ok: false, reason: `"${clip(text)}" has more than ${scale} decimals` };
  }
  if (whole.replace(/^0+/, '').length > 12)
    return { ok: false, reason: `"${clip(text)}" is too large` };

  const digits = Number(whole + fraction.padEnd(scale, '0'));
  return { ok: true, value: minus && digits !== 0 ? -digits : digits };
}

/** Strings that look like decimals, nearly: digits, points, minus signs, and the odd stray. */
const decimalish = fc
  .array(fc.constantFrom('0', '1', '5', '9', '.', '-', '+', 'e', ' ', '٣'), { maxLength: 20 })
  .map((characters) => characters.join(''));

const wellFormed = fc
  .tuple(
    fc.boolean(),
    fc.stringMatching(/^\d{1,16}$/),
    fc.option(fc.stringMatching(/^\d{1,4}$/), { nil: null }),
  )
  .map(
    ([minus, whole, fraction]) => `${minus ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`,
  );

describe('parsing decimal strings', () => {
  it('reads every well-formed decimal as the reference parser does', () => {
    fc.assert(
      fc.property(wellFormed, fc.constantFrom(2, 3), (text, scale) => {
        expect(parseDecimal(text, scale)).toEqual(reference(text, scale));
      }),
      { numRuns: 5_000 },
    );
  });

  it('refuses every malformed string with the reference parser reason', () => {
    fc.assert(
      fc.property(fc.oneof(decimalish, fc.string()), fc.constantFrom(2, 3), (text, scale) => {
        expect(parseDecimal(text, scale)).toEqual(reference(text, scale));
      }),
      { numRuns: 5_000 },
    );
  });

  it('keeps the edges: zero with a sign, leading zeros, twelve digits and not thirteen', () => {
    expect(parseDecimal('-0', 2)).toEqual({ ok: true, value: 0 });
    expect(parseDecimal('-0.00', 2)).toEqual({ ok: true, value: 0 });
    expect(parseDecimal('0007.80', 2)).toEqual({ ok: true, value: 780 });
    expect(parseDecimal('999999999999.999', 3)).toEqual({ ok: true, value: 999_999_999_999_999 });
    expect(parseDecimal('1000000000000', 2)).toEqual(reference('1000000000000', 2));
    expect(parseDecimal('1.', 2)).toEqual(reference('1.', 2));
    expect(parseDecimal(12, 2)).toEqual(reference(12, 2));
  });
});
