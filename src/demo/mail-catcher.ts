import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';

import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * The demo's mail catcher: an SMTP server on loopback that takes every mail the service sends
 * (no TLS, no login: it never leaves the machine), parses it back with mailparser and keeps it
 * for the terminal and the browser. A development tool, like the sandbox.
 */
export interface CaughtMail {
  /** 1, 2, 3… in order of arrival; the browser's address of the mail. */
  number: number;
  receivedAt: Date;
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
}

export interface MailCatcher {
  smtpPort: number;
  mails(): CaughtMail[];
  /** Calls `listener` for every mail that arrives from now on. */
  onMail(listener: (mail: CaughtMail) => void): () => void;
  /** Resolves with the first caught mail that `match` accepts, or null after `timeoutMs`. */
  waitFor(match: (mail: CaughtMail) => boolean, timeoutMs: number): Promise<CaughtMail | null>;
  close(): Promise<void>;
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const caught: CaughtMail[] = [];
  const events = new EventEmitter();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    banner: 'wawi-bridge demo mail catcher',
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail: CaughtMail = {
            number: caught.length + 1,
            receivedAt: new Date(),
            messageId: parsed.messageId ?? null,
            from: addressText(parsed.from),
            to: session.envelope.rcptTo.map((to) => to.address),
            subject: parsed.subject ?? '(no subject)',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : null,
          };
          caught.push(mail);
          events.emit('mail', mail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    smtpPort: port,
    mails: () => [...caught],
    onMail(listener) {
      events.on('mail', listener);
      return () => events.off('mail', listener);
    },
    waitFor(match, timeoutMs) {
      const found = caught.find(match);
      if (found) return Promise.resolve(found);

      return new Promise((resolve) => {
        const timer = setTimeout(() => finish(null), timeoutMs);
        const listener = (mail: CaughtMail) => {
          if (match(mail)) finish(mail);
        };
        const finish = (mail: CaughtMail | null) => {
          clearTimeout(timer);
          events.off('mail', listener);
          resolve(mail);
        };
        events.on('mail', listener);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function addressText(address: AddressObject | AddressObject[] | undefined): string {
  if (!address) return '';
  return (Array.isArray(address) ? address : [address]).map((entry) => entry.text).join(', ');
}
