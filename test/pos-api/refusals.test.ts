import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';

/** Regressions found by the reliability suite's fuzzing (test/reliability/pos-api-fuzz.test.ts). */
describe.each(storeKinds())('refusals of the POS API on $name', (kind) => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(kind);
  });
  afterAll(() => service.close());

  it('names a missing field as required and a wrong type in JSON words', async () => {
    const answer = await service.pos('PUT', '/api/v1/price-levels', {
      priceLevels: [{ name: 7, exportAbbreviation: 1, colour: 'red' }],
    });

    expect(answer.status).toBe(400);
    expect(answer.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'priceLevels[0].id', message: 'is required' }),
        expect.objectContaining({
          path: 'priceLevels[0].name',
          message: 'must be a string, not a number',
        }),
        expect.objectContaining({
          path: 'priceLevels[0].exportAbbreviation',
          message: 'must be a string or null, not a number',
        }),
        expect.objectContaining({
          path: 'priceLevels[0]',
          message: 'has an unknown field "colour"',
        }),
      ]),
    );
  });

  it('answers a NUL byte in a transmission id or closing id with 400, not 500', async () => {
    const byId = await service.pos('GET', '/api/v1/transmissions/%00');
    const byClosing = await service.pos('GET', '/api/v1/transmissions?closingId=a%00b');

    expect(byId.status).toBe(400);
    expect(byClosing.status).toBe(400);
    expect(byClosing.body.problems[0]).toMatchObject({ path: 'closingId' });
  });
});
