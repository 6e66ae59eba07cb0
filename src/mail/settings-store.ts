/**
 * The mail settings in the database, under SETTING.mail. The SMTP password is sealed before it is
 * stored and opened only to hand it to the transport; what the CLI and the admin API show says
 * whether a password is set, never what it is.
 *
 * The stored shape keeps `recipients` at the top level: activation reads it from there.
 */
import { z } from 'zod';

import type { Executor } from '../db/database.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { readSetting, SETTING, writeSetting } from '../settings/settings.js';
import { ConfigError, InputError } from '../shared/errors.js';
import type { MailLanguage } from './format.js';
import { MAIL_LANGUAGES, parseMailSettings, SMTP_TLS_MODES } from './settings.js';
import type { MailSettings, SmtpTls } from './settings.js';

export interface StoredMailSettings {
  smtp: {
    host: string;
    port: number;
    tls: SmtpTls;
    user: string | null;
    /** `secrets.seal(password)`; null for a relay without AUTH. */
    passwordSealed: string | null;
  };
  from: string;
  recipients: string[];
  language: MailLanguage;
}

/** What `mail show` and GET /api/admin/mail answer. */
export interface MailSettingsView {
  smtp: { host: string; port: number; tls: SmtpTls; user: string | null; passwordSet: boolean };
  from: string;
  recipients: string[];
  language: MailLanguage;
}

/**
 * New settings from the CLI or the admin API. A password left out (undefined) keeps the stored
 * one, so a form can change the recipients without asking for the password again.
 */
export interface MailSettingsInput {
  smtp: { host: string; port: number; tls: SmtpTls; user: string | null; password?: string | null };
  from: string;
  recipients: string[];
  language: MailLanguage;
}

interface MailSettingsDeps {
  db: Executor;
  secrets: SecretBox;
}

const storedSchema = z.object({
  smtp: z.object({
    host: z.string(),
    port: z.number().int(),
    tls: z.enum(SMTP_TLS_MODES),
    user: z.string().nullable(),
    passwordSealed: z.string().nullable().default(null),
  }),
  from: z.string(),
  recipients: z.array(z.string()),
  language: z.enum(MAIL_LANGUAGES),
}) satisfies z.ZodType<StoredMailSettings, unknown>;

export async function readStoredMailSettings(db: Executor): Promise<StoredMailSettings | null> {
  const value = await readSetting<unknown>(db, SETTING.mail);
  if (value === null) return null;

  const parsed = storedSchema.safeParse(value);
  if (!parsed.success) {
    throw new ConfigError('the stored mail settings are damaged; set them again with mail set');
  }
  return parsed.data;
}

/** The settings with the password opened, for the transport only. */
export async function readMailSettings(deps: MailSettingsDeps): Promise<MailSettings | null> {
  const stored = await readStoredMailSettings(deps.db);

  return stored ? openMailSettings(stored, deps.secrets) : null;
}

export function openMailSettings(stored: StoredMailSettings, secrets: SecretBox): MailSettings {
  const { passwordSealed, ...smtp } = stored.smtp;
  const password = passwordSealed === null ? null : secrets.open(passwordSealed);

  return { ...stored, smtp: { ...smtp, password } };
}

/**
 * Checks and stores new settings, sealing the password; answers what was stored as a view.
 * Problems name the field and never quote the password.
 */
export async function writeMailSettings(
  deps: MailSettingsDeps,
  input: MailSettingsInput,
  now: Date,
): Promise<MailSettingsView> {
  const password = await passwordFor(deps, input);
  const settings = parseMailSettings({ ...input, smtp: { ...input.smtp, password } });

  const { password: clear, ...smtp } = settings.smtp;
  const stored: StoredMailSettings = {
    ...settings,
    smtp: { ...smtp, passwordSealed: clear === null ? null : deps.secrets.seal(clear) },
  };
  await writeSetting(deps.db, SETTING.mail, stored, now);

  return describeMailSettings(stored);
}

export function describeMailSettings(stored: StoredMailSettings): MailSettingsView;
export function describeMailSettings(stored: StoredMailSettings | null): MailSettingsView | null;
export function describeMailSettings(stored: StoredMailSettings | null): MailSettingsView | null {
  if (!stored) return null;

  const { passwordSealed, ...smtp } = stored.smtp;
  return {
    smtp: { ...smtp, passwordSet: passwordSealed !== null },
    from: stored.from,
    recipients: [...stored.recipients],
    language: stored.language,
  };
}

/** The view of what is stored now, or null; for `mail show` and GET /api/admin/mail. */
export async function showMailSettings(db: Executor): Promise<MailSettingsView | null> {
  return describeMailSettings(await readStoredMailSettings(db));
}

async function passwordFor(deps: MailSettingsDeps, input: MailSettingsInput) {
  if (input.smtp.user === null) return null;
  if (input.smtp.password !== undefined) return input.smtp.password;

  const stored = await readStoredMailSettings(deps.db);
  if (stored?.smtp.passwordSealed) return deps.secrets.open(stored.smtp.passwordSealed);

  throw new InputError([
    { path: 'smtp.password', message: 'a password is needed with a user; none is stored yet' },
  ]);
}
