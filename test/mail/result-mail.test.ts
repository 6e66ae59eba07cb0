import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { renderResultMail, type ResultMailData } from '../../src/mail/render.js';
import { STANDARD_ERROR_TEXT } from '../../src/mail/texts.js';
import { createMailTransport, sendMail, type MailTransport } from '../../src/mail/transport.js';
import { cleanResult, plainSmtp, troubledResult } from './fixtures.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-test-server.js';

let server: TestSmtpServer;
let transport: MailTransport;
let sequence = 0;

beforeAll(async () => {
  server = await startSmtpServer();
  transport = createMailTransport(plainSmtp(server.port));
});

afterAll(async () => {
  transport.close();
  await server.close();
});

/** Renders the result mail, sends it through the loopback server and parses it back. */
async function deliver(data: ResultMailData) {
  const mail = renderResultMail(data);
  const messageId = `<result-${++sequence}@wawi-bridge.test>`;
  const result = await sendMail(transport, {
    ...mail,
    from: 'wawi-bridge@kantine.example',
    to: ['kuechenleitung@kantine.example'],
    messageId,
  });
  expect(result).toMatchObject({ ok: true });

  const received = server.received.find((entry) => entry.parsed.messageId === messageId);
  if (!received) throw new Error(`mail ${messageId} did not arrive`);
  return {
    subject: received.parsed.subject ?? '',
    text: received.parsed.text ?? '',
    html: String(received.parsed.html),
  };
}

describe('a result mail for a closing that went through without errors', () => {
  it('carries the seed sentence with the number of item bookings, in English', async () => {
    const mail = await deliver(cleanResult({ transmitted: 7 }));

    expect(mail.text).toContain(
      'The transmission to JOMOsoft has taken place without errors. 7 item bookings have been transmitted.',
    );
    expect(mail.html).toContain(
      'The transmission to JOMOsoft has taken place without errors. 7 item bookings have been transmitted.',
    );
  });

  it('carries the glossary sentence with the number of item bookings, in German', async () => {
    const mail = await deliver(cleanResult({ language: 'de', transmitted: 23 }));

    expect(mail.text).toContain(
      'Die Übertragung an JOMOsoft ist fehlerfrei erfolgt. Es wurden 23 Artikelbuchungen übertragen.',
    );
    expect(mail.html).toContain('Es wurden 23 Artikelbuchungen übertragen.');
  });

  it('names point of sale, closing number and business date in the subject and says it went through', async () => {
    const english = await deliver(cleanResult());
    const german = await deliver(cleanResult({ language: 'de' }));

    expect(english.subject).toBe(
      'JOMOsoft: Cafeteria, closing 118 of 2026-12-03 transmitted without errors',
    );
    expect(german.subject).toBe(
      'JOMOsoft: Cafeteria, Kassenabschluss 118 vom 03.12.2026 fehlerfrei übertragen',
    );
  });

  it('lists no faulty item bookings and no missing interface numbers', async () => {
    const mail = await deliver(cleanResult());

    expect(mail.text).not.toContain('Faulty item bookings');
    expect(mail.text).not.toContain('Not transmitted: missing interface number');
  });

  it('still shows the reconciliation line', async () => {
    const mail = await deliver(cleanResult());

    expect(mail.text).toContain(
      'POS total 120 = booked 117 + rejected 0 + not transmitted 0 + left out 3',
    );
    expect(mail.text).toContain(
      'POS total €500.00 = booked €490.00 + rejected €0.00 + not transmitted €0.00 + left out €10.00',
    );
  });
});

describe('a result mail for a closing with faulty item bookings', () => {
  it('says how many item bookings were transmitted', async () => {
    const english = await deliver(troubledResult({ transmitted: 5 }));
    const german = await deliver(troubledResult({ language: 'de', transmitted: 5 }));

    expect(english.text).toContain('5 item bookings have been transmitted.');
    expect(english.text).not.toContain('without errors');
    expect(german.text).toContain('Es wurden 5 Artikelbuchungen übertragen.');
    expect(german.text).not.toContain('fehlerfrei');
  });

  it("lists each faulty item booking with JOMOsoft's text and the POS items behind it", async () => {
    const mail = await deliver(troubledResult());

    expect(mail.text).toContain('1. Rejected: Artikel 100234 ist in JOMOsoft gesperrt.');
    expect(mail.text).toMatch(/Items: +Schnitzel, Schnitzel groß/);
    expect(mail.text).toMatch(/Point of sale: +Cafeteria/);
    expect(mail.text).toMatch(/Price level: +Staff \(MA\)/);
    expect(mail.text).toMatch(/Interface no\.: +100234/);
    expect(mail.text).toMatch(/Quantity: +12\n/);
    expect(mail.text).toMatch(/Amount: +€98\.00/);
  });

  it('shows the standard text where JOMOsoft gave no details', async () => {
    const english = await deliver(troubledResult());
    const german = await deliver(troubledResult({ language: 'de' }));

    expect(english.text).toContain(
      '2. Failed: An error occurred during the transfer to JOMOsoft. Item details are not available.',
    );
    expect(german.text).toContain(
      '2. Fehlgeschlagen: Bei der Übertragung an JOMOsoft ist ein Fehler aufgetreten. Details zu den Artikeln liegen nicht vor.',
    );
    expect(german.html).toContain(STANDARD_ERROR_TEXT.de);
  });

  it('formats quantities and amounts in the German way in a German mail', async () => {
    const mail = await deliver(troubledResult({ language: 'de' }));

    expect(mail.text).toMatch(/Menge: +1,5\n/);
    expect(mail.text).toMatch(/Betrag: +1\.234,56 €/);
    expect(mail.text).toMatch(/Betrag: +98,00 €/);
  });

  it('lists the bookings with a missing interface number in their own section', async () => {
    const english = await deliver(troubledResult());
    const german = await deliver(troubledResult({ language: 'de' }));

    expect(english.text).toContain('Not transmitted: missing interface number');
    expect(english.text).toMatch(/Kaffee +Cafeteria +Guests +interface no\. \(item\) +40 +€80\.00/);
    expect(english.text).toMatch(
      /Tee +Cafeteria +Event +interface no\. \(item\), abbreviation for export \(price level\) +2 +€5\.00/,
    );
    expect(german.text).toContain('Nicht übertragen: Schnittstellennummer fehlt');
    expect(german.text).toMatch(
      /Kaffee +Cafeteria +Guests +Schnittstellen-Nr\. \(Artikel\) +40 +80,00 €/,
    );
  });

  it('names what went wrong in the subject', async () => {
    const english = await deliver(troubledResult());
    const german = await deliver(troubledResult({ language: 'de' }));

    expect(english.subject).toBe(
      'JOMOsoft: Cafeteria, closing 118 of 2026-12-03: 1 item booking rejected, ' +
        '1 item booking failed, 2 not transmitted (missing interface number)',
    );
    expect(german.subject).toBe(
      'JOMOsoft: Cafeteria, Kassenabschluss 118 vom 03.12.2026: 1 Artikelbuchung abgelehnt, ' +
        '1 Artikelbuchung fehlgeschlagen, 2 nicht übertragen (Schnittstellennummer fehlt)',
    );
  });

  it('counts several rejected item bookings in the plural', async () => {
    const data = troubledResult({ missingInterfaceNumber: [] });
    const rejected = data.faulty.map((booking) => ({ ...booking, status: 'rejected' as const }));
    const mail = await deliver({ ...data, faulty: rejected });

    expect(mail.subject).toBe(
      'JOMOsoft: Cafeteria, closing 118 of 2026-12-03: 2 item bookings rejected',
    );
  });

  it('shows the reconciliation of quantity and amount, in both languages', async () => {
    const english = await deliver(troubledResult());
    const german = await deliver(troubledResult({ language: 'de' }));

    expect(english.text).toContain(
      'POS total 100 = booked 41 + rejected 13.5 + not transmitted 42 + left out 3.5',
    );
    expect(english.text).toContain(
      'POS total €2,000.00 = booked €572.50 + rejected €1,332.56 + not transmitted €85.00 + left out €9.94',
    );
    expect(german.text).toContain(
      'Kassensumme 2.000,00 € = gebucht 572,50 € + abgelehnt 1.332,56 € + nicht übertragen 85,00 € + ' +
        'nicht warenwirtschaftsrelevant 9,94 €',
    );
  });
});

describe('a result mail whose totals do not add up', () => {
  it('shows an unequal sign and asks for the closing to be reported', async () => {
    const data = cleanResult();
    const mail = await deliver({
      ...data,
      reconciliation: { ...data.reconciliation, pos: { quantity: 120_000, grossAmount: 50_001 } },
    });

    expect(mail.text).toContain('POS total €500.01 ≠ booked €490.00');
    expect(mail.text).toContain('The totals do not add up.');
  });
});

describe('a result mail with a hostile item name', () => {
  const hostile = '<img src=x onerror="alert(1)">&<b>Schnitzel</b>';

  it('escapes the name in the HTML part', async () => {
    const data = troubledResult();
    const faulty = data.faulty.map((booking) => ({ ...booking, items: [{ name: hostile }] }));
    const mail = await deliver({ ...data, faulty });

    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('<b>Schnitzel');
    expect(mail.html).toContain(
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&lt;b&gt;Schnitzel&lt;/b&gt;',
    );
  });

  it('keeps the name readable in the plain-text part', async () => {
    const data = troubledResult();
    const missing = [{ ...data.missingInterfaceNumber[0]!, itemName: hostile }];
    const mail = await deliver({ ...data, missingInterfaceNumber: missing });

    expect(mail.text).toContain(hostile);
  });

  it('cannot break the subject with a line break in the point-of-sale name', async () => {
    const mail = await deliver(
      cleanResult({
        pointOfSale: { name: 'Cafeteria\r\nBcc: someone@evil.example', interfaceId: '4711' },
      }),
    );

    expect(mail.subject).toBe(
      'JOMOsoft: Cafeteria Bcc: someone@evil.example, closing 118 of 2026-12-03 transmitted without errors',
    );
    expect(server.received.at(-1)?.envelopeTo).toEqual(['kuechenleitung@kantine.example']);
  });
});
