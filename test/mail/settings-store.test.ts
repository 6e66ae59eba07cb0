import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  describeMailSettings,
  readMailSettings,
  readStoredMailSettings,
  showMailSettings,
  writeMailSettings,
  type MailSettingsInput,
} from '../../src/mail/settings-store.js';
import { readSetting, SETTING } from '../../src/settings/settings.js';
import { InputError } from '../../src/shared/errors.js';
import { activationStatus } from '../../src/transmission/activation.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';

const PASSWORD = 'Kassen-Geheimnis!42';

function settings(overrides: Partial<MailSettingsInput> = {}): MailSettingsInput {
  return {
    smtp: {
      host: 'mail.kantine.example',
      port: 587,
      tls: 'starttls',
      user: 'bridge',
      password: PASSWORD,
    },
    from: 'wawi-bridge@kantine.example',
    recipients: ['kueche@kantine.example', 'einkauf@kantine.example'],
    language: 'de',
    ...overrides,
  };
}

describe.each(storeKinds())('the mail settings store on $name', (kind) => {
  let service: TestService;
  const now = () => service.context.clock.now();

  beforeAll(async () => {
    service = await startTestService(kind);
  });
  afterAll(() => service.close());

  it('gives the settings back with the password, which is stored only sealed', async () => {
    await writeMailSettings(service.context, settings(), now());

    const opened = await readMailSettings(service.context);
    const raw = JSON.stringify(await readSetting(service.context.db, SETTING.mail));

    expect(opened).toEqual({ ...settings(), smtp: { ...settings().smtp, password: PASSWORD } });
    expect(raw).not.toContain(PASSWORD);
    expect(raw).toMatch(/"passwordSealed":"v1:/);
  });

  it('shows whether a password is set, never the password itself', async () => {
    const written = await writeMailSettings(service.context, settings(), now());

    const shown = await showMailSettings(service.context.db);

    expect(shown).toEqual(written);
    expect(shown).toEqual({
      smtp: {
        host: 'mail.kantine.example',
        port: 587,
        tls: 'starttls',
        user: 'bridge',
        passwordSet: true,
      },
      from: 'wawi-bridge@kantine.example',
      recipients: ['kueche@kantine.example', 'einkauf@kantine.example'],
      language: 'de',
    });
    expect(JSON.stringify(shown)).not.toContain(PASSWORD);
  });

  it('keeps the stored password when new settings leave it out', async () => {
    await writeMailSettings(service.context, settings(), now());

    const { password: _left, ...smtp } = settings().smtp;
    await writeMailSettings(
      service.context,
      settings({ smtp, recipients: ['neu@kantine.example'] }),
      now(),
    );

    const opened = await readMailSettings(service.context);
    expect(opened?.smtp.password).toBe(PASSWORD);
    expect(opened?.recipients).toEqual(['neu@kantine.example']);
  });

  it('stores no password for a relay without AUTH', async () => {
    const relay = {
      host: 'relay.intern',
      port: 25,
      tls: 'none' as const,
      user: null,
      password: null,
    };

    const view = await writeMailSettings(service.context, settings({ smtp: relay }), now());

    expect(view.smtp).toEqual({
      host: 'relay.intern',
      port: 25,
      tls: 'none',
      user: null,
      passwordSet: false,
    });
    expect((await readStoredMailSettings(service.context.db))?.smtp.passwordSealed).toBeNull();
  });

  it('refuses a user without a password when none is stored, naming the field', async () => {
    await writeMailSettings(
      service.context,
      settings({
        smtp: { host: 'relay.intern', port: 25, tls: 'none', user: null, password: null },
      }),
      now(),
    );

    const attempt = writeMailSettings(
      service.context,
      settings({
        smtp: { host: 'mail.kantine.example', port: 587, tls: 'starttls', user: 'bridge' },
      }),
      now(),
    );

    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toMatchObject({ problems: [{ path: 'smtp.password' }] });
  });

  it('refuses an invalid recipient without quoting the password', async () => {
    const attempt = writeMailSettings(
      service.context,
      settings({ recipients: ['kueche(at)kantine'] }),
      now(),
    );

    await expect(attempt).rejects.toMatchObject({ problems: [{ path: 'recipients.0' }] });
    await expect(attempt).rejects.not.toThrow(PASSWORD);
  });

  it('is what activation reads: settings with an address count as the mail part', async () => {
    await writeMailSettings(service.context, settings(), now());

    const status = await activationStatus(service.context.db);

    expect(status.missing).not.toContain('mail-settings');
    expect(status.missing).not.toContain('mail-recipients');
  });

  it.runIf(kind.name === 'sqlite')(
    'never writes the password in clear into the SQLite files',
    async () => {
      await writeMailSettings(service.context, settings(), now());
      await readMailSettings(service.context);

      const file = service.context.store.file!;
      const files = readdirSync(dirname(file)).map((name) => join(dirname(file), name));
      const contents = files.map((path) => readFileSync(path).toString('latin1'));

      expect(files.some((path) => path.endsWith('-wal'))).toBe(true);
      for (const content of contents) {
        expect(content).not.toContain(PASSWORD);
        expect(content).not.toContain(Buffer.from(PASSWORD).toString('base64'));
      }
    },
  );
});

describe('describing mail settings', () => {
  it('answers null when none are stored', () => {
    expect(describeMailSettings(null)).toBeNull();
  });
});
