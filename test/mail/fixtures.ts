import type { ResultMailData } from '../../src/mail/render.js';
import type { SmtpSettings } from '../../src/mail/settings.js';

/** Closing 118 of the Cafeteria on 2026-12-03: everything booked, nothing missing. */
export function cleanResult(overrides: Partial<ResultMailData> = {}): ResultMailData {
  return {
    language: 'en',
    timeZone: 'Europe/Berlin',
    closing: {
      id: 'closing-118',
      number: 118,
      businessDate: '2026-12-03',
      closedAt: '2026-12-03T20:14:00.000Z',
      registerName: 'Kasse 1',
    },
    pointOfSale: { name: 'Cafeteria', interfaceId: '4711' },
    transmitted: 7,
    faulty: [],
    missingInterfaceNumber: [],
    reconciliation: {
      pos: { quantity: 120_000, grossAmount: 50_000 },
      booked: { quantity: 117_000, grossAmount: 49_000 },
      rejected: { quantity: 0, grossAmount: 0 },
      notTransmitted: { quantity: 0, grossAmount: 0 },
      leftOut: { quantity: 3_000, grossAmount: 1_000 },
    },
    ...overrides,
  };
}

/** The same closing with one rejected, one failed and two unsendable lines. */
export function troubledResult(overrides: Partial<ResultMailData> = {}): ResultMailData {
  return cleanResult({
    transmitted: 5,
    faulty: [
      {
        status: 'rejected',
        message: 'Artikel 100234 ist in JOMOsoft gesperrt.',
        article: '100234',
        priceGroup: 'MA',
        pointOfSaleName: 'Cafeteria',
        priceLevelName: 'Staff',
        quantity: 12_000,
        grossAmount: 9_800,
        items: [{ name: 'Schnitzel' }, { name: 'Schnitzel groß' }],
      },
      {
        status: 'failed',
        message: null,
        article: '100300',
        priceGroup: 'GA',
        pointOfSaleName: 'Cafeteria',
        priceLevelName: 'Guests',
        quantity: 1_500,
        grossAmount: 123_456,
        items: [{ name: 'Gemüsesuppe' }],
      },
    ],
    missingInterfaceNumber: [
      {
        itemName: 'Kaffee',
        pointOfSaleName: 'Cafeteria',
        priceLevelName: 'Guests',
        missing: ['item'],
        quantity: 40_000,
        grossAmount: 8_000,
      },
      {
        itemName: 'Tee',
        pointOfSaleName: 'Cafeteria',
        priceLevelName: 'Event',
        missing: ['item', 'price-level'],
        quantity: 2_000,
        grossAmount: 500,
      },
    ],
    reconciliation: {
      pos: { quantity: 100_000, grossAmount: 200_000 },
      booked: { quantity: 41_000, grossAmount: 57_250 },
      rejected: { quantity: 13_500, grossAmount: 133_256 },
      notTransmitted: { quantity: 42_000, grossAmount: 8_500 },
      leftOut: { quantity: 3_500, grossAmount: 994 },
    },
    ...overrides,
  });
}

export function plainSmtp(port: number, overrides: Partial<SmtpSettings> = {}): SmtpSettings {
  return { host: '127.0.0.1', port, tls: 'none', user: null, password: null, ...overrides };
}
