import fc from 'fast-check';

/**
 * Generators for the POS API fuzzing: well-formed records of every kind, and poisons — one
 * change that makes a request certainly wrong. A poisoned request must be refused whole with a
 * 4xx that names what is wrong, and must leave the database as it was.
 */

export type Route = 'priceLevels' | 'pointsOfSale' | 'registers' | 'items' | 'bookings';

export const ROUTES: Record<Route, { method: 'PUT' | 'POST'; path: string }> = {
  priceLevels: { method: 'PUT', path: '/api/v1/price-levels' },
  pointsOfSale: { method: 'PUT', path: '/api/v1/points-of-sale' },
  registers: { method: 'PUT', path: '/api/v1/registers' },
  items: { method: 'PUT', path: '/api/v1/items' },
  bookings: { method: 'POST', path: '/api/v1/bookings' },
};

/** Master data the fuzzed records may refer to (see loadSmallCanteen). */
const KNOWN = {
  pointOfSale: 'pos-cafeteria',
  register: 'reg-1',
  items: ['item-schnitzel', 'item-coffee'],
  priceLevels: ['pl-guest', 'pl-staff'],
};

type Json = Record<string, unknown>;

/** Names and free text: any unicode but control characters, which the API refuses. */
const text = (max: number) =>
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 40) })
    .filter((value) => !/[\u0000-\u001f\u007f]/.test(value) && value.length <= max);
const id = fc.stringMatching(/^[a-z0-9-]{1,20}$/).map((value) => `fz-${value}`);
const decimal = (scale: number, max: number) =>
  fc
    .tuple(fc.integer({ min: 1, max }), fc.integer({ min: 0, max: 10 ** scale - 1 }))
    .map(([whole, fraction]) =>
      scale === 0 ? String(whole) : `${whole}.${String(fraction).padStart(scale, '0')}`,
    );
const timestamp = fc
  .date({
    min: new Date('2020-01-01T00:00:00Z'),
    max: new Date('2030-01-01T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString());

const records: Record<Route, fc.Arbitrary<Json>> = {
  priceLevels: fc.record(
    { id, name: text(200), exportAbbreviation: fc.constantFrom('GAST', 'MA', null) },
    { requiredKeys: ['id', 'name'] },
  ),
  pointsOfSale: fc.record(
    { id, name: text(200), interfaceId: fc.constantFrom('KST-100', 'KST-200', null) },
    { requiredKeys: ['id', 'name'] },
  ),
  registers: fc.record({ id, name: text(200), pointOfSaleId: fc.constant(KNOWN.pointOfSale) }),
  items: fc.record(
    {
      id,
      name: text(200),
      interfaceNo: fc.constantFrom('A-1001', 'A-1020', null),
      vatRate: fc.constantFrom('7', '19', '0', '10.7'),
      excluded: fc.boolean(),
    },
    { requiredKeys: ['id', 'name', 'vatRate'] },
  ),
  bookings: fc.record({
    id,
    registerId: fc.constant(KNOWN.register),
    itemId: fc.constantFrom(...KNOWN.items),
    priceLevelId: fc.constantFrom(...KNOWN.priceLevels),
    quantity: decimal(3, 1000),
    grossAmount: decimal(2, 100_000),
    vatRate: fc.constantFrom('7', '19'),
    bookedAt: timestamp,
  }),
};

/** Values that are wrong for any field: numbers where strings belong, and the like. */
const wrongType = fc.oneof(
  fc.constantFrom(1e308, -1e308, 5e-324, -0, 2 ** 53 + 1, 2 ** 64, 0, 12.5),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

/** Decimal strings every amount, quantity and VAT rate field refuses. */
const badDecimal = fc.constantFrom(
  '',
  ' 1',
  '1 ',
  '1,5',
  '+1',
  '1e3',
  '1E-2',
  '0x10',
  'NaN',
  'Infinity',
  '-',
  '.5',
  '5.',
  '1.2.3',
  '٣',
  '１',
  '1.00001',
  '9999999999999999999999',
  '12345678901234.5',
  '1\u0000',
);
const badText = fc.oneof(
  fc.constantFrom('', '\u0000', 'a\nb', 'tab\there', 'bell\u0007', 'del\u007f', '\u001b[31m'),
  fc.string({ minLength: 201, maxLength: 260 }),
);
const badId = fc.oneof(badText, fc.string({ minLength: 65, maxLength: 80 }));
const badTimestamp = fc.constantFrom(
  'yesterday',
  '2026-12-03',
  '2026-12-03T22:04:11',
  '2026-13-03T22:04:11+01:00',
  '03.12.2026 22:04',
  `2026-12-03T22:04:11+01:00${'0'.repeat(20)}`,
  '',
);

/** Per field of a record kind, values that field always refuses. */
const POISONS: Record<Route, Record<string, fc.Arbitrary<unknown>>> = {
  priceLevels: {
    id: fc.oneof(badId, wrongType),
    name: fc.oneof(badText, wrongType),
    exportAbbreviation: fc.oneof(
      fc.string({ minLength: 65, maxLength: 70 }).filter((value) => value.trim().length > 64),
      fc.constantFrom('\u0000', 'x\ny'),
      fc.constantFrom(1, true, [], {}),
    ),
  },
  pointsOfSale: {
    id: fc.oneof(badId, wrongType),
    name: fc.oneof(badText, wrongType),
    interfaceId: fc.oneof(fc.constantFrom('\u0000', 'x\ny'), fc.constantFrom(1, false, [], {})),
  },
  registers: {
    id: fc.oneof(badId, wrongType),
    name: fc.oneof(badText, wrongType),
    pointOfSaleId: fc.oneof(badId, wrongType, fc.constant('no-such-point-of-sale')),
  },
  items: {
    id: fc.oneof(badId, wrongType),
    name: fc.oneof(badText, wrongType),
    vatRate: fc.oneof(badDecimal, wrongType, fc.constantFrom('100', '-7', '7.001', '250')),
    excluded: fc.constantFrom('yes', 1, 0, null, 'true'),
  },
  bookings: {
    id: fc.oneof(badId, wrongType),
    registerId: fc.oneof(badId, wrongType, fc.constant('no-such-register')),
    itemId: fc.oneof(badId, wrongType, fc.constant('no-such-item')),
    priceLevelId: fc.oneof(badId, wrongType, fc.constant('no-such-price-level')),
    quantity: fc.oneof(badDecimal, wrongType, fc.constantFrom('0', '-0', '0.000', '1.0001')),
    grossAmount: fc.oneof(badDecimal, wrongType, fc.constantFrom('1.001', '0.005')),
    vatRate: fc.oneof(badDecimal, wrongType, fc.constantFrom('100', '-19', '7.001')),
    bookedAt: fc.oneof(badTimestamp, wrongType),
  },
};

export type Poison =
  | { kind: 'field'; index: number; field: string; value: unknown }
  | { kind: 'missing'; index: number; field: string }
  | { kind: 'extra'; index: number; field: string; value: unknown }
  | { kind: 'duplicate-id'; index: number }
  | { kind: 'sign-mismatch'; index: number };

export interface PoisonedRequest {
  route: Route;
  body: Json;
  poison: Poison;
}

/** Every field a record of the kind may have. */
const KEYS: Record<Route, string[]> = {
  priceLevels: ['id', 'name', 'exportAbbreviation'],
  pointsOfSale: ['id', 'name', 'interfaceId'],
  registers: ['id', 'name', 'pointOfSaleId'],
  items: ['id', 'name', 'interfaceNo', 'vatRate', 'excluded'],
  bookings: [
    'id',
    'registerId',
    'itemId',
    'priceLevelId',
    'quantity',
    'grossAmount',
    'vatRate',
    'bookedAt',
  ],
};

const REQUIRED: Record<Route, string[]> = {
  priceLevels: ['id', 'name'],
  pointsOfSale: ['id', 'name'],
  registers: ['id', 'name', 'pointOfSaleId'],
  items: ['id', 'name', 'vatRate'],
  bookings: [
    'id',
    'registerId',
    'itemId',
    'priceLevelId',
    'quantity',
    'grossAmount',
    'vatRate',
    'bookedAt',
  ],
};

/** A batch of one to five good records with exactly one poison in one of them. */
export function poisonedRequest(route: Route): fc.Arbitrary<PoisonedRequest> {
  const batch = fc.uniqueArray(records[route], {
    minLength: 1,
    maxLength: 5,
    selector: (record) => record['id'],
  });
  const fields = Object.keys(POISONS[route]);
  const extraName = fc
    .oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('__proto__', 'constructor'))
    .filter((name) => !KEYS[route].includes(name));

  return batch.chain((list) => {
    const index = fc.nat(list.length - 1);
    const poisons: Array<fc.Arbitrary<Poison>> = [
      fc
        .record({
          kind: fc.constant('field' as const),
          index,
          field: fc.constantFrom(...fields),
        })
        .chain((poison) => POISONS[route][poison.field]!.map((value) => ({ ...poison, value }))),
      fc.record({
        kind: fc.constant('missing' as const),
        index,
        field: fc.constantFrom(...REQUIRED[route]),
      }),
      fc.record({
        kind: fc.constant('extra' as const),
        index,
        field: extraName,
        value: fc.jsonValue(),
      }),
    ];
    if (list.length > 1) {
      poisons.push(
        fc.record({
          kind: fc.constant('duplicate-id' as const),
          index: fc.integer({ min: 1, max: list.length - 1 }),
        }),
      );
    }
    if (route === 'bookings') {
      poisons.push(fc.record({ kind: fc.constant('sign-mismatch' as const), index }));
    }

    return fc.oneof(...poisons).map((poison) => ({
      route,
      body: { [route]: applyPoison(list, poison) },
      poison,
    }));
  });
}

function applyPoison(list: Json[], poison: Poison): Json[] {
  const copy = list.map((record) => ({ ...record }));
  const record = copy[poison.index]!;
  switch (poison.kind) {
    case 'field':
      record[poison.field] = poison.value;
      break;
    case 'missing':
      delete record[poison.field];
      break;
    case 'extra':
      Object.defineProperty(record, poison.field, {
        value: poison.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      break;
    case 'duplicate-id':
      record['id'] = copy[0]!['id'];
      break;
    case 'sign-mismatch':
      record['quantity'] = `-${String(record['quantity'])}`;
      break;
  }
  return copy;
}

/** The record a poison sits in, as the API's problem paths name it: `bookings[2]`. */
export function poisonPath(request: PoisonedRequest): string {
  return `${request.route}[${request.poison.index}]`;
}

/** Bodies that are not a batch at all: wrong JSON types, other top-level keys, empty batches. */
export const strayBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue().filter((value) => typeof value !== 'object' || value === null),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(
    fc.string({ maxLength: 10 }).filter((key) => !(key in ROUTES)),
    fc.jsonValue(),
    { maxKeys: 3 },
  ),
  fc.constantFrom(...Object.keys(ROUTES)).map((key) => ({ [key]: [] })),
  fc
    .constantFrom(...Object.keys(ROUTES))
    .chain((key) => wrongType.map((value) => ({ [key]: value }))),
);

/** Text that is not JSON (or not whole): cut-off documents, garbage, stray bytes. */
export const malformedJson: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.tuple(fc.jsonValue({ maxDepth: 3 }), fc.nat()).map(([value, cut]) => {
      const json = JSON.stringify({ bookings: [value] });
      return json.slice(0, cut % json.length);
    }),
    fc.constantFrom(
      '{',
      '{"bookings":[}',
      "{'bookings':[]}",
      '{"bookings":[],}',
      'NaN',
      '{"a":1}{"b":2}',
      '\uFEFF{"bookings":[]}',
      '{"bookings":[{"id":"x"]}',
      '\u0000',
    ),
  )
  .filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  });

/** A closing that is certainly refused: one field wrong, or `expected` not matching. */
export interface PoisonedClosing {
  body: Json;
  /** The field at fault, as the API's problem paths name it. */
  field: string;
}

export function poisonedClosing(storedClosingId: string): fc.Arbitrary<PoisonedClosing> {
  const good = fc.record({
    id,
    registerId: fc.constant(KNOWN.register),
    number: fc.integer({ min: 0, max: 2_000_000_000 }),
    businessDate: fc.constant('2026-12-03'),
    closedAt: timestamp,
  });
  const poisons: Record<string, fc.Arbitrary<unknown>> = {
    id: fc.oneof(badId, wrongType, fc.constant(storedClosingId)),
    registerId: fc.oneof(badId, wrongType, fc.constant('no-such-register')),
    number: fc.oneof(
      fc.constantFrom(-1, 1.5, '5', 2_000_000_001, null, 1e308, -0.5),
      fc.integer({ max: -1 }),
    ),
    businessDate: fc.constantFrom('2026-02-30', '03.12.2026', '2026-12-3', '', 20261203, null),
    closedAt: fc.oneof(badTimestamp, wrongType),
    expected: fc.oneof(
      fc.record({
        bookings: fc.integer({ min: 100, max: 10_000 }),
        grossAmount: fc.constant('1.00'),
      }),
      fc.record({ bookings: fc.constant(0), grossAmount: badDecimal }),
      fc.record({
        bookings: fc.constantFrom(-1, 1.5, '2', null),
        grossAmount: fc.constant('1.00'),
      }),
      fc.constantFrom(null, [], 'all', { bookings: 1 }, { bookings: 1, grossAmount: '1.00', x: 1 }),
    ),
    extra: fc.jsonValue(),
  };

  return fc
    .tuple(good, fc.constantFrom(...Object.keys(poisons), 'missing'))
    .chain(([body, field]): fc.Arbitrary<PoisonedClosing> => {
      if (field === 'missing') {
        return fc
          .constantFrom('id', 'registerId', 'number', 'businessDate', 'closedAt')
          .map((missing) => {
            const copy: Json = { ...body };
            delete copy[missing];
            return { body: copy, field: missing };
          });
      }
      return poisons[field]!.map((value) => ({ body: { ...body, [field]: value }, field }));
    });
}

/**
 * Numbers JSON can spell but JavaScript cannot hold (1e400 is Infinity once parsed), or that the
 * closing number refuses, written straight into the body text.
 */
export const rawNumberClosing: fc.Arbitrary<string> = fc
  .constantFrom(
    '1e400',
    '-1e400',
    '123456789012345678901234567890',
    '2000000001',
    '0.5',
    '-1',
    '1e10',
    '4.9e-324',
  )
  .chain((literal) =>
    fc
      .constantFrom('number', 'expected.bookings')
      .map(
        (field) =>
          `{"id":"raw-${field}","registerId":"reg-1",` +
          `"number":${field === 'number' ? literal : '1'},` +
          `"businessDate":"2026-12-03","closedAt":"2026-12-03T22:04:11+01:00"` +
          (field === 'expected.bookings'
            ? `,"expected":{"bookings":${literal},"grossAmount":"1.00"}}`
            : '}'),
      ),
  );
