import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { writeConnection } from '../../src/connection/store.js';
import { writeMailSettings } from '../../src/mail/settings-store.js';
import { STANDARD_ERROR_TEXT } from '../../src/mail/texts.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { booking, closing, loadSmallCanteen } from '../helpers/master-data.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { mailsOf } from './outbox-fixtures.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from './smtp-test-server.js';

const KITCHEN = 'kueche@kantine.example';

describe.each(storeKinds())('result mails from a running service on $name', (kind) => {
  let sandbox: Sandbox;
  let smtp: TestSmtpServer;
  let smtpPort: number;
  let service: TestService;
  let number = 0;

  async function mailIn(language: 'de' | 'en') {
    await writeMailSettings(
      service.context,
      {
        smtp: { host: '127.0.0.1', port: smtpPort, tls: 'none', user: null, password: null },
        from: 'wawi-bridge@kantine.example',
        recipients: [KITCHEN],
        language,
      },
      service.context.clock.now(),
    );
  }

  /** Books the lines on Register 1 and closes it; answers the transmission id. */
  async function close(lines: Array<Record<string, string>>) {
    number += 1;
    const posted = await service.pos('POST', '/api/v1/bookings', {
      bookings: lines.map((line) => booking(line)),
    });
    expect(posted.status).toBe(200);
    const taken = await service.pos(
      'POST',
      '/api/v1/closings',
      closing(`e2e-${kind.name}-${number}`, { number }),
    );
    expect(taken.body.transmission.status).toBe('waiting');
    return taken.body.transmission.id as string;
  }

  const resultMail = (transmissionId: string) =>
    waitFor(async (): Promise<ReceivedMail | null> => {
      const wanted = `<result.${transmissionId}@wawi-bridge.invalid>`;
      return smtp.received.find((mail) => mail.parsed.messageId === wanted) ?? null;
    });

  beforeAll(async () => {
    sandbox = await startSandbox();
    smtp = await startSmtpServer();
    smtpPort = smtp.port;
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
    await writeConnection(
      service.context.db,
      {
        apiUrl: sandbox.jomosoft.apiUrl,
        tokenUrl: sandbox.jomosoft.tokenUrl,
        clientId: sandbox.jomosoft.clientId,
        clientSecretSealed: service.context.secrets.seal(sandbox.jomosoft.clientSecret),
        source: 'manual',
        verified: true,
        check: null,
      },
      service.context.clock.now(),
    );
    await mailIn('en');
  });
  afterAll(async () => {
    await service.close();
    await smtp.close();
    await sandbox.close();
  });

  it('mails the seed sentence with the number of item bookings JOMOsoft booked', async () => {
    const id = await close([
      { quantity: '2', grossAmount: '19.60' },
      { itemId: 'item-coffee', quantity: '2', grossAmount: '5.00', vatRate: '19' },
      { itemId: 'item-coffee-large', quantity: '1', grossAmount: '3.20', vatRate: '19' },
      {
        itemId: 'item-coffee',
        priceLevelId: 'pl-staff',
        quantity: '1',
        grossAmount: '2.00',
        vatRate: '19',
      },
      { itemId: 'item-deposit', quantity: '1', grossAmount: '1.00', vatRate: '19' },
    ]);

    const mail = await resultMail(id);

    expect(mail.envelopeTo).toEqual([KITCHEN]);
    expect(mail.parsed.subject).toBe(
      `JOMOsoft: Cafeteria, closing ${number} of 2026-12-03 transmitted without errors`,
    );
    expect(mail.parsed.text).toContain(
      'The transmission to JOMOsoft has taken place without errors. 3 item bookings have been transmitted.',
    );
    expect(mail.parsed.text).toContain('POS total €30.80 = booked €29.80 + ');
  });

  it('lists the item JOMOsoft rejected with its error text, and the item without interface no.', async () => {
    await mailIn('de');
    const id = await close([
      { quantity: '1', grossAmount: '9.80' },
      { itemId: 'item-mystery', quantity: '1', grossAmount: '8.50' },
      { itemId: 'item-tea', quantity: '2', grossAmount: '4.00', vatRate: '19' },
    ]);

    const mail = await resultMail(id);
    const view = (await service.pos('GET', `/api/v1/transmissions/${id}`)).body;
    const rejected = view.itemBookings.find(
      (line: { article: string }) => line.article === 'A-9999',
    );

    expect(rejected.status).toBe('rejected');
    expect(mail.parsed.subject).toBe(
      `JOMOsoft: Cafeteria, Kassenabschluss ${number} vom 03.12.2026: ` +
        '1 Artikelbuchung abgelehnt, 1 nicht übertragen (Schnittstellennummer fehlt)',
    );
    expect(mail.parsed.text).toContain(
      'Nicht alles konnte an JOMOsoft übertragen werden. Es wurden 1 Artikelbuchungen übertragen.',
    );
    expect(mail.parsed.text).toContain(`Abgelehnt: ${rejected.message}`);
    expect(mail.parsed.text).toContain('Mystery menu');
    expect(mail.parsed.text).toContain('Nicht übertragen: Schnittstellennummer fehlt');
    expect(mail.parsed.text).toMatch(/Tea\s+Cafeteria\s+Guests\s+Schnittstellen-Nr\. \(Artikel\)/);
    expect(mail.parsed.text).not.toContain(STANDARD_ERROR_TEXT.de);
    await mailIn('en');
  });

  it('delivers the report once when the mail server was down as the transmission finished', async () => {
    await smtp.close();
    const id = await close([{ quantity: '1', grossAmount: '9.80' }]);

    const waiting = await waitFor(async () => {
      const row = (await mailsOf(service.context.db, 'result')).find(
        (mail) => mail.transmission_id === id,
      );
      return row && row.attempts >= 2 ? row : null;
    });
    smtp = await startSmtpServer({ port: smtpPort });
    const mail = await resultMail(id);
    await new Promise((resolve) => setTimeout(resolve, 700));

    expect(waiting.status).toBe('queued');
    expect(waiting.last_error).toMatch(/ECONNECTION|ECONNREFUSED/);
    expect(mail.parsed.text).toContain('1 item bookings have been transmitted.');
    expect(smtp.received).toHaveLength(1);
    const sent = (await mailsOf(service.context.db, 'result')).filter(
      (row) => row.transmission_id === id,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]?.status).toBe('sent');
  });
});
