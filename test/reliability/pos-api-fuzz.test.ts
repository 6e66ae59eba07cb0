import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';

import { BODY_LIMIT } from '../../src/http/app.js';
import { MAX_RECORDS } from '../../src/shared/validation.js';
import { booking, closing, loadSmallCanteen } from '../helpers/master-data.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';
import {
  malformedJson,
  poisonedClosing,
  poisonedRequest,
  poisonPath,
  rawNumberClosing,
  ROUTES,
  strayBody,
  type Route,
} from './helpers/pos-input.js';
import { snapshot, type Snapshot } from './helpers/snapshot.js';
import { scenario } from './helpers/summary.js';

/**
 * Bad input on the POS API: every poisoned request is answered with a 4xx whose message says what
 * is wrong, never a 5xx, and the database stays exactly as it was (row counts and a checksum over
 * every table, taken after each request).
 */
const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 100);

interface Answer {
  status: number;
  body: unknown;
  text: string;
}

describe.each(storeKinds())('bad input on the POS API on $name', (kind) => {
  let service: TestService;
  let before: Snapshot;

  beforeAll(async () => {
    service = await startTestService(kind, { workers: false });
    await loadSmallCanteen(service);
    // Open bookings for the closings to take (and refuse to take), and one stored closing.
    await service.pos('POST', '/api/v1/bookings', {
      bookings: [booking(), booking({ quantity: '2', grossAmount: '15.60' }), booking()],
    });
    await service.pos('POST', '/api/v1/bookings', { bookings: [booking({ registerId: 'reg-2' })] });
    const stored = await service.pos(
      'POST',
      '/api/v1/closings',
      closing('stored-closing', { registerId: 'reg-2' }),
    );
    if (stored.status !== 201) throw new Error(JSON.stringify(stored.body));
    before = await snapshot(service.context.db);
  });
  afterAll(async () => service?.close());

  const send = async (method: string, path: string, body?: string, type = 'application/json') => {
    const response = await fetch(service.url + path, {
      method,
      headers: {
        authorization: `Bearer ${service.token}`,
        ...(body !== undefined && { 'content-type': type }),
      },
      body,
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // kept as text for the message
    }
    return { status: response.status, body: parsed, text };
  };

  /** A 4xx with a readable sentence, and not one row changed. */
  const expectRefused = async (answer: Answer, what: string, path?: string) => {
    const body = answer.body as { error?: unknown; message?: unknown; problems?: unknown } | null;
    const fail = (why: string) => {
      throw new Error(`${why} for ${what}: ${answer.status} ${answer.text.slice(0, 500)}`);
    };
    if (answer.status < 400 || answer.status >= 500) fail('not a 4xx');
    if (!body || typeof body.error !== 'string' || typeof body.message !== 'string') {
      fail('no error and message');
    }
    const message = String(body!.message);
    const unclear = /undefined|\[object Object\]|\bat .+:\d+:\d+|must be (an? \w+), not \1\b/;
    if (message.trim().length < 8 || unclear.test(message)) {
      fail('no clear message');
    }
    if (path && Array.isArray(body!.problems)) {
      const named = (body!.problems as Array<{ path?: string }>).some(
        (problem) => problem.path === path.replace(/\[.*$/, '') || problem.path?.startsWith(path),
      );
      if (!named) fail(`no problem names ${path}`);
    }

    const after = await snapshot(service.context.db);
    if (after.checksum !== before.checksum) {
      const counts = (snap: Snapshot) => JSON.stringify(snap.counts);
      fail(`the database changed (${counts(before)} → ${counts(after)})`);
    }
  };

  it.for(Object.keys(ROUTES) as Route[])(
    'refuses every poisoned %s batch whole',
    async (route, { task }) => {
      const row = scenario(task, `Bad input (${kind.name}): POS API fuzzing`);
      const { method, path } = ROUTES[route];

      await fc.assert(
        fc.asyncProperty(poisonedRequest(route), async (request) => {
          row.trials += 1;
          const answer = await send(method, path, JSON.stringify(request.body));
          await expectRefused(answer, JSON.stringify(request.poison), poisonPath(request));
        }),
        { numRuns: RUNS },
      );
      row.held.push('5 kinds of poisoned batch refused whole, naming the record');
    },
  );

  it('refuses every poisoned closing and takes no booking', async ({ task }) => {
    const row = scenario(task, `Bad input (${kind.name}): POS API fuzzing`);

    await fc.assert(
      fc.asyncProperty(poisonedClosing('stored-closing'), async (request) => {
        row.trials += 1;
        const answer = await send('POST', '/api/v1/closings', JSON.stringify(request.body));
        await expectRefused(answer, `closing with bad ${request.field}`);
      }),
      { numRuns: RUNS },
    );
    row.held.push('poisoned closings 400/409, no booking taken');
  });

  it('refuses bodies that are no batch, and text that is no JSON', async ({ task }) => {
    const row = scenario(task, `Bad input (${kind.name}): POS API fuzzing`);
    const targets = [
      ...Object.values(ROUTES),
      { method: 'POST' as const, path: '/api/v1/closings' },
    ];
    const target = fc.constantFrom(...targets);

    await fc.assert(
      fc.asyncProperty(target, strayBody, async ({ method, path }, body) => {
        row.trials += 1;
        const json = JSON.stringify(body);
        await expectRefused(await send(method, path, json), `${path} ${json}`);
      }),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(target, malformedJson, async ({ method, path }, text) => {
        row.trials += 1;
        await expectRefused(await send(method, path, text), `${path} ${JSON.stringify(text)}`);
      }),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(rawNumberClosing, async (text) => {
        row.trials += 1;
        await expectRefused(await send('POST', '/api/v1/closings', text), text);
      }),
      { numRuns: 20 },
    );
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      row.trials += 1;
      await expectRefused(await send('POST', '/api/v1/bookings', '{}', type), type);
    }
    row.held.push('stray bodies, malformed JSON, other media types 4xx');
  });

  it('refuses oversized bodies and batches', async ({ task }) => {
    const row = scenario(task, `Bad input (${kind.name}): POS API fuzzing`);

    const huge = JSON.stringify({ bookings: [booking({ id: 'x'.repeat(BODY_LIMIT) })] });
    row.trials += 1;
    const tooLarge = await send('POST', '/api/v1/bookings', huge);
    await expectRefused(tooLarge, 'a body over the limit');
    if (tooLarge.status !== 413) throw new Error(`expected 413, got ${tooLarge.status}`);

    const many = Array.from({ length: MAX_RECORDS + 1 }, (_, index) =>
      booking({ id: `many-${index}` }),
    );
    row.trials += 1;
    await expectRefused(
      await send('POST', '/api/v1/bookings', JSON.stringify({ bookings: many })),
      `a batch of ${many.length}`,
    );
    const names = Array.from({ length: MAX_RECORDS + 1 }, (_, index) => ({
      id: `many-${index}`,
      name: 'n',
      vatRate: '7',
    }));
    row.trials += 1;
    await expectRefused(
      await send('PUT', '/api/v1/items', JSON.stringify({ items: names })),
      `an item batch of ${names.length}`,
    );
    row.held.push('oversized body 413, oversized batch 400');
  });

  it('answers odd ids and queries on the read routes without a 5xx', async ({ task }) => {
    const row = scenario(task, `Bad input (${kind.name}): POS API fuzzing`);
    const odd = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }),
      fc.constantFrom('\u0000', '%00', '..', '../../etc/passwd', "' or 1=1 --", 'x'.repeat(5000)),
    );

    await fc.assert(
      fc.asyncProperty(odd, fc.boolean(), async (value, asQuery) => {
        row.trials += 1;
        const path = asQuery
          ? `/api/v1/transmissions?closingId=${encodeURIComponent(value)}`
          : `/api/v1/transmissions/${encodeURIComponent(value)}`;
        const answer = await send('GET', path);
        if (answer.status >= 500) {
          throw new Error(`${answer.status} for ${path.slice(0, 120)}: ${answer.text}`);
        }
        const after = await snapshot(service.context.db);
        if (after.checksum !== before.checksum) throw new Error(`database changed by ${path}`);
      }),
      { numRuns: RUNS },
    );
    row.held.push(
      'odd path and query ids no 5xx',
      'never a 5xx, always a message',
      'database unchanged (counts, checksum)',
    );
  });

  it('refuses a closing whose sums would overflow, before it can block the queue', async ({
    task,
  }) => {
    const row = scenario(task, `Bad input (${kind.name}): POS API fuzzing`);
    // Each booking is as large as the API takes; together they pass 2^53, and 10,000 of them
    // pass 2^63, where SQLite's own sum gives up.
    for (const count of [10, MAX_RECORDS]) {
      const bookings = Array.from({ length: count }, (_, index) =>
        booking({
          id: `max-${count}-${index}`,
          registerId: 'reg-2',
          quantity: '999999999999.999',
          grossAmount: '999999999999.99',
        }),
      );
      const posted = await send('POST', '/api/v1/bookings', JSON.stringify({ bookings }));
      if (posted.status !== 200) throw new Error(`${posted.status} ${posted.text.slice(0, 300)}`);
      before = await snapshot(service.context.db);

      row.trials += 1;
      const closed = await send(
        'POST',
        '/api/v1/closings',
        JSON.stringify(closing(`max-${count}`, { registerId: 'reg-2' })),
      );
      await expectRefused(closed, `a closing of ${count} maximal bookings`);
      if (closed.status !== 409) throw new Error(`expected 409, got ${closed.status}`);
    }
    row.held.push('sums past 2^53 (and 2^63) refused 409, nothing taken');
  });
});
