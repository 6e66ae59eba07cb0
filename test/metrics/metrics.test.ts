import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { activate } from '../helpers/activation.js';
import { booking, closing, loadSmallCanteen } from '../helpers/master-data.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { parsePrometheusText, valueOf, type Sample } from './prometheus-text.js';

const METRICS_TOKEN = 'metrics-token-for-the-test-0123';

/** A clock the test can move forward; the service reads it for ages and next attempts. */
function movableClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    forward: (ms: number) => {
      offsetMs += ms;
    },
  };
}

async function scrape(service: TestService, headers: Record<string, string> = {}) {
  const response = await fetch(`${service.url}/metrics`, { headers });
  return { status: response.status, text: await response.text(), type: response.headers };
}

describe.each(storeKinds())('metrics and health on $name', (kind) => {
  let sandbox: Sandbox;
  let service: TestService;
  const clock = movableClock();

  async function closeRegister(id: string, number: number, lines: Record<string, string>[]) {
    const posted = await service.pos('POST', '/api/v1/bookings', {
      bookings: lines.map((line) => booking(line)),
    });
    expect(posted.status).toBe(200);
    const taken = await service.pos('POST', '/api/v1/closings', closing(id, { number }));
    expect(taken.status).toBe(201);
    return taken.body.transmission.id as string;
  }

  const statusOf = async (id: string) =>
    (await service.pos('GET', `/api/v1/transmissions/${id}`)).body.status as string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    service = await startTestService(kind, { workers: true, clock });
    await loadSmallCanteen(service);
    await service.pos('PUT', '/api/v1/items', {
      items: [{ id: 'item-mystery', name: 'Mystery menu', interfaceNo: 'A-9999', vatRate: '7' }],
    });
  });
  afterAll(async () => {
    await service.close();
    await sandbox.close();
  });

  it('says in the health answer that the interface is not active before it is set up', async () => {
    const answer = await service.pos('GET', '/api/v1/health');

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      status: 'degraded',
      database: 'ok',
      interface: { active: false, missing: ['connection', 'mail-settings'] },
    });
    expect(answer.body.problems.join('\n')).toMatch(/not active: no JOMOsoft connection/);
  });

  it('counts transmissions, attempts, item bookings and mails as the database holds', async () => {
    await activate(service, sandbox);
    const clean = await closeRegister(`m-${kind.name}-1`, 1, [{}, { itemId: 'item-coffee' }]);
    const rejected = await closeRegister(`m-${kind.name}-2`, 2, [{ itemId: 'item-mystery' }, {}]);
    await waitFor(async () =>
      (await statusOf(clean)) === 'done' && (await statusOf(rejected)) === 'done' ? true : null,
    );

    const scraped = await scrape(service);
    expect(scraped.status).toBe(200);
    expect(scraped.type.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parsePrometheusText(scraped.text);
    const db = service.context.db;

    const byStatus = await db
      .selectFrom('transmissions')
      .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute();
    for (const state of ['waiting', 'sending', 'retrying', 'done', 'skipped', 'not-active']) {
      const stored = byStatus.find((row) => row.status === state);
      expect({ state, value: valueOf(samples, 'wawi_transmissions', { state }) }).toEqual({
        state,
        value: Number(stored?.count ?? 0),
      });
    }

    const lines = await db
      .selectFrom('item_bookings')
      .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute();
    const stored = (status: string) =>
      Number(lines.find((row) => row.status === status)?.count ?? 0);
    expect(valueOf(samples, 'wawi_item_bookings_total', { result: 'booked' })).toBe(
      stored('booked'),
    );
    expect(valueOf(samples, 'wawi_item_bookings_total', { result: 'rejected' })).toBe(1);
    expect(stored('booked')).toBeGreaterThanOrEqual(3);

    const attempts = await db
      .selectFrom('transmission_attempts')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(sum(samples, 'wawi_transmission_attempts_total')).toBe(Number(attempts.count));
    // "answered, 1 rejected" is stored for a person; the label keeps only the kind.
    expect(valueOf(samples, 'wawi_transmission_attempts_total', { outcome: 'answered' })).toBe(2);
    expect(
      valueOf(samples, 'wawi_jomosoft_request_duration_seconds_count', { outcome: 'answered' }),
    ).toBe(2);

    const mails = await db
      .selectFrom('mails')
      .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute();
    for (const state of ['queued', 'sent', 'failed']) {
      const count = Number(mails.find((row) => row.status === state)?.count ?? 0);
      expect({ state, value: valueOf(samples, 'wawi_mails', { state }) }).toEqual({
        state,
        value: count,
      });
    }
    expect(valueOf(samples, 'wawi_database_up')).toBe(1);
    expect(valueOf(samples, 'wawi_oldest_waiting_transmission_age_seconds')).toBe(0);
  });

  it('shows a transmission waiting over an hour, with its last error', async () => {
    await sandbox.setFaults({ refuseConnections: true });
    try {
      const waiting = await closeRegister(`m-${kind.name}-3`, 3, [{}]);
      await waitFor(async () => ((await statusOf(waiting)) === 'retrying' ? true : null));
      clock.forward(2 * 60 * 60_000);

      const samples = parsePrometheusText((await scrape(service)).text);
      expect(valueOf(samples, 'wawi_transmissions', { state: 'retrying' })).toBe(1);
      expect(
        valueOf(samples, 'wawi_oldest_waiting_transmission_age_seconds'),
      ).toBeGreaterThanOrEqual(7200);

      const health = await service.pos('GET', '/api/v1/health');
      expect(health.status).toBe(200);
      expect(health.body.status).toBe('degraded');
      expect(health.body.transmissions.waiting).toBe(1);
      expect(health.body.transmissions.oldestLastError).toBeTruthy();
      expect(health.body.problems.join('\n')).toMatch(
        /1 transmission\(s\) waiting; the oldest since .* \(more than 2 hours\); its last error: /,
      );
    } finally {
      await sandbox.setFaults({ refuseConnections: false });
    }
  });

  it('refuses the metrics to a client not on loopback, or one behind a proxy', async () => {
    const far = await service.app!.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '192.0.2.10',
    });
    const proxied = await scrape(service, { 'x-forwarded-for': '192.0.2.10' });

    expect(far.statusCode).toBe(403);
    expect(far.json().message).toMatch(/WAWI_METRICS_TOKEN/);
    expect(proxied.status).toBe(403);
  });
});

describe('metrics with WAWI_METRICS_TOKEN', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(storeKinds()[0]!, {
      env: { WAWI_METRICS_TOKEN: METRICS_TOKEN },
    });
  });
  afterAll(() => service.close());

  it('answers only with the token, from anywhere', async () => {
    const without = await scrape(service);
    const wrong = await scrape(service, { authorization: `Bearer ${METRICS_TOKEN}x` });
    const right = await service.app!.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '192.0.2.10',
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });

    expect(without.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(right.statusCode).toBe(200);
    expect(valueOf(parsePrometheusText(right.body), 'wawi_database_up')).toBe(1);
  });

  it('answers health 503 naming the database when it does not answer', async () => {
    const { healthOf } = await import('../../src/metrics/health.js');
    const broken = {
      ...service.context,
      db: {
        executeQuery: () => Promise.reject(new Error('database gone')),
        getExecutor: () => {
          throw new Error('database gone');
        },
      } as never,
    };

    const health = await healthOf(broken);

    expect(health).toMatchObject({
      status: 'failing',
      database: 'not answering',
      problems: ['the database does not answer'],
    });
  });
});

function sum(samples: Sample[], name: string): number {
  return samples.filter((sample) => sample.name === name).reduce((all, s) => all + s.value, 0);
}
