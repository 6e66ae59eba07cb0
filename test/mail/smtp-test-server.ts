/**
 * A real SMTP server on loopback for the mail tests: smtp-server receives, mailparser parses
 * back, so a test asserts on the mail as a reader's client would see it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  /** Whether the session ran over TLS when the mail came in. */
  secure: boolean;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** The user names of every AUTH attempt, successful or not. */
  logins: string[];
  close(): Promise<void>;
}

export interface TestSmtpServerOptions {
  tls?: 'none' | 'starttls' | 'implicit';
  certificate?: Certificate;
  /** user → password; without it the server takes mail without AUTH. */
  users?: Record<string, string>;
  /** The reply text of a failed AUTH; a careless server may echo what it was sent. */
  authFailure?: (user: string, password: string) => string;
  /** Recipients the server refuses at RCPT TO. */
  refuse?: string[];
  /** A fixed loopback port, for a server that comes up where a client already expects it. */
  port?: number;
}

export interface Certificate {
  key: string;
  cert: string;
}

export async function startSmtpServer(
  options: TestSmtpServerOptions = {},
): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const logins: string[] = [];

  const server = new SMTPServer({
    ...tlsOptions(options),
    ...authOptions(options, logins),
    disabledCommands: disabledCommands(options),
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!options.refuse?.includes(address.address)) return callback();
      callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const envelopeTo = session.envelope.rcptTo.map((to) => to.address);
          received.push({ envelopeTo, secure: session.secure, parsed });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    received,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function tlsOptions(options: TestSmtpServerOptions): Partial<SMTPServerOptions> {
  const tls = options.tls ?? 'none';
  if (tls === 'none') return { hideSTARTTLS: true };
  if (!options.certificate) throw new Error(`a ${tls} test server needs a certificate`);

  return {
    secure: tls === 'implicit',
    key: options.certificate.key,
    cert: options.certificate.cert,
  };
}

function authOptions(options: TestSmtpServerOptions, logins: string[]): Partial<SMTPServerOptions> {
  const { users } = options;
  if (!users) return { authOptional: true };

  return {
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: (options.tls ?? 'none') === 'none',
    onAuth(auth, _session, callback) {
      const user = auth.username ?? '';
      const password = auth.password ?? '';
      logins.push(user);
      if (users[user] === password) return callback(null, { user });

      const message = options.authFailure?.(user, password) ?? 'Invalid username or password';
      callback(Object.assign(new Error(message), { responseCode: 535 }));
    },
  };
}

function disabledCommands(options: TestSmtpServerOptions): string[] {
  const noTls = (options.tls ?? 'none') === 'none' ? ['STARTTLS'] : [];
  const noAuth = options.users ? [] : ['AUTH'];

  return [...noTls, ...noAuth];
}

/** A self-signed certificate for 127.0.0.1 and localhost, valid for a day. Needs openssl. */
export function createTestCertificate(): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'wawi-bridge-mail-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        ...[
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-subj',
          '/CN=localhost',
          '-days',
          '1',
        ],
        ...['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
        ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      ],
      { stdio: 'ignore', timeout: 30_000 },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function hasOpenssl(): boolean {
  try {
    execFileSync('which', ['openssl'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
