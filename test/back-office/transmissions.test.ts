import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { storeKinds } from '../helpers/stores.js';
import { startActiveService, transmitClosing, type ActiveService } from './active-service.js';

describe.each(storeKinds())('the transmission history in the admin API on $name', (kind) => {
  let active: ActiveService;
  let first: string;
  let second: string;

  beforeAll(async () => {
    active = await startActiveService(kind, 'de');
    first = await transmitClosing(active, 'c-1', 1);
    second = await transmitClosing(active, 'c-2', 2);
  });
  afterAll(() => active.close());

  it('lists transmissions newest first with the names of register and point of sale', async () => {
    const answer = await active.admin.get('/api/admin/transmissions');

    expect(answer.body.transmissions.map((entry: any) => entry.id)).toEqual([second, first]);
    expect(answer.body.transmissions[0]).toMatchObject({
      status: 'done',
      closing: { id: 'c-2', number: 2, registerName: 'Register 1', pointOfSaleName: 'Cafeteria' },
      counts: { itemBookings: 2, transmitted: 1, rejected: 1, notTransmitted: 0, leftOut: 0 },
      attempts: 1,
    });
  });

  it('pages with limit and before, the id of the last transmission shown', async () => {
    const page = await active.admin.get('/api/admin/transmissions?limit=1');
    const next = await active.admin.get(`/api/admin/transmissions?limit=1&before=${second}`);
    const wrong = await active.admin.get('/api/admin/transmissions?limit=0');
    const unknown = await active.admin.get('/api/admin/transmissions?before=nothing');

    expect(page.body.transmissions.map((entry: any) => entry.id)).toEqual([second]);
    expect(next.body.transmissions.map((entry: any) => entry.id)).toEqual([first]);
    expect(wrong.status).toBe(400);
    expect(unknown.body.problems[0].path).toBe('before');
  });

  it('shows one transmission with its item bookings, attempts, result mail and names', async () => {
    const answer = await active.admin.get(`/api/admin/transmissions/${first}`);

    expect(answer.body).toMatchObject({
      id: first,
      status: 'done',
      closing: { id: 'c-1', registerName: 'Register 1', pointOfSaleName: 'Cafeteria' },
      attempts: [expect.objectContaining({ attempt: 1 })],
      names: {
        pointsOfSale: { 'pos-cafeteria': 'Cafeteria' },
        priceLevels: { 'pl-guest': 'Guests' },
      },
      reconciliation: { balanced: true },
    });
    const rejected = answer.body.itemBookings.find((line: any) => line.status === 'rejected');
    expect(rejected).toMatchObject({ article: 'A-9999', priceLevelName: 'Guests' });
    expect(rejected.message).toContain('A-9999');
    expect(answer.body.mails[0]).toMatchObject({
      kind: 'result',
      recipients: ['kitchen@example.test'],
    });
  });

  it('exports the rejected lines as a semicolon CSV with BOM in the installation’s language', async () => {
    const answer = await active.admin.get(`/api/admin/transmissions/${first}/rejected.csv`);

    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(
      /attachment; filename="transmission-1-/,
    );
    const bytes = Buffer.from(
      await (
        await fetch(`${active.service.url}/api/admin/transmissions/${first}/rejected.csv`, {
          headers: { cookie: active.admin.cookie! },
        })
      ).arrayBuffer(),
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, line, end] = answer.text.split('\r\n');
    expect(header!.startsWith('Status;Fehlertext;Verkaufsstelle')).toBe(true);
    expect(line).toContain(
      'abgelehnt;Artikel A-9999 ist nicht angelegt;Cafeteria;KST-100;Guests;GAST;A-9999;Mystery menu;7;2;12,00;',
    );
    expect(end).toBe('');
  });

  it('answers 404 for a transmission that does not exist', async () => {
    expect((await active.admin.get('/api/admin/transmissions/nothing')).status).toBe(404);
    expect((await active.admin.get('/api/admin/transmissions/nothing/rejected.csv')).status).toBe(
      404,
    );
  });

  it('says the interface is active once paired and mail is set', async () => {
    expect((await active.admin.get('/api/admin/activation')).body).toEqual({
      active: true,
      missing: [],
    });
  });
});
