import { describe, expect, it } from 'vitest';

import {
  formatBusinessDate,
  formatCount,
  formatDateTime,
  formatMoney,
} from '../../src/mail/format.js';

describe('amounts in a mail', () => {
  it('use a decimal comma, a dot between thousands and a trailing euro sign in German', () => {
    expect(formatMoney(1250, 'de')).toBe('12,50 €');
    expect(formatMoney(123_456_789, 'de')).toBe('1.234.567,89 €');
    expect(formatMoney(5, 'de')).toBe('0,05 €');
  });

  it('use a decimal point, commas between thousands and a leading euro sign in English', () => {
    expect(formatMoney(1250, 'en')).toBe('€12.50');
    expect(formatMoney(123_456_789, 'en')).toBe('€1,234,567.89');
  });

  it('keep the minus of a return in front', () => {
    expect(formatMoney(-300, 'de')).toBe('-3,00 €');
    expect(formatMoney(-300, 'en')).toBe('-€3.00');
  });
});

describe('quantities in a mail', () => {
  it('show only the decimals they need', () => {
    expect(formatCount(12_000, 'de')).toBe('12');
    expect(formatCount(12_500, 'de')).toBe('12,5');
    expect(formatCount(1_234_250, 'de')).toBe('1.234,25');
    expect(formatCount(1_234_250, 'en')).toBe('1,234.25');
    expect(formatCount(-2_000, 'en')).toBe('-2');
  });
});

describe('dates in a mail', () => {
  it('show a business date as 03.12.2026 in German and 2026-12-03 in English', () => {
    expect(formatBusinessDate('2026-12-03', 'de')).toBe('03.12.2026');
    expect(formatBusinessDate('2026-12-03', 'en')).toBe('2026-12-03');
  });

  it('show a moment in the installation time zone, on the 24-hour clock', () => {
    const moment = new Date('2026-07-01T22:30:00.000Z');

    expect(formatDateTime(moment, 'de', 'Europe/Berlin')).toBe('02.07.2026, 00:30 Uhr');
    expect(formatDateTime(moment, 'en', 'Europe/Berlin')).toBe('2026-07-02 00:30');
    expect(formatDateTime(moment, 'en', 'UTC')).toBe('2026-07-01 22:30');
  });
});
