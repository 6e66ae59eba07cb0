import { z } from 'zod';

import { LIMITS, MAX_RECORDS } from '../shared/validation.js';

const text = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'must not contain control characters');

export const posId = text(LIMITS.id).min(1, 'must not be empty');
export const name = text(LIMITS.name).min(1, 'must not be empty');

/** An interface number; an empty string or null clears it. */
export const interfaceNumber = z
  .union([text(LIMITS.interfaceNumber), z.null()])
  .transform((value) => (value === null || value.trim() === '' ? null : value.trim()));

const batch = <T extends z.ZodType>(record: T) =>
  z
    .array(record)
    .min(1, 'must hold at least one record')
    .max(MAX_RECORDS, `holds more than ${MAX_RECORDS} records; send smaller batches`);

export const priceLevelsBody = z.strictObject({
  priceLevels: batch(
    z.strictObject({ id: posId, name, exportAbbreviation: interfaceNumber.optional() }),
  ),
});

export const pointsOfSaleBody = z.strictObject({
  pointsOfSale: batch(z.strictObject({ id: posId, name, interfaceId: interfaceNumber.optional() })),
});

export const registersBody = z.strictObject({
  registers: batch(z.strictObject({ id: posId, name, pointOfSaleId: posId })),
});

export const itemsBody = z.strictObject({
  items: batch(
    z.strictObject({
      id: posId,
      name,
      interfaceNo: interfaceNumber.optional(),
      vatRate: z.string(),
      excluded: z.boolean().optional(),
    }),
  ),
});
