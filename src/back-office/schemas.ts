import { z } from 'zod';

import { CHECK_CODES } from '../connection/notes.js';
import { interfaceNumber, posId } from '../master-data/schemas.js';
import { PASSWORD_MAX_LENGTH } from './passwords.js';
import { ROLES } from './users.js';

/**
 * The admin API's bodies and answers as zod schemas. Bodies are checked with them; answers are
 * only documented by them (OpenAPI), since the handlers build them from typed values.
 */

export const MAX_BULK_ROWS = 20_000;

const timestamp = z.string().meta({ description: 'ISO 8601 time in UTC' });
const amount = z.string().meta({ description: 'decimal string, e.g. "98.00"' });
const quantity = z.string().meta({ description: 'decimal string, e.g. "12.5"' });

export const errorAnswer = z.object({
  error: z.string(),
  message: z.string(),
  problems: z
    .array(
      z.object({
        path: z.string(),
        index: z.number().int().optional(),
        field: z.string().nullable().optional(),
        message: z.string(),
      }),
    )
    .optional(),
});

// Sessions

export const loginBody = z.strictObject({
  name: z.string().min(1).max(64),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

export const sessionAnswer = z.object({
  user: z.object({ name: z.string(), role: z.enum(ROLES) }),
  csrfToken: z.string().meta({ description: 'send it as x-csrf-token on every changing request' }),
});

// Connection

export const checkAnswer = z.object({
  ok: z.boolean(),
  code: z.enum(CHECK_CODES),
  note: z.string().meta({ description: 'for a person, in English; the UI translates by code' }),
  tenant: z.string().optional().meta({ description: 'the JOMOsoft tenant name, on success' }),
  apiVersion: z.string().optional(),
});

export const pairBody = z.strictObject({
  pin: z.string().max(20).meta({ description: 'the six digits the portal shows' }),
  portalUrl: z.string().max(500).optional().meta({ description: 'default: the one used last' }),
});

export const connectionAnswer = z.object({
  connection: z
    .object({
      apiUrl: z.string(),
      tokenUrl: z.string(),
      clientId: z.string(),
      source: z.enum(['manual', 'portal']),
      verified: z.boolean(),
      check: z
        .object({
          at: timestamp,
          ok: z.boolean(),
          code: z.string(),
          note: z.string(),
          tenant: z.string().nullable(),
          apiVersion: z.string().nullable(),
        })
        .nullable(),
    })
    .nullable(),
  installationId: z.string(),
  portalUrl: z.string().nullable().meta({ description: 'last used, else WAWI_PORTAL_URL' }),
});

// Settings and activation

export const settingsBody = z.strictObject({
  retryInterval: z.string().max(20).meta({ description: 'a duration from 10s to 1d, e.g. "5m"' }),
});

export const settingsAnswer = z.object({ retryInterval: z.string() });

export const activationAnswer = z.object({
  active: z.boolean(),
  missing: z.array(
    z.enum(['connection', 'connection-not-verified', 'mail-settings', 'mail-recipients']),
  ),
});

export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const auditAnswer = z.object({
  entries: z.array(
    z.object({
      at: timestamp,
      user: z.string(),
      action: z.string(),
      subject: z.string(),
      field: z.string(),
      oldValue: z.string().nullable(),
      newValue: z.string().nullable(),
    }),
  ),
});

// Master data and interface numbers

const priceLevel = z.object({
  id: z.string(),
  name: z.string(),
  exportAbbreviation: z.string().nullable(),
});
const pointOfSale = z.object({
  id: z.string(),
  name: z.string(),
  interfaceId: z.string().nullable(),
  registers: z.array(z.object({ id: z.string(), name: z.string() })),
});
const item = z.object({
  id: z.string(),
  name: z.string(),
  interfaceNo: z.string().nullable(),
  vatRate: z.string(),
  excluded: z.boolean(),
});

export const priceLevelAnswer = priceLevel;
export const priceLevelsAnswer = z.object({ priceLevels: z.array(priceLevel) });
export const priceLevelPatch = z.strictObject({ exportAbbreviation: interfaceNumber });

export const pointOfSaleAnswer = pointOfSale;
export const pointsOfSaleAnswer = z.object({ pointsOfSale: z.array(pointOfSale) });
export const pointOfSalePatch = z.strictObject({ interfaceId: interfaceNumber });

export const itemAnswer = item;
export const itemsAnswer = z.object({ items: z.array(item) });
export const itemPatch = z
  .strictObject({ interfaceNo: interfaceNumber.optional(), excluded: z.boolean().optional() })
  .refine((patch) => patch.interfaceNo !== undefined || patch.excluded !== undefined, {
    message: 'give interfaceNo, excluded or both',
  });

export const bulkBody = z.strictObject({
  items: z
    .array(
      z.strictObject({ id: posId, interfaceNo: interfaceNumber, excluded: z.boolean().optional() }),
    )
    .min(1, 'must hold at least one row')
    .max(MAX_BULK_ROWS, `holds more than ${MAX_BULK_ROWS} rows; send smaller batches`),
});

export const bulkAnswer = z.object({
  updated: z.number().int().meta({ description: 'rows whose values changed' }),
});

export const readinessAnswer = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      revenue: amount,
      quantity,
      bookings: z.number().int(),
    }),
  ),
  priceLevels: z.array(z.object({ id: z.string(), name: z.string() })),
  pointsOfSale: z.array(z.object({ id: z.string(), name: z.string() })),
});

// Transmissions

const transmissionStatus = z.enum([
  'waiting',
  'sending',
  'retrying',
  'done',
  'skipped',
  'not-active',
]);
const counts = z.object({
  itemBookings: z.number().int(),
  transmitted: z.number().int(),
  rejected: z.number().int(),
  notTransmitted: z.number().int(),
  leftOut: z.number().int(),
});
const totals = z.object({ quantity, grossAmount: amount });

export const transmissionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z
    .string()
    .max(100)
    .optional()
    .meta({ description: 'the id of the last transmission of the previous page' }),
});

export const transmissionsAnswer = z.object({
  transmissions: z.array(
    z.object({
      id: z.string(),
      status: transmissionStatus,
      reason: z.string().nullable(),
      closing: z.object({
        id: z.string(),
        number: z.number().int(),
        businessDate: z.string(),
        registerName: z.string().nullable(),
        pointOfSaleName: z.string().nullable(),
      }),
      counts,
      attempts: z.number().int(),
      nextAttemptAt: timestamp.nullable(),
      waitingSince: timestamp.nullable(),
      lastError: z.string().nullable(),
      createdAt: timestamp,
      finishedAt: timestamp.nullable(),
    }),
  ),
});

export const transmissionAnswer = z.object({
  id: z.string(),
  closingId: z.string(),
  status: transmissionStatus,
  reason: z.string().nullable(),
  attemptCount: z.number().int(),
  attempts: z.array(
    z.object({
      attempt: z.number().int(),
      requestNo: z.number().int().nullable(),
      startedAt: timestamp,
      finishedAt: timestamp.nullable(),
      outcome: z.string(),
      httpStatus: z.number().int().nullable(),
      error: z.string().nullable(),
    }),
  ),
  nextAttemptAt: timestamp.nullable(),
  lastError: z.string().nullable(),
  waitingSince: timestamp.nullable(),
  createdAt: timestamp,
  finishedAt: timestamp.nullable(),
  closing: z.object({
    id: z.string(),
    registerId: z.string(),
    registerName: z.string().nullable(),
    pointOfSaleId: z.string(),
    pointOfSaleName: z.string().nullable(),
    number: z.number().int(),
    businessDate: z.string(),
    closedAt: z.string(),
    bookings: z.number().int(),
    quantity,
    grossAmount: amount,
  }),
  counts,
  itemBookings: z.array(
    z.object({
      key: z.string(),
      status: z.enum([
        'pending',
        'booked',
        'duplicate',
        'rejected',
        'failed',
        'not-transmitted',
        'left-out',
      ]),
      costCentre: z.string().nullable(),
      priceGroup: z.string().nullable(),
      article: z.string().nullable(),
      vatRate: z.string(),
      quantity,
      grossAmount: amount,
      netAmount: amount,
      pointOfSaleId: z.string(),
      pointOfSaleName: z.string().nullable(),
      priceLevelId: z.string(),
      priceLevelName: z.string().nullable(),
      items: z.array(z.object({ id: z.string(), name: z.string(), quantity, grossAmount: amount })),
      missing: z.array(z.string()).nullable(),
      message: z.string().nullable(),
    }),
  ),
  reconciliation: z.object({
    pos: totals,
    booked: totals,
    rejected: totals,
    notTransmitted: totals,
    leftOut: totals,
    pending: totals,
    balanced: z.boolean(),
  }),
  mails: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      status: z.string(),
      subject: z.string(),
      recipients: z.array(z.string()),
      sentAt: timestamp.nullable(),
      lastError: z.string().nullable(),
      text: z.string(),
    }),
  ),
  names: z.object({
    pointsOfSale: z.record(z.string(), z.string()),
    priceLevels: z.record(z.string(), z.string()),
    registers: z.record(z.string(), z.string()),
  }),
});
