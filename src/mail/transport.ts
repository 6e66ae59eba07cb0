/**
 * Sending one mail over SMTP with nodemailer. A send never throws: the outbox stores what
 * happened, so the outcome is a value, and its error text never carries the SMTP password.
 */
import { Buffer } from 'node:buffer';

import nodemailer from 'nodemailer';
import type {
  NodemailerError,
  SMTPSentMessageInfo,
  SMTPTransportOptions,
  Transporter,
} from 'nodemailer';

import type { SmtpSettings } from './settings.js';

export interface MailTransport {
  readonly transporter: Transporter<SMTPSentMessageInfo, SMTPTransportOptions>;
  /** Blanks every form of the password that could show up in an SMTP error or reply. */
  redact(text: string): string;
  close(): void;
}

export interface MailTransportOptions {
  /** Off only for a test server; an outlet's mail must not go to a server it cannot verify. */
  rejectUnauthorized?: boolean;
  /** Extra trusted certificate (PEM), for a mail server with its own certificate authority. */
  ca?: string;
}

export interface OutgoingMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Stable per report, so a mail sent again after a crash is recognisable as the same one. */
  messageId: string;
}

export type SendResult =
  | { ok: true; accepted: string[]; rejected: string[] }
  | { ok: false; error: string; transient: boolean; rejected: string[] };

// An outlet's line may be down: fail fast and let the outbox try again in a few minutes, rather
// than hold a worker for nodemailer's default two minutes.
const TIMEOUTS = {
  connectionTimeout: 5_000,
  greetingTimeout: 5_000,
  dnsTimeout: 5_000,
  socketTimeout: 30_000,
};

// Errors that end the connection rather than judge the mail; the same send may well work later.
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'EPROXY']);

export function createMailTransport(
  smtp: SmtpSettings,
  options: MailTransportOptions = {},
): MailTransport {
  const transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tls === 'implicit',
    // 'starttls' must never fall back to plain text; 'none' is the administrator's choice.
    requireTLS: smtp.tls === 'starttls',
    ignoreTLS: smtp.tls === 'none',
    auth: smtp.user === null ? undefined : { user: smtp.user, pass: smtp.password ?? '' },
    tls: { rejectUnauthorized: options.rejectUnauthorized ?? true, ca: options.ca },
    ...TIMEOUTS,
    logger: false,
  });
  const secrets = passwordForms(smtp);

  return {
    transporter,
    redact: (text) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text),
    close: () => transporter.close(),
  };
}

export async function sendMail(transport: MailTransport, mail: OutgoingMail): Promise<SendResult> {
  try {
    const info = await transport.transporter.sendMail({
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      // Keeps out-of-office replies and auto-forwarders from answering a report (RFC 3834).
      headers: { 'Auto-Submitted': 'auto-generated' },
    });

    return { ok: true, accepted: addresses(info.accepted), rejected: addresses(info.rejected) };
  } catch (error) {
    return failure(error, transport);
  }
}

function failure(error: unknown, transport: MailTransport): SendResult {
  if (!(error instanceof Error)) {
    return { ok: false, error: transport.redact(String(error)), transient: true, rejected: [] };
  }

  const smtpError = error as NodemailerError;
  const text = smtpError.code ? `${smtpError.code}: ${smtpError.message}` : smtpError.message;

  return {
    ok: false,
    error: transport.redact(text),
    transient: isTransient(smtpError),
    rejected: addresses(smtpError.rejected),
  };
}

function isTransient(error: NodemailerError): boolean {
  // nodemailer sets `permanent` whenever the server answered with a reply code (5xx but 503).
  if (typeof error.permanent === 'boolean') return !error.permanent;

  return TRANSIENT_CODES.has(error.code ?? '');
}

/** The password as typed, URL-encoded, and inside the AUTH PLAIN and AUTH LOGIN exchanges. */
function passwordForms(smtp: SmtpSettings): string[] {
  if (!smtp.password) return [];

  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const user = smtp.user ?? '';
  const forms = [
    base64(`\u0000${user}\u0000${smtp.password}`),
    base64(`${user}\u0000${smtp.password}`),
    base64(smtp.password),
    encodeURIComponent(smtp.password),
    smtp.password,
  ];

  // Longest first, so a short form never cuts a longer one in half before it is matched. A very
  // short password blanks harmless words of the error too; a leak would be worse.
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

function addresses(list: unknown): string[] {
  if (!Array.isArray(list)) return [];

  return list.map((entry) =>
    typeof entry === 'string' ? entry : String((entry as { address?: unknown }).address ?? entry),
  );
}
