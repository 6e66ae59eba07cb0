/**
 * The test mail behind `mail test` and the back office's second button. It is sent at once, not
 * queued: the person who pressed the button waits for the answer, per recipient. It is recorded
 * in the mail history all the same.
 */
import { randomUUID } from 'node:crypto';

import type { AppContext } from '../app/context.js';
import { ConflictError } from '../shared/errors.js';
import { messageIdFor, recordImmediateMail, type MailOutcome } from './outbox.js';
import { renderTestMail } from './render.js';
import { readMailSettings } from './settings-store.js';
import { createMailTransport, sendMail, type MailTransportOptions } from './transport.js';

export interface TestMailResult {
  ok: boolean;
  accepted: string[];
  /** Addresses the mail server refused; the others got the mail. */
  rejected: string[];
  /** Why nothing was sent at all; never contains the SMTP password. */
  error?: string;
}

export interface TestMailOptions {
  transport?: MailTransportOptions;
}

type TestMailContext = Pick<AppContext, 'db' | 'secrets' | 'logger' | 'clock'>;

/** Sends the test mail to every stored address; throws a ConflictError when none are stored. */
export async function sendTestMail(
  context: TestMailContext,
  options: TestMailOptions = {},
): Promise<TestMailResult> {
  const settings = await readMailSettings(context);
  if (!settings) {
    throw new ConflictError('no mail settings are stored; set them first (mail set)');
  }

  const sentAt = context.clock.now();
  const draft = {
    kind: 'test' as const,
    transmissionId: null,
    messageId: messageIdFor('test', randomUUID()),
    language: settings.language,
    mail: renderTestMail({ language: settings.language, sentAt }),
    recipients: settings.recipients,
  };

  const transport = createMailTransport(settings.smtp, options.transport);
  const sent = await sendMail(transport, {
    ...draft.mail,
    from: settings.from,
    to: draft.recipients,
    messageId: draft.messageId,
  }).finally(() => transport.close());

  const result: TestMailResult = sent.ok
    ? { ok: true, accepted: sent.accepted, rejected: sent.rejected }
    : { ok: false, accepted: [], rejected: sent.rejected, error: sent.error };
  const outcome: Exclude<MailOutcome, { kind: 'retry' }> = sent.ok
    ? { kind: 'sent', refused: sent.rejected }
    : { kind: 'failed', error: sent.error, refused: sent.rejected };
  const mailId = await recordImmediateMail(context.db, draft, outcome, context.clock.now());

  logTestMail(context, mailId, draft.recipients.length, result);
  return result;
}

function logTestMail(
  context: TestMailContext,
  mailId: string,
  recipients: number,
  result: TestMailResult,
): void {
  const fields = {
    mailId,
    kind: 'test',
    recipients,
    accepted: result.accepted,
    refused: result.rejected,
  };

  if (!result.ok) {
    context.logger.warn({ ...fields, error: result.error }, `test mail not sent: ${result.error}`);
  } else if (result.rejected.length > 0) {
    context.logger.warn(
      fields,
      `test mail sent; the mail server refused ${result.rejected.join(', ')}`,
    );
  } else {
    context.logger.info(
      fields,
      `test mail sent to ${result.accepted.length} of ${recipients} recipients`,
    );
  }
}
