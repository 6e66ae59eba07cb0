import { writeConnection } from '../../src/connection/store.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { SETTING, writeSetting } from '../../src/settings/settings.js';
import type { TestService } from './service.js';

/**
 * Makes the interface active against a sandbox: a verified connection and mail settings with one
 * address. The SMTP server named here need not run for tests that look only at transmissions:
 * the mail outbox keeps retrying on its own.
 */
export async function activate(
  service: TestService,
  sandbox: Sandbox,
  mail: { smtpPort?: number; recipients?: string[] } = {},
): Promise<void> {
  const { db, secrets, clock } = service.context;
  await writeConnection(
    db,
    {
      apiUrl: sandbox.jomosoft.apiUrl,
      tokenUrl: sandbox.jomosoft.tokenUrl,
      clientId: sandbox.jomosoft.clientId,
      clientSecretSealed: secrets.seal(sandbox.jomosoft.clientSecret),
      source: 'manual',
      verified: true,
      check: null,
    },
    clock.now(),
  );
  await writeSetting(
    db,
    SETTING.mail,
    {
      smtp: {
        host: '127.0.0.1',
        port: mail.smtpPort ?? 1,
        tls: 'none',
        user: null,
        passwordSealed: null,
      },
      from: 'wawi-bridge@example.test',
      recipients: mail.recipients ?? ['kitchen@example.test'],
      language: 'en',
    },
    clock.now(),
  );
}
