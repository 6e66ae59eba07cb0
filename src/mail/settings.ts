/**
 * Mail settings: the SMTP server, the sender, the recipients and the language of the mails.
 *
 * Parse errors name what is wrong but never repeat the SMTP URL, because it holds the password.
 */
import { z } from 'zod';

import { InputError, type Problem } from '../shared/errors.js';
import type { MailLanguage } from './format.js';

export type SmtpTls = 'none' | 'starttls' | 'implicit';

export interface SmtpSettings {
  host: string;
  port: number;
  tls: SmtpTls;
  /** Both null for a relay that takes mail without AUTH, as many on-premises relays do. */
  user: string | null;
  password: string | null;
}

export interface MailSettings {
  smtp: SmtpSettings;
  from: string;
  recipients: string[];
  language: MailLanguage;
}

export const SMTP_TLS_MODES = ['none', 'starttls', 'implicit'] as const;
export const MAIL_LANGUAGES = ['de', 'en'] as const;

const SUBMISSION_PORT = 587;
const IMPLICIT_TLS_PORT = 465;

const SMTP_URL_FORM = 'smtp[s]://user:password@host:port[?tls=starttls|none]';

/**
 * Reads `smtp[s]://user:password@host:port?tls=starttls|none`. smtps:// is implicit TLS (port 465
 * by default); smtp:// defaults to port 587, which means STARTTLS, and to no TLS on any other
 * port unless `?tls=` says otherwise. User and password are percent-decoded.
 */
export function parseSmtpUrl(text: string, path = 'smtp'): SmtpSettings {
  const url = readUrl(text, path);
  const fail = (message: string): never => {
    throw new InputError([{ path, message }]);
  };

  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    fail(`must start with smtp:// or smtps://, not ${url.protocol}//`);
  }
  if ((url.pathname !== '' && url.pathname !== '/') || url.hash !== '') {
    fail('has a path or a "#"; write / # ? in the password as %2F %23 %3F');
  }
  if (!url.hostname) fail(`names no host; the form is ${SMTP_URL_FORM}`);

  const tls = tlsMode(url, fail);
  const port = url.port ? Number(url.port) : defaultPort(tls);
  const { user, password } = credentials(url, fail);

  return { host: hostOf(url), port, tls, user, password };
}

/** A comma- or semicolon-separated list of addresses, each checked, duplicates dropped. */
export function parseAddressList(text: string, path = 'recipients'): string[] {
  const entries = text
    .split(/[,;]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

  const problems: Problem[] = entries.flatMap((entry, index) =>
    isMailAddress(entry) ? [] : [{ path: `${path}[${index}]`, message: notAnAddress(entry) }],
  );
  if (entries.length === 0) problems.push({ path, message: 'at least one mail address is needed' });
  if (problems.length > 0) throw new InputError(problems);

  return dedupe(entries);
}

// Pragmatic, not RFC 5322: what mail servers accept in practice, and nothing that could smuggle
// a header line in. The domain may carry umlauts; nodemailer encodes it for the wire.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

export function isMailAddress(text: string): boolean {
  const at = text.lastIndexOf('@');
  if (at < 1 || text.length > 254) return false;

  const local = text.slice(0, at);
  const labels = text.slice(at + 1).split('.');

  return local.length <= 64 && LOCAL_PART.test(local) && labels.every((l) => DOMAIN_LABEL.test(l));
}

/** The SMTP setting as `mail show` prints it: everything but the password. */
export function describeSmtp(smtp: SmtpSettings): string {
  const scheme = smtp.tls === 'implicit' ? 'smtps' : 'smtp';
  const user = smtp.user === null ? '' : `${encodeURIComponent(smtp.user)}@`;
  const host = smtp.host.includes(':') ? `[${smtp.host}]` : smtp.host;
  const query = smtp.tls === 'implicit' ? '' : `?tls=${smtp.tls}`;

  return `${scheme}://${user}${host}:${smtp.port}${query}`;
}

const address = z.string().refine(isMailAddress, { message: 'not a valid mail address' });

export const smtpSettingsSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    tls: z.enum(SMTP_TLS_MODES),
    user: z.string().min(1).nullable(),
    password: z.string().nullable(),
  })
  .refine((smtp) => (smtp.user === null) === (smtp.password === null), {
    message: 'user and password are given together or not at all',
    path: ['password'],
  }) satisfies z.ZodType<SmtpSettings>;

export const mailSettingsSchema = z.object({
  smtp: smtpSettingsSchema,
  from: address,
  recipients: z.array(address).min(1),
  language: z.enum(MAIL_LANGUAGES),
}) satisfies z.ZodType<MailSettings>;

/** Checks stored or submitted settings; the problems never quote the password. */
export function parseMailSettings(input: unknown): MailSettings {
  const result = mailSettingsSchema.safeParse(input);
  if (result.success) return result.data;

  throw new InputError(
    result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  );
}

function readUrl(text: string, path: string): URL {
  try {
    return new URL(text.trim());
  } catch {
    throw new InputError([
      {
        path,
        message: `is not of the form ${SMTP_URL_FORM}; percent-encode / # ? @ in the password`,
      },
    ]);
  }
}

function tlsMode(url: URL, fail: (message: string) => never): SmtpTls {
  const unknown = [...url.searchParams.keys()].filter((key) => key !== 'tls');
  if (unknown.length > 0) fail(`knows only the parameter tls, not ${unknown.join(', ')}`);

  const requested = url.searchParams.get('tls');
  if (url.protocol === 'smtps:') {
    if (requested !== null && requested !== 'implicit') {
      fail('smtps:// is implicit TLS; for STARTTLS or no TLS write smtp://…?tls=starttls|none');
    }
    return 'implicit';
  }

  if (requested === 'implicit') fail('for implicit TLS write smtps://');
  if (requested !== null && requested !== 'starttls' && requested !== 'none') {
    fail(`tls must be starttls or none, not "${requested}"`);
  }
  if (requested !== null) return requested as SmtpTls;

  return Number(url.port || SUBMISSION_PORT) === SUBMISSION_PORT ? 'starttls' : 'none';
}

function defaultPort(tls: SmtpTls): number {
  return tls === 'implicit' ? IMPLICIT_TLS_PORT : SUBMISSION_PORT;
}

function credentials(url: URL, fail: (message: string) => never) {
  if (url.username === '' && url.password === '') return { user: null, password: null };
  if (url.username === '') fail('has a password but no user');
  if (url.password === '') fail('has a user but no password');

  try {
    return { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  } catch {
    return fail('user or password is not correctly percent-encoded (write % as %25)');
  }
}

function hostOf(url: URL): string {
  const host = url.hostname.toLowerCase();

  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function notAnAddress(entry: string): string {
  const shown = entry.length > 80 ? `${entry.slice(0, 80)}…` : entry;

  return `"${shown}" is not a valid mail address`;
}

function dedupe(addresses: string[]): string[] {
  const seen = new Set<string>();

  return addresses.filter((entry) => {
    const key = entry.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
