import { z } from 'zod';

import type { AppContext } from '../app/context.js';
import { MAIL_LANGUAGES, SMTP_TLS_MODES } from '../mail/settings.js';
import {
  readMailSettings,
  showMailSettings,
  writeMailSettings,
  type MailSettingsInput,
  type MailSettingsView,
} from '../mail/settings-store.js';
import { sendTestMail } from '../mail/test-mail.js';
import { changesOf, recordChanges, SECRET_CHANGED } from './audit.js';
import { route } from './route.js';

/** The mail settings and the seed's second button; the SMTP password never leaves the server. */

const tag = 'Mail';

const smtpView = z.object({
  host: z.string(),
  port: z.number().int(),
  tls: z.enum(SMTP_TLS_MODES),
  user: z.string().nullable(),
  passwordSet: z.boolean(),
});

const mailAnswer = z.object({
  settings: z
    .object({
      smtp: smtpView,
      from: z.string(),
      recipients: z.array(z.string()),
      language: z.enum(MAIL_LANGUAGES),
    })
    .nullable(),
});

const mailBody = z.strictObject({
  smtp: z.strictObject({
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65535),
    tls: z.enum(SMTP_TLS_MODES),
    user: z.string().max(255).nullable(),
    password: z
      .string()
      .max(500)
      .nullable()
      .optional()
      .meta({ description: 'absent keeps the stored password' }),
  }),
  from: z.string().max(254),
  recipients: z.array(z.string().max(254)).max(100),
  language: z.enum(MAIL_LANGUAGES),
});

const testMailAnswer = z.object({
  ok: z.boolean(),
  accepted: z.array(z.string()),
  rejected: z.array(z.string()),
  error: z.string().optional().meta({ description: 'why nothing was sent at all' }),
});

export const mailRoutes = [
  route({
    method: 'GET',
    path: '/mail',
    tag,
    summary: 'The mail settings, saying whether an SMTP password is set but never which',
    answer: mailAnswer,
    handle: async ({ context }) => ({ settings: await showMailSettings(context.db) }),
  }),
  route({
    method: 'PUT',
    path: '/mail',
    tag,
    summary: 'Change the mail settings; a password left out keeps the stored one',
    body: mailBody,
    answer: mailAnswer,
    handle: async ({ context, body, actor }) => ({
      settings: await storeMailSettings(context, body, actor),
    }),
  }),
  route({
    method: 'POST',
    path: '/mail/test',
    tag,
    summary: 'Send a test mail to every stored address at once, and say who got it',
    answer: testMailAnswer,
    handle: ({ context }) => sendTestMail(context),
  }),
];

async function storeMailSettings(
  context: AppContext,
  input: MailSettingsInput,
  actor: string,
): Promise<MailSettingsView> {
  const now = context.clock.now();
  const view = await context.db.transaction().execute(async (trx) => {
    const deps = { db: trx, secrets: context.secrets };
    const before = await readMailSettings(deps);
    const stored = await writeMailSettings(deps, input, now);

    const changes = changesOf('mail.update', 'mail', fieldsOf(before), fieldsOf(stored));
    const oldPassword = before?.smtp.password ?? null;
    const newPassword = (await readMailSettings(deps))?.smtp.password ?? null;
    if (oldPassword !== newPassword) {
      changes.push({
        action: 'mail.update',
        subject: 'mail',
        field: 'smtp.password',
        oldValue: oldPassword === null ? null : SECRET_CHANGED,
        newValue: newPassword === null ? null : SECRET_CHANGED,
      });
    }
    await recordChanges(trx, actor, changes, now);
    return stored;
  });

  context.logger.info(
    { user: actor, recipients: view.recipients.length },
    `mail settings changed by ${actor}`,
  );
  return view;
}

type Comparable = {
  smtp: { host: string; port: number; tls: string; user: string | null };
  from: string;
  recipients: string[];
  language: string;
};

function fieldsOf(settings: Comparable | null): Record<string, string | null> {
  return {
    'smtp.host': settings?.smtp.host ?? null,
    'smtp.port': settings ? String(settings.smtp.port) : null,
    'smtp.tls': settings?.smtp.tls ?? null,
    'smtp.user': settings?.smtp.user ?? null,
    from: settings?.from ?? null,
    recipients: settings ? settings.recipients.join(', ') : null,
    language: settings?.language ?? null,
  };
}
