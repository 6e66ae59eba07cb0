import type { Command } from 'commander';

import type { MailLanguage } from '../mail/format.js';
import { MAIL_LANGUAGES, describeSmtp, parseAddressList, parseSmtpUrl } from '../mail/settings.js';
import {
  readStoredMailSettings,
  showMailSettings,
  writeMailSettings,
  type MailSettingsInput,
  type MailSettingsView,
  type StoredMailSettings,
} from '../mail/settings-store.js';
import { sendTestMail } from '../mail/test-mail.js';
import { InputError } from '../shared/errors.js';
import { withContext } from './runtime.js';

interface SetOptions {
  smtp?: string;
  from?: string;
  to?: string;
  language?: string;
}

export function registerMailCommands(program: Command): void {
  const mail = program.command('mail').description('the mail settings and the test mail');

  mail
    .command('set')
    .description('store the SMTP server, sender, recipients and language of the mails')
    // LIMITATION: the password in --smtp is visible in the shell history and the process list
    // while the command runs; the back office's form does not have that problem.
    .option('--smtp <url>', 'smtp[s]://user:password@host:port[?tls=starttls|none]')
    .option('--from <address>', 'the sender address')
    .option('--to <addresses>', 'the recipients, separated by commas')
    .option('--language <language>', 'de or en (default de)')
    .addHelpText(
      'after',
      '\nOptions left out keep the stored value; the first time, --smtp, --from and --to are needed.',
    )
    .action(async (options: SetOptions) => {
      await withContext(async (context) => {
        const stored = await readStoredMailSettings(context.db);
        const view = await writeMailSettings(
          context,
          mergeInput(stored, options),
          context.clock.now(),
        );
        context.logger.info({ recipients: view.recipients.length }, 'mail settings stored');
        console.log(`Mail settings stored.\n\n${formatView(view)}`);
      });
    });

  mail
    .command('show')
    .description('show the mail settings (never the password)')
    .action(async () => {
      await withContext(async (context) => {
        const view = await showMailSettings(context.db);
        console.log(
          view ? formatView(view) : 'No mail settings yet. Store them with: wawi-bridge mail set',
        );
      });
    });

  mail
    .command('test')
    .description('send the test mail to every stored address and say who got it')
    .action(async () => {
      await withContext(async (context) => {
        const result = await sendTestMail(context);
        for (const address of result.accepted) console.log(`accepted\t${address}`);
        for (const address of result.rejected) console.log(`refused\t${address}`);
        if (!result.ok) {
          console.error(`The test mail was not sent: ${result.error ?? 'unknown error'}`);
          process.exitCode = 1;
        }
      });
    });
}

/** The new settings from the options, with what is stored for the options left out. */
function mergeInput(stored: StoredMailSettings | null, options: SetOptions): MailSettingsInput {
  // Without --smtp the stored server stays, and its password with it (undefined keeps it).
  const smtp =
    options.smtp !== undefined
      ? parseSmtpUrl(options.smtp, '--smtp')
      : stored && { ...withoutPassword(stored), password: undefined };
  const from = options.from ?? stored?.from;
  const recipients =
    options.to !== undefined ? parseAddressList(options.to, '--to') : stored?.recipients;

  if (!smtp || from === undefined || !recipients) {
    const missing = { '--smtp': !smtp, '--from': from === undefined, '--to': !recipients };
    throw new InputError(
      Object.entries(missing)
        .filter(([, isMissing]) => isMissing)
        .map(([path]) => ({ path, message: 'is needed the first time' })),
    );
  }
  return { smtp, from, recipients, language: languageOf(options.language, stored) };
}

function withoutPassword(stored: StoredMailSettings): Omit<MailSettingsInput['smtp'], 'password'> {
  const { passwordSealed: _sealed, ...smtp } = stored.smtp;
  return smtp;
}

function languageOf(text: string | undefined, stored: StoredMailSettings | null): MailLanguage {
  if (text === undefined) return stored?.language ?? 'de';
  if ((MAIL_LANGUAGES as readonly string[]).includes(text)) return text as MailLanguage;

  throw new InputError([{ path: '--language', message: `must be de or en, not "${text}"` }]);
}

function formatView(view: MailSettingsView): string {
  const smtp = describeSmtp({ ...view.smtp, password: null });
  const password =
    view.smtp.user === null ? 'none (no AUTH)' : view.smtp.passwordSet ? 'set' : 'not set';

  return [
    `SMTP server: ${smtp}`,
    `Password:    ${password}`,
    `From:        ${view.from}`,
    `To:          ${view.recipients.join(', ')}`,
    `Language:    ${view.language}`,
  ].join('\n');
}
