import type { AddressInfo } from 'node:net';

import { SMTPServer } from 'smtp-server';

/**
 * An SMTP server on loopback that takes every mail and keeps none, so the result mails after
 * each transmission go out as they would at a customer's, instead of retrying against a closed
 * port and loading the service with retries no installation would see for long.
 */
export interface SmtpSink {
  port: number;
  received(): number;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      stream.on('end', () => {
        received += 1;
        done();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });

  return {
    port: (server.server.address() as AddressInfo).port,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
