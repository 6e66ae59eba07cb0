import { createServer, type AddressInfo } from 'node:net';

import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { SmtpSettings } from '../../src/mail/settings.js';
import {
  createMailTransport,
  sendMail,
  type MailTransportOptions,
} from '../../src/mail/transport.js';
import { plainSmtp } from './fixtures.js';
import {
  createTestCertificate,
  hasOpenssl,
  startSmtpServer,
  type Certificate,
  type TestSmtpServer,
  type TestSmtpServerOptions,
} from './smtp-test-server.js';

const PASSWORD = 'Kassen-Geheimnis!42';
const users = { 'bridge@kantine.example': PASSWORD };

const mail = {
  from: 'wawi-bridge@kantine.example',
  to: ['kueche@kantine.example'],
  subject: 'JOMOsoft: Cafeteria, closing 118 of 2026-12-03 transmitted without errors',
  text: 'The transmission to JOMOsoft has taken place without errors. 7 item bookings have been transmitted.\n',
  html: '<p>The transmission to JOMOsoft has taken place without errors. 7 item bookings have been transmitted.</p>',
  messageId: '<transmission-42@wawi-bridge.test>',
};

const servers: TestSmtpServer[] = [];

async function server(options: TestSmtpServerOptions): Promise<TestSmtpServer> {
  const started = await startSmtpServer(options);
  servers.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((started) => started.close()));
});

async function send(smtp: SmtpSettings, options?: MailTransportOptions, to = mail.to) {
  const transport = createMailTransport(smtp, options);
  try {
    return await sendMail(transport, { ...mail, to });
  } finally {
    transport.close();
  }
}

describe('sending over a plain loopback server', () => {
  it('delivers text, HTML and the given Message-ID', async () => {
    const smtp = await server({});

    const result = await send(plainSmtp(smtp.port));

    expect(result).toEqual({ ok: true, accepted: ['kueche@kantine.example'], rejected: [] });
    const { parsed } = smtp.received[0]!;
    expect(parsed.messageId).toBe('<transmission-42@wawi-bridge.test>');
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.text).toContain('7 item bookings have been transmitted.');
    expect(parsed.html).toContain('<p>The transmission to JOMOsoft');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('reports a recipient the server refuses in rejected, and the others still receive it', async () => {
    const smtp = await server({ refuse: ['gibtsnicht@kantine.example'] });
    const to = ['kueche@kantine.example', 'gibtsnicht@kantine.example', 'einkauf@kantine.example'];

    const result = await send(plainSmtp(smtp.port), {}, to);

    expect(result).toEqual({
      ok: true,
      accepted: ['kueche@kantine.example', 'einkauf@kantine.example'],
      rejected: ['gibtsnicht@kantine.example'],
    });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.envelopeTo).toEqual([
      'kueche@kantine.example',
      'einkauf@kantine.example',
    ]);
  });

  it('fails for good, naming the recipients, when the server refuses every one of them', async () => {
    const smtp = await server({ refuse: ['kueche@kantine.example'] });

    const result = await send(plainSmtp(smtp.port));

    expect(result).toMatchObject({
      ok: false,
      transient: false,
      rejected: ['kueche@kantine.example'],
    });
    expect(smtp.received).toHaveLength(0);
  });

  it('reports a server that is down as a transient failure, within seconds', async () => {
    const port = await closedPort();
    const started = Date.now();

    const result = await send(plainSmtp(port));

    expect(result).toMatchObject({ ok: false, transient: true });
    expect(Date.now() - started).toBeLessThan(6_000);
  });

  it('gives up on a server that never greets after the greeting timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;

    try {
      const result = await send(plainSmtp(port));

      expect(result).toMatchObject({ ok: false, transient: true });
      expect(result.ok === false && result.error).toMatch(/ETIMEDOUT/);
    } finally {
      silent.close();
    }
  }, 15_000);
});

// Without openssl there is no test certificate; the plain-text tests above still run.
describe.skipIf(!hasOpenssl())('sending with TLS and AUTH', () => {
  let cert: Certificate;
  const trust = (): MailTransportOptions => ({ ca: cert.cert });

  beforeAll(() => {
    cert = createTestCertificate();
  });

  it('upgrades with STARTTLS, logs in and delivers', async () => {
    const smtp = await server({ tls: 'starttls', certificate: cert, users });
    const settings = plainSmtp(smtp.port, {
      tls: 'starttls',
      user: 'bridge@kantine.example',
      password: PASSWORD,
    });

    const result = await send(settings, trust());

    expect(result).toMatchObject({ ok: true, accepted: ['kueche@kantine.example'] });
    expect(smtp.logins).toEqual(['bridge@kantine.example']);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.secure).toBe(true);
  });

  it('delivers over implicit TLS', async () => {
    const smtp = await server({ tls: 'implicit', certificate: cert, users });
    const settings = plainSmtp(smtp.port, {
      tls: 'implicit',
      user: 'bridge@kantine.example',
      password: PASSWORD,
    });

    const result = await send(settings, trust());

    expect(result).toMatchObject({ ok: true });
    expect(smtp.received[0]?.secure).toBe(true);
  });

  it('refuses to send in clear text when STARTTLS is required but not offered', async () => {
    const smtp = await server({ tls: 'none', users });
    const settings = plainSmtp(smtp.port, {
      tls: 'starttls',
      user: 'bridge@kantine.example',
      password: PASSWORD,
    });

    const result = await send(settings, trust());

    expect(result).toMatchObject({ ok: false });
    expect(smtp.logins).toEqual([]);
    expect(smtp.received).toHaveLength(0);
  });

  it('refuses a server certificate it cannot verify', async () => {
    const smtp = await server({ tls: 'starttls', certificate: cert, users });
    const settings = plainSmtp(smtp.port, {
      tls: 'starttls',
      user: 'bridge@kantine.example',
      password: PASSWORD,
    });

    const result = await send(settings);

    expect(result).toMatchObject({ ok: false });
    expect(smtp.logins).toEqual([]);
  });

  it('reports a wrong password as a lasting failure without the password in the error', async () => {
    const smtp = await server({ tls: 'starttls', certificate: cert, users });
    const wrong = 'Falsches-Geheimnis?17';
    const settings = plainSmtp(smtp.port, {
      tls: 'starttls',
      user: 'bridge@kantine.example',
      password: wrong,
    });

    const result = await send(settings, trust());

    expect(result).toMatchObject({ ok: false, transient: false });
    expect(result.ok === false && result.error).toMatch(/EAUTH/);
    expect(JSON.stringify(result)).not.toContain(wrong);
    expect(smtp.received).toHaveLength(0);
  });

  it('keeps the password out of the error even when the server echoes it back', async () => {
    const echo = (user: string, password: string) => `Login ${user} with ${password} refused`;
    const smtp = await server({ tls: 'starttls', certificate: cert, users, authFailure: echo });
    const wrong = 'Falsches-Geheimnis?17';
    const settings = plainSmtp(smtp.port, {
      tls: 'starttls',
      user: 'bridge@kantine.example',
      password: wrong,
    });

    const result = await send(settings, trust());

    expect(result.ok === false && result.error).toContain('with [redacted] refused');
    expect(JSON.stringify(result)).not.toContain(wrong);
  });
});

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  return port;
}
