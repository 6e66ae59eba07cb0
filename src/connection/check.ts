import type { AppContext } from '../app/context.js';
import {
  changesOf,
  recordChanges,
  SECRET_CHANGED,
  type AuditChange,
} from '../back-office/audit.js';
import { JomosoftClient, type JomosoftConnection, type StatusOutcome } from '../jomosoft/client.js';
import { ConflictError } from '../shared/errors.js';
import {
  credentialsRefusedNote,
  keptNote,
  successNote,
  tlsUntrustedNote,
  unexpectedAnswerNote,
  unreachableNote,
  type CheckCode,
} from './notes.js';
import {
  openConnection,
  readConnection,
  writeConnection,
  type ConnectionCheck,
  type StoredConnection,
} from './store.js';
import { checkUrls, hostOf } from './urls.js';

/**
 * The connection check: a token, then `GET /v1/status`. A connection is only ever stored together
 * with the result of its check, and a connection that fails its check never replaces one that
 * was verified, so a typo or a bad PIN cannot stop transmissions that worked.
 */

export interface CheckResult {
  ok: boolean;
  code: CheckCode;
  note: string;
  tenant?: { id: string; name: string };
  apiVersion?: string;
}

export interface CheckOptions {
  /** Who asked, for the audit log: a back-office user or `cli:<system user>`. */
  actor: string;
  timeouts?: { connectTimeoutMs: number; deadlineMs: number };
}

/** A person waits in front of the screen: fail within seconds, not the worker's 30. */
const CHECK_TIMEOUTS = { connectTimeoutMs: 5_000, deadlineMs: 15_000 };

type Source = StoredConnection['source'];

/** `connection set`: a connection typed in by hand, checked before it is relied on. */
export async function setConnection(
  context: AppContext,
  input: JomosoftConnection,
  options: CheckOptions,
): Promise<CheckResult> {
  const { apiUrl, tokenUrl } = input;
  checkUrls({ apiUrl, tokenUrl }, context.config.WAWI_ALLOW_INSECURE_HTTP);

  return adoptConnection(context, input, 'manual', options);
}

/**
 * Checks a new connection and stores it unless it failed and a verified one is stored already.
 * The caller has checked the addresses.
 */
export async function adoptConnection(
  context: AppContext,
  candidate: JomosoftConnection,
  source: Source,
  options: CheckOptions,
): Promise<CheckResult> {
  const result = resultOf(await probe(context, candidate, options), candidate.apiUrl);
  const previous = await readConnection(context.db);
  logResult(context, result, candidate.apiUrl, source);

  if (!result.ok && previous?.verified) {
    context.logger.warn(
      { code: result.code, apiHost: hostOf(previous.apiUrl) },
      'the new JOMOsoft connection failed its check; the verified one stays in use',
    );
    return { ...result, note: result.note + keptNote(previous.check?.tenant?.name ?? null) };
  }

  const now = context.clock.now();
  const stored: StoredConnection = {
    apiUrl: candidate.apiUrl,
    tokenUrl: candidate.tokenUrl,
    clientId: candidate.clientId,
    clientSecretSealed: context.secrets.seal(candidate.clientSecret),
    source,
    verified: result.ok,
    check: checkOf(result, now),
  };
  const changes = connectionChanges(context, previous, candidate, source);
  await context.db.transaction().execute(async (trx) => {
    await writeConnection(trx, stored, now);
    await recordChanges(trx, options.actor, changes, now);
  });

  return result;
}

/**
 * `connection check` and the back office's button: checks the stored connection again and records
 * the result. JOMOsoft being unreachable says nothing about the credentials, so it leaves the
 * verified flag as it was: a check during an outage must not deactivate the interface, or the
 * closings of that time would be recorded "not active" instead of waiting.
 */
export async function checkConnection(
  context: AppContext,
  options: CheckOptions,
): Promise<CheckResult> {
  const stored = await readConnection(context.db);
  if (!stored) {
    throw new ConflictError(
      'no JOMOsoft connection is stored yet; retrieve one from the portal with a PIN first',
    );
  }

  const result = resultOf(
    await probe(context, openConnection(stored, context.secrets), options),
    stored.apiUrl,
  );
  logResult(context, result, stored.apiUrl, stored.source);

  const verified = result.ok || (result.code === 'jomosoft-unreachable' && stored.verified);
  await recordCheck(context, stored, verified, checkOf(result, context.clock.now()));

  return result;
}

async function probe(
  context: AppContext,
  connection: JomosoftConnection,
  options: CheckOptions,
): Promise<StatusOutcome> {
  const client = new JomosoftClient(connection, {
    ...(options.timeouts ?? CHECK_TIMEOUTS),
    logger: context.logger.child({ component: 'connection-check' }),
  });
  try {
    return await client.checkStatus();
  } finally {
    await client.close();
  }
}

/** Writes the check's result, unless the connection was replaced while JOMOsoft was asked. */
async function recordCheck(
  context: AppContext,
  checked: StoredConnection,
  verified: boolean,
  check: ConnectionCheck,
): Promise<void> {
  await context.db.transaction().execute(async (trx) => {
    const current = await readConnection(trx);
    if (current?.clientSecretSealed !== checked.clientSecretSealed) return;

    await writeConnection(trx, { ...current, verified, check }, context.clock.now());
  });
}

export function resultOf(outcome: StatusOutcome, apiUrl: string): CheckResult {
  const host = hostOf(apiUrl);
  if (outcome.ok) {
    return {
      ok: true,
      code: 'ok',
      note: successNote(outcome.tenant.name, outcome.apiVersion),
      tenant: outcome.tenant,
      apiVersion: outcome.apiVersion,
    };
  }

  switch (outcome.reason) {
    case 'unreachable':
    case 'timeout':
      return failed('jomosoft-unreachable', unreachableNote('JOMOsoft', host, outcome.error));
    case 'credentials-refused':
      return failed('credentials-refused', credentialsRefusedNote(outcome.error));
    case 'tls-untrusted':
      return failed('tls-untrusted', tlsUntrustedNote('JOMOsoft', host, outcome.error));
    case 'unexpected-answer':
      return failed('unexpected-answer', unexpectedAnswerNote('JOMOsoft', host, outcome.error));
  }
}

export function failed(code: Exclude<CheckCode, 'ok'>, note: string): CheckResult {
  return { ok: false, code, note };
}

function checkOf(result: CheckResult, now: Date): ConnectionCheck {
  return {
    at: now.toISOString(),
    ok: result.ok,
    code: result.code,
    note: result.note,
    tenant: result.tenant ?? null,
    apiVersion: result.apiVersion ?? null,
  };
}

function connectionChanges(
  context: AppContext,
  previous: StoredConnection | null,
  next: JomosoftConnection,
  source: Source,
): AuditChange[] {
  const before = {
    apiUrl: previous?.apiUrl ?? null,
    tokenUrl: previous?.tokenUrl ?? null,
    clientId: previous?.clientId ?? null,
    source: previous?.source ?? null,
  };
  const after = { apiUrl: next.apiUrl, tokenUrl: next.tokenUrl, clientId: next.clientId, source };
  const changes = changesOf('connection.update', 'connection', before, after);

  if (!previous || previousSecret(context, previous) !== next.clientSecret) {
    const oldValue = previous ? SECRET_CHANGED : null;
    changes.push({
      action: 'connection.update',
      subject: 'connection',
      field: 'clientSecret',
      oldValue,
      newValue: SECRET_CHANGED,
    });
  }

  return changes;
}

/** The stored secret, or null when it cannot be opened (the key changed): then it differs. */
function previousSecret(context: AppContext, previous: StoredConnection): string | null {
  try {
    return context.secrets.open(previous.clientSecretSealed);
  } catch {
    return null;
  }
}

function logResult(context: AppContext, result: CheckResult, apiUrl: string, source: Source): void {
  const fields = { code: result.code, apiHost: hostOf(apiUrl), source };
  if (result.ok) {
    const tenant = result.tenant?.name;
    context.logger.info(
      { ...fields, tenant, apiVersion: result.apiVersion },
      `JOMOsoft connection confirmed: tenant "${tenant}", API version ${result.apiVersion}`,
    );
  } else {
    context.logger.warn(
      { ...fields, note: result.note },
      `JOMOsoft connection check failed: ${result.code}`,
    );
  }
}
