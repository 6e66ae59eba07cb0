import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { writeMailSettings, type MailSettingsInput } from '../../src/mail/settings-store.js';
import { sendTestMail } from '../../src/mail/test-mail.js';
import { ConflictError } from '../../src/shared/errors.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';
import { closedPort, mailsOf } from './outbox-fixtures.js';
import {
  createTestCertificate,
  hasOpenssl,
  startSmtpServer,
  type TestSmtpServer,
  type TestSmtpServerOptions,
} from './smtp-test-server.js';

const PASSWORD = 'Kassen-Geheimnis!42';
const USER = 'bridge@kantine.example';

function plainSettings(port: number, recipients: string[]): MailSettingsInput {
  return {
    smtp: { host: '127.0.0.1', port, tls: 'none', user: null, password: null },
    from: 'wawi-bridge@kantine.example',
    recipients,
    language: 'en',
  };
}

describe.each(storeKinds())('the test mail on $name', (kind) => {
  let service: TestService;
  const servers: TestSmtpServer[] = [];
  const server = async (options: TestSmtpServerOptions = {}) => {
    const started = await startSmtpServer(options);
    servers.push(started);
    return started;
  };
  const now = () => service.context.clock.now();

  beforeAll(async () => {
    service = await startTestService(kind);
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((started) => started.close()));
  });
  afterAll(() => service.close());

  it('refuses to run before mail settings are stored', async () => {
    await expect(sendTestMail(service.context)).rejects.toBeInstanceOf(ConflictError);
  });

  it('goes at once to every address, asks to trust the sender, and is kept in the history', async () => {
    const smtp = await server();
    const to = ['kueche@kantine.example', 'einkauf@kantine.example'];
    await writeMailSettings(service.context, plainSettings(smtp.port, to), now());

    const result = await sendTestMail(service.context);

    expect(result).toEqual({ ok: true, accepted: to, rejected: [] });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.envelopeTo).toEqual(to);
    expect(smtp.received[0]?.parsed.subject).toBe('JOMOsoft: test mail');
    expect(smtp.received[0]?.parsed.text).toContain('mark the sender as trusted');
    const [row] = (await mailsOf(service.context.db, 'test')).slice(-1);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, refused_recipients: null });
    expect(row?.message_id).toBe(smtp.received[0]?.parsed.messageId);
  });

  it('answers per recipient which one the server refused, and the others still get it', async () => {
    const smtp = await server({ refuse: ['gibtsnicht@kantine.example'] });
    const to = ['kueche@kantine.example', 'gibtsnicht@kantine.example'];
    await writeMailSettings(service.context, plainSettings(smtp.port, to), now());

    const result = await sendTestMail(service.context);

    expect(result).toEqual({
      ok: true,
      accepted: ['kueche@kantine.example'],
      rejected: ['gibtsnicht@kantine.example'],
    });
    expect(smtp.received[0]?.envelopeTo).toEqual(['kueche@kantine.example']);
    const [row] = (await mailsOf(service.context.db, 'test')).slice(-1);
    expect(JSON.parse(row?.refused_recipients ?? '[]')).toEqual(['gibtsnicht@kantine.example']);
    expect(service.logs.some((line) => line.includes('refused gibtsnicht@kantine.example'))).toBe(
      true,
    );
  });

  it('says why nothing was sent when the mail server is down, and records the failure', async () => {
    await writeMailSettings(
      service.context,
      plainSettings(await closedPort(), ['kueche@kantine.example']),
      now(),
    );

    const result = await sendTestMail(service.context);

    expect(result).toMatchObject({ ok: false, accepted: [], rejected: [] });
    expect(result.error).toMatch(/ECONNECTION|ECONNREFUSED/);
    const [row] = (await mailsOf(service.context.db, 'test')).slice(-1);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row?.last_error).toBe(result.error);
  });

  describe.skipIf(!hasOpenssl())('with STARTTLS and AUTH', () => {
    const certificate = hasOpenssl() ? createTestCertificate() : { key: '', cert: '' };

    it('logs in with the stored password over STARTTLS and delivers', async () => {
      const smtp = await server({ tls: 'starttls', certificate, users: { [USER]: PASSWORD } });
      await writeMailSettings(
        service.context,
        {
          ...plainSettings(smtp.port, ['kueche@kantine.example']),
          smtp: {
            host: '127.0.0.1',
            port: smtp.port,
            tls: 'starttls',
            user: USER,
            password: PASSWORD,
          },
        },
        now(),
      );

      const result = await sendTestMail(service.context, { transport: { ca: certificate.cert } });

      expect(result).toMatchObject({ ok: true, accepted: ['kueche@kantine.example'] });
      expect(smtp.logins).toEqual([USER]);
      expect(smtp.received[0]?.secure).toBe(true);
    });

    it('reports a wrong password without repeating it, in the answer, the row and the log', async () => {
      const wrong = 'Falsches-Geheimnis?17';
      const echo = (user: string, password: string) => `Login ${user} with ${password} refused`;
      const smtp = await server({
        tls: 'starttls',
        certificate,
        users: { [USER]: PASSWORD },
        authFailure: echo,
      });
      await writeMailSettings(
        service.context,
        {
          ...plainSettings(smtp.port, ['kueche@kantine.example']),
          smtp: {
            host: '127.0.0.1',
            port: smtp.port,
            tls: 'starttls',
            user: USER,
            password: wrong,
          },
        },
        now(),
      );

      const result = await sendTestMail(service.context, { transport: { ca: certificate.cert } });

      expect(result).toMatchObject({ ok: false });
      expect(result.error).toMatch(/EAUTH/);
      expect(JSON.stringify(result)).not.toContain(wrong);
      expect(JSON.stringify(await mailsOf(service.context.db))).not.toContain(wrong);
      expect(service.logs.join('\n')).not.toContain(wrong);
    });
  });
});
