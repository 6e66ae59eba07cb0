import type { AppContext } from '../app/context.js';
import { InputError } from '../shared/errors.js';
import { formatDuration, parseDuration } from '../shared/duration.js';
import { readSetting, SETTING, writeSetting } from '../settings/settings.js';
import { activationStatus } from '../transmission/activation.js';
import { DEFAULT_RETRY_INTERVAL_MS } from '../transmission/worker.js';
import { latestEntries, recordChanges } from './audit.js';
import { route } from './route.js';
import {
  activationAnswer,
  auditAnswer,
  auditQuery,
  settingsAnswer,
  settingsBody,
} from './schemas.js';

/** The retry interval, whether the interface is active, and the audit log. */

const MIN_RETRY_MS = 10_000;
const MAX_RETRY_MS = 86_400_000;

export const settingsRoutes = [
  route({
    method: 'GET',
    path: '/settings',
    tag: 'Settings',
    summary: 'The retry interval of waiting transmissions',
    answer: settingsAnswer,
    handle: async ({ context }) => ({
      retryInterval: formatDuration(await retryIntervalMs(context)),
    }),
  }),
  route({
    method: 'PUT',
    path: '/settings',
    tag: 'Settings',
    summary: 'Change the retry interval (10s to 1d); the change is audited',
    body: settingsBody,
    answer: settingsAnswer,
    async handle({ context, body, actor }) {
      const ms = readInterval(body.retryInterval);
      await storeRetryInterval(context, ms, actor);
      return { retryInterval: formatDuration(ms) };
    },
  }),
  route({
    method: 'GET',
    path: '/activation',
    tag: 'Settings',
    summary: 'Whether closings are transmitted, and what is missing before they are',
    answer: activationAnswer,
    handle: ({ context }) => activationStatus(context.db),
  }),
  route({
    method: 'GET',
    path: '/audit',
    tag: 'Audit',
    summary: 'Who changed which interface number or setting when, newest first',
    query: auditQuery,
    answer: auditAnswer,
    handle: async ({ context, query }) => ({
      entries: await latestEntries(context.db, query.limit),
    }),
  }),
];

/** What the worker uses: the stored interval, else WAWI_RETRY_INTERVAL, else five minutes. */
async function retryIntervalMs(context: AppContext): Promise<number> {
  const stored = await readSetting<string>(context.db, SETTING.retryInterval);
  const fromDatabase = stored ? parseDuration(stored) : null;

  return fromDatabase ?? context.config.WAWI_RETRY_INTERVAL ?? DEFAULT_RETRY_INTERVAL_MS;
}

function readInterval(text: string): number {
  const ms = parseDuration(text);
  if (ms === null || ms < MIN_RETRY_MS || ms > MAX_RETRY_MS) {
    throw new InputError([
      {
        path: 'retryInterval',
        message: 'must be a duration from 10s to 1d, such as 30s, 5m or 1h',
      },
    ]);
  }

  return ms;
}

async function storeRetryInterval(context: AppContext, ms: number, actor: string): Promise<void> {
  const before = formatDuration(await retryIntervalMs(context));
  const after = formatDuration(ms);
  const now = context.clock.now();

  await context.db.transaction().execute(async (trx) => {
    await writeSetting(trx, SETTING.retryInterval, after, now);
    if (before === after) return;

    const change = {
      action: 'setting.update',
      subject: 'setting',
      field: 'retryInterval',
      oldValue: before,
      newValue: after,
    };
    await recordChanges(trx, actor, [change], now);
  });
  context.logger.info(
    { user: actor, retryInterval: after },
    `retry interval set to ${after} by ${actor}`,
  );
}
