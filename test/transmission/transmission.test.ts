import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { activate } from '../helpers/activation.js';
import { booking, closing, loadSmallCanteen } from '../helpers/master-data.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';

describe.each(storeKinds())('transmitting closings to JOMOsoft on $name', (kind) => {
  let sandbox: Sandbox;
  let service: TestService;
  let number = 0;

  /** Posts bookings on a register and closes it; answers the closing's transmission id. */
  async function closeWith(lines: Array<Record<string, string>>, registerId = 'reg-1') {
    number += 1;
    if (lines.length > 0) {
      const posted = await service.pos('POST', '/api/v1/bookings', {
        bookings: lines.map((line) => booking({ registerId, ...line })),
      });
      expect(posted.status).toBe(200);
    }
    const taken = await service.pos(
      'POST',
      '/api/v1/closings',
      closing(`c-${kind.name}-${number}`, { registerId, number }),
    );
    expect(taken.status).toBe(201);
    return taken.body.transmission.id as string;
  }

  const transmission = async (id: string) =>
    (await service.pos('GET', `/api/v1/transmissions/${id}`)).body;
  const done = (id: string) =>
    waitFor(async () => ((await transmission(id)).status === 'done' ? transmission(id) : null));

  beforeAll(async () => {
    sandbox = await startSandbox();
    service = await startTestService(kind, {
      workers: true,
      env: { WAWI_RETRY_INTERVAL: '300ms' },
    });
    await loadSmallCanteen(service);
    await service.pos('PUT', '/api/v1/items', {
      items: [
        { id: 'item-mystery', name: 'Mystery menu', interfaceNo: 'A-9999', vatRate: '7' },
        { id: 'item-tea', name: 'Tea', vatRate: '19' },
      ],
    });
    await activate(service, sandbox);
  });
  afterEach(() =>
    sandbox.setFaults({
      refuseConnections: false,
      serverError: false,
      unprocessable: 'off',
      rateLimitSeconds: 0,
      refuseCredentials: false,
      expireTokens: false,
      slowMs: 0,
    }),
  );
  afterAll(async () => {
    await service.close();
    await sandbox.close();
  });

  it('sends a closing as grouped item bookings that JOMOsoft books', async () => {
    const id = await closeWith([
      { quantity: '2', grossAmount: '19.60' },
      { quantity: '-1', grossAmount: '-9.80' },
      { itemId: 'item-coffee', quantity: '2', grossAmount: '5.00', vatRate: '19' },
      { itemId: 'item-coffee-large', quantity: '1', grossAmount: '3.20', vatRate: '19' },
      {
        itemId: 'item-coffee',
        priceLevelId: 'pl-staff',
        quantity: '1',
        grossAmount: '2.00',
        vatRate: '19',
      },
    ]);

    const result = await done(id);

    expect(result.counts).toMatchObject({ itemBookings: 3, transmitted: 3, rejected: 0 });
    expect(result.reconciliation.balanced).toBe(true);
    const booked = sandbox.bookings().filter((line) => line.closingId === result.closingId);
    expect(
      booked
        .map((line) => [
          line.costCentre,
          line.priceGroup,
          line.article,
          line.quantity,
          line.grossAmount,
        ])
        .sort(),
    ).toEqual([
      ['KST-100', 'GAST', 'A-1001', '1', '9.80'],
      ['KST-100', 'GAST', 'A-1020', '3', '8.20'],
      ['KST-100', 'MA', 'A-1020', '1', '2.00'],
    ]);
    const coffee = result.itemBookings.find(
      (line: { article: string; priceGroup: string }) =>
        line.article === 'A-1020' && line.priceGroup === 'GAST',
    );
    expect(coffee.items.map((item: { name: string }) => item.name)).toEqual([
      'Coffee',
      'Coffee large',
    ]);
    expect(coffee.netAmount).toBe('6.89');
  });

  it('keeps a rejected line final with JOMOsoft text, and lists missing and left-out lines', async () => {
    const id = await closeWith([
      { itemId: 'item-mystery', grossAmount: '6.00' },
      { itemId: 'item-tea', grossAmount: '2.10', vatRate: '19' },
      { itemId: 'item-deposit', grossAmount: '1.00', vatRate: '19' },
      { grossAmount: '9.80' },
    ]);

    const result = await done(id);

    const statuses = Object.fromEntries(
      result.itemBookings.map((line: { items: Array<{ name: string }>; status: string }) => [
        line.items[0]!.name,
        line.status,
      ]),
    );
    expect(statuses).toEqual({
      'Mystery menu': 'rejected',
      Tea: 'not-transmitted',
      'Cup deposit': 'left-out',
      Schnitzel: 'booked',
    });
    const rejected = result.itemBookings.find(
      (line: { status: string }) => line.status === 'rejected',
    );
    expect(rejected.message).toContain('A-9999');
    expect(result.reconciliation).toMatchObject({
      pos: { grossAmount: '18.90' },
      booked: { grossAmount: '9.80' },
      rejected: { grossAmount: '6.00' },
      notTransmitted: { grossAmount: '2.10' },
      leftOut: { grossAmount: '1.00' },
      balanced: true,
    });
  });

  it('retries a closing made while JOMOsoft refuses connections, and sends it once it is back', async () => {
    await sandbox.setFaults({ refuseConnections: true });
    const id = await closeWith([{ grossAmount: '9.80' }]);

    const retrying = await waitFor(async () => {
      const view = await transmission(id);
      return view.status === 'retrying' && view.attempts >= 2 ? view : null;
    });
    expect(retrying.lastError).toMatch(/refused|ECONNREFUSED/i);
    expect(retrying.nextAttemptAt).not.toBeNull();

    await sandbox.setFaults({ refuseConnections: false });
    const result = await done(id);
    expect(result.counts.transmitted).toBe(1);
    expect(sandbox.bookings().filter((line) => line.closingId === result.closingId)).toHaveLength(
      1,
    );
  });

  it('keeps closings in order: a later closing waits while an earlier one retries', async () => {
    await sandbox.setFaults({ serverError: true });
    const first = await closeWith([{ grossAmount: '9.80' }], 'reg-1');
    const second = await closeWith([{ grossAmount: '9.80' }], 'reg-2');
    await waitFor(async () => ((await transmission(first)).attempts >= 2 ? true : null));

    expect((await transmission(second)).status).toBe('waiting');

    await sandbox.setFaults({ serverError: false });
    const [firstDone, secondDone] = [await done(first), await done(second)];
    expect(firstDone.finishedAt <= secondDone.finishedAt).toBe(true);
    const order = sandbox.bookings().map((line) => line.closingId);
    expect(order.lastIndexOf(firstDone.closingId)).toBeLessThan(
      order.indexOf(secondDone.closingId),
    );
  });

  it('honours Retry-After on 429 and stores each attempt error on the row', async () => {
    await sandbox.setFaults({ rateLimitSeconds: 1 });
    const id = await closeWith([{ grossAmount: '9.80' }]);
    const retrying = await waitFor(async () => {
      const view = await transmission(id);
      return view.status === 'retrying' ? view : null;
    });
    const wait = Date.parse(retrying.nextAttemptAt) - Date.now();
    expect(wait).toBeGreaterThan(500);

    await sandbox.setFaults({ rateLimitSeconds: 0 });
    const result = await done(id);
    expect(result.attempts).toBeGreaterThanOrEqual(2);
    const attempts = await service.context.db
      .selectFrom('transmission_attempts')
      .selectAll()
      .where('transmission_id', '=', id)
      .orderBy('id')
      .execute();
    expect(attempts[0]).toMatchObject({ outcome: 'transient', http_status: 429 });
    expect(attempts.at(-1)).toMatchObject({ outcome: 'answered', http_status: 200 });
  });

  it('treats refused credentials like an outage and goes on once they are accepted', async () => {
    await sandbox.setFaults({ refuseCredentials: true });
    const id = await closeWith([{ grossAmount: '9.80' }]);
    const retrying = await waitFor(async () => {
      const view = await transmission(id);
      return view.status === 'retrying' ? view : null;
    });
    expect(retrying.lastError).toMatch(/credentials refused/);

    await sandbox.setFaults({ refuseCredentials: false });
    expect((await done(id)).counts.transmitted).toBe(1);
  });

  it('fails every line of a request refused without details with the standard text, final', async () => {
    await sandbox.setFaults({ unprocessable: 'without-details' });
    const id = await closeWith([
      { grossAmount: '9.80' },
      { itemId: 'item-coffee', grossAmount: '2.50', vatRate: '19' },
    ]);

    const result = await done(id);

    expect(result.itemBookings.map((line: { status: string }) => line.status)).toEqual([
      'failed',
      'failed',
    ]);
    expect(result.itemBookings[0].message).toBeNull();
    await sandbox.setFaults({ unprocessable: 'off' });
  });

  it('records a closing made before activation as not active and never sends it', async () => {
    const other = await startTestService(kind, { workers: true });
    try {
      await loadSmallCanteen(other);
      await other.pos('POST', '/api/v1/bookings', { bookings: [booking()] });
      const taken = await other.pos('POST', '/api/v1/closings', closing('inactive-1'));

      expect(taken.body.transmission.status).toBe('not-active');
      const view = (await other.pos('GET', `/api/v1/transmissions/${taken.body.transmission.id}`))
        .body;
      expect(view.reason).toContain('connection');
    } finally {
      await other.close();
    }
  });
});
