import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { renderAttentionMail, renderClearedMail, renderTestMail } from '../../src/mail/render.js';
import { createMailTransport, sendMail } from '../../src/mail/transport.js';
import { plainSmtp } from './fixtures.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-test-server.js';

const timeZone = 'Europe/Berlin';
const morning = new Date('2026-12-03T09:15:00.000Z');
const noon = new Date('2026-12-03T11:05:00.000Z');

describe('the test mail', () => {
  let server: TestSmtpServer;

  beforeAll(async () => {
    server = await startSmtpServer();
  });

  afterAll(async () => {
    await server.close();
  });

  it('reaches every address and says it is a test of the JOMOsoft connection', async () => {
    const transport = createMailTransport(plainSmtp(server.port));
    const mail = renderTestMail({
      language: 'en',
      sentAt: morning,
      installationName: 'Klinikum Nord',
      timeZone,
    });

    const result = await sendMail(transport, {
      ...mail,
      from: 'wawi-bridge@klinikum.example',
      to: ['kueche@klinikum.example', 'einkauf@klinikum.example'],
      messageId: '<test-mail-1@wawi-bridge.test>',
    });
    transport.close();

    expect(result).toEqual({
      ok: true,
      accepted: ['kueche@klinikum.example', 'einkauf@klinikum.example'],
      rejected: [],
    });
    const received = server.received.at(-1)!;
    expect(received.parsed.subject).toBe('JOMOsoft: test mail from Klinikum Nord');
    expect(received.parsed.text).toContain(
      'This is a test mail of the JOMOsoft connection of Klinikum Nord, sent at 2026-12-03 10:15.',
    );
  });

  it('asks the reader to mark the sender as trusted if it landed in the junk folder', () => {
    const english = renderTestMail({ language: 'en', sentAt: morning, timeZone });
    const german = renderTestMail({ language: 'de', sentAt: morning, timeZone });

    expect(english.text).toContain(
      'If this mail landed in your junk folder, please mark the sender as trusted so that the reports arrive in your inbox.',
    );
    expect(german.subject).toBe('JOMOsoft: Testmail');
    expect(german.text).toContain(
      'Dies ist eine Testmail der JOMOsoft-Anbindung, gesendet am 03.12.2026, 10:15 Uhr.',
    );
    expect(german.text).toContain('markieren Sie den Absender bitte als vertrauenswürdig');
  });
});

describe('the attention mail', () => {
  it('says since when the transmission waits, how many closings wait and the last error', () => {
    const mail = renderAttentionMail({
      language: 'en',
      waitingSince: morning,
      waitingClosings: 3,
      lastError: 'connect ECONNREFUSED 203.0.113.7:443',
      reason: 'offline',
      timeZone,
    });

    expect(mail.subject).toBe(
      'JOMOsoft connection needs attention: 3 closings waiting since 2026-12-03 10:15',
    );
    expect(mail.text).toContain(
      'The transmission to JOMOsoft has been waiting since 2026-12-03 10:15. 3 closings are waiting to be transmitted.',
    );
    expect(mail.text).toMatch(/Last error: +connect ECONNREFUSED 203\.0\.113\.7:443/);
    expect(mail.text).toContain('Check the internet connection of this server.');
    expect(mail.text).toContain('at most once a day');
  });

  it('tells the reader to retrieve the connection again when JOMOsoft refuses the credentials', () => {
    const mail = renderAttentionMail({
      language: 'de',
      waitingSince: morning,
      waitingClosings: 1,
      lastError: 'HTTP 403 Forbidden',
      reason: 'credentials-refused',
      timeZone,
    });

    expect(mail.subject).toBe(
      'JOMOsoft-Anbindung braucht Aufmerksamkeit: 1 Kassenabschluss wartet seit 03.12.2026, 10:15 Uhr',
    );
    expect(mail.text).toContain('JOMOsoft lehnt die Zugangsdaten der Anbindung ab.');
    expect(mail.text).toContain('Vom Portal abrufen');
    expect(mail.text).toMatch(/Letzter Fehler: +HTTP 403 Forbidden/);
  });

  it('escapes the last error in the HTML part', () => {
    const mail = renderAttentionMail({
      language: 'en',
      waitingSince: morning,
      waitingClosings: 2,
      lastError: '<html>502 Bad Gateway</html>',
      reason: 'offline',
      timeZone,
    });

    expect(mail.html).toContain('&lt;html&gt;502 Bad Gateway&lt;/html&gt;');
  });
});

describe('the cleared mail', () => {
  it('says since when the transmission works again and how many waiting closings went out', () => {
    const english = renderClearedMail({
      language: 'en',
      waitingSince: morning,
      clearedAt: noon,
      closingsSent: 4,
      timeZone,
    });
    const german = renderClearedMail({
      language: 'de',
      waitingSince: morning,
      clearedAt: noon,
      closingsSent: 4,
      timeZone,
    });

    expect(english.subject).toBe('JOMOsoft connection works again: 4 waiting closings transmitted');
    expect(english.text).toContain(
      'The transmission to JOMOsoft has been working again since 2026-12-03 12:05. It had been waiting since 2026-12-03 10:15.',
    );
    expect(english.text).toContain('4 closings that had been waiting have been transmitted');
    expect(german.subject).toBe(
      'JOMOsoft-Anbindung funktioniert wieder: 4 wartende Kassenabschlüsse übertragen',
    );
    expect(german.text).toContain(
      'Die Übertragung an JOMOsoft funktioniert seit 03.12.2026, 12:05 Uhr wieder.',
    );
  });
});
