import type { AppContext } from '../app/context.js';
import { recordChanges } from '../back-office/audit.js';
import { InputError } from '../shared/errors.js';
import { readSetting, SETTING, writeSetting } from '../settings/settings.js';
import { adoptConnection, failed, type CheckOptions, type CheckResult } from './check.js';
import { defaultPortalUrl, installationId } from './installation.js';
import {
  keptNote,
  pinUnknownNote,
  pinUsedNote,
  tlsUntrustedNote,
  unexpectedAnswerNote,
  unreachableNote,
} from './notes.js';
import {
  PORTAL_TIMEOUTS,
  redeemPin,
  type PortalAnswer,
  type PortalTimeouts,
} from './portal-client.js';
import { readConnection } from './store.js';
import { checkUrls, hostOf, urlProblem } from './urls.js';

/**
 * The seed's first button: redeem a one-time PIN at the portal, store the JOMOsoft connection it
 * hands out, and check it at once. The answer is a note for the person who pressed the button.
 */

export interface PairingRequest {
  pin: string;
  /** Default: the portal used last time, else WAWI_PORTAL_URL. */
  portalUrl?: string;
}

export interface PairingOptions extends CheckOptions {
  portalTimeouts?: PortalTimeouts;
}

export async function pairWithPortal(
  context: AppContext,
  request: PairingRequest,
  options: PairingOptions,
): Promise<CheckResult> {
  const pin = readPin(request.pin);
  const portalUrl = await portalUrlFor(context, request.portalUrl);
  const id = await installationId(context.db, context.clock.now());

  const answer = await redeemPin(portalUrl, pin, id, options.portalTimeouts ?? PORTAL_TIMEOUTS);
  logAnswer(context, portalUrl, answer);
  if (answer.kind === 'paired' || answer.kind === 'pin-unknown' || answer.kind === 'pin-used') {
    await rememberPortalUrl(context, portalUrl, options.actor);
  }
  if (answer.kind !== 'paired') return withKeptNote(context, resultOfFailure(answer, portalUrl));

  const problem = handedOutUrlProblem(context, answer.jomosoft);
  if (problem) {
    const note = unexpectedAnswerNote('portal', hostOf(portalUrl), problem);
    return withKeptNote(context, failed('unexpected-answer', note));
  }

  return adoptConnection(context, answer.jomosoft, 'portal', options);
}

/** Six digits; spaces and dashes a person types to group them are dropped. */
function readPin(text: string): string {
  const pin = text.replace(/[\s-]/g, '');
  if (!/^\d{6}$/.test(pin)) {
    throw new InputError([{ path: 'pin', message: 'must be the six digits the portal shows' }]);
  }

  return pin;
}

async function portalUrlFor(context: AppContext, given: string | undefined): Promise<string> {
  const portalUrl = given?.trim() || (await defaultPortalUrl(context));
  if (!portalUrl) {
    throw new InputError([
      { path: 'portalUrl', message: 'no portal address is known yet; give the portal address' },
    ]);
  }

  checkUrls({ portalUrl }, context.config.WAWI_ALLOW_INSECURE_HTTP);
  return portalUrl;
}

function resultOfFailure(
  answer: Exclude<PortalAnswer, { kind: 'paired' }>,
  portalUrl: string,
): CheckResult {
  const host = hostOf(portalUrl);
  switch (answer.kind) {
    case 'pin-unknown':
      return failed('pin-unknown', pinUnknownNote());
    case 'pin-used':
      return failed('pin-used', pinUsedNote());
    case 'unreachable':
    case 'timeout':
      return failed('portal-unreachable', unreachableNote('portal', host, answer.error));
    case 'tls-untrusted':
      return failed('tls-untrusted', tlsUntrustedNote('portal', host, answer.error));
    case 'unexpected-answer':
      return failed('unexpected-answer', unexpectedAnswerNote('portal', host, answer.error));
  }
}

/** The portal's addresses obey the same HTTPS rule as the ones typed in by hand. */
function handedOutUrlProblem(
  context: AppContext,
  jomosoft: { apiUrl: string; tokenUrl: string },
): string | null {
  for (const [name, url] of Object.entries({
    'API address': jomosoft.apiUrl,
    'token address': jomosoft.tokenUrl,
  })) {
    const problem = urlProblem(url, context.config.WAWI_ALLOW_INSECURE_HTTP);
    if (problem) return `the JOMOsoft ${name} it handed out ${problem}`;
  }

  return null;
}

/** A failure before any check changes nothing; say so when a working connection is stored. */
async function withKeptNote(context: AppContext, result: CheckResult): Promise<CheckResult> {
  const stored = await readConnection(context.db);
  if (!stored?.verified) return result;

  return { ...result, note: result.note + keptNote(stored.check?.tenant?.name ?? null) };
}

/** The back office offers the portal that answered last time; a change is audited. */
async function rememberPortalUrl(
  context: AppContext,
  portalUrl: string,
  actor: string,
): Promise<void> {
  const previous = await readSetting<string>(context.db, SETTING.portalUrl);
  if (previous === portalUrl) return;

  const now = context.clock.now();
  await context.db.transaction().execute(async (trx) => {
    await writeSetting(trx, SETTING.portalUrl, portalUrl, now);
    await recordChanges(
      trx,
      actor,
      [
        {
          action: 'setting.update',
          subject: 'setting',
          field: 'portalUrl',
          oldValue: previous,
          newValue: portalUrl,
        },
      ],
      now,
    );
  });
}

function logAnswer(context: AppContext, portalUrl: string, answer: PortalAnswer): void {
  const fields = { portalHost: hostOf(portalUrl), answer: answer.kind };
  if (answer.kind === 'paired') {
    context.logger.info(
      { ...fields, customer: answer.customer.name, apiHost: hostOf(answer.jomosoft.apiUrl) },
      `the portal handed out the JOMOsoft connection for customer "${answer.customer.name}"`,
    );
  } else {
    const error = 'error' in answer ? answer.error : undefined;
    context.logger.warn({ ...fields, error }, `pairing with the portal failed: ${answer.kind}`);
  }
}
