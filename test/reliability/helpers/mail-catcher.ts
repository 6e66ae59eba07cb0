import type { AddressInfo } from 'node:net';

import { SMTPServer } from 'smtp-server';

/**
 * A loopback SMTP server that keeps every mail it is given. A service killed in the middle of an
 * SMTP session resets the connection; that is expected here and must not fail the run, so the
 * server's errors are counted rather than thrown.
 */
export interface CaughtMail {
  messageId: string;
  /** As sent (the subject may still be MIME-encoded). */
  subject: string;
  to: string[];
  raw: string;
  /** The test's clock when it arrived, for the timing of attention mails. */
  receivedAt: number;
}

export interface MailCatcher {
  port: number;
  mails: CaughtMail[];
  /** Copies per Message-ID. */
  copies(messageId: string): number;
  close(): Promise<void>;
}

export interface MailCatcherOptions {
  /** The test's clock, for `receivedAt`. */
  now?: () => number;
  /** user → password: AUTH is then required (in clear on loopback, as a test allows). */
  users?: Record<string, string>;
}

export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const now = options.now ?? Date.now;
  const users = options.users;
  const mails: CaughtMail[] = [];
  const server = new SMTPServer({
    ...(users
      ? {
          authMethods: ['PLAIN', 'LOGIN'],
          allowInsecureAuth: true,
          onAuth(auth, _session, callback) {
            if (auth.username && users[auth.username] === auth.password) {
              return callback(null, { user: auth.username });
            }
            callback(Object.assign(new Error('authentication failed'), { responseCode: 535 }));
          },
        }
      : { authOptional: true }),
    disabledCommands: users ? ['STARTTLS'] : ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    logger: false,
    onData(stream, session, callback) {
      // Only the head is read: a thousand mails through mailparser would cost more than the
      // service spends sending them.
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const end = raw.search(/\r?\n\r?\n/);
        const head = (end < 0 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
        const header = (name: string) =>
          new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
        mails.push({
          messageId: header('Message-ID'),
          subject: header('Subject'),
          to: session.envelope.rcptTo.map((to) => to.address),
          raw,
          receivedAt: now(),
        });
        callback();
      });
    },
  });
  server.on('error', () => undefined);

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    mails,
    copies: (messageId) => mails.filter((mail) => mail.messageId === messageId).length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
