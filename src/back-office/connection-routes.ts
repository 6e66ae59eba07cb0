import type { AppContext } from '../app/context.js';
import { checkConnection, type CheckResult } from '../connection/check.js';
import { defaultPortalUrl, installationId } from '../connection/installation.js';
import { pairWithPortal } from '../connection/pairing.js';
import { readConnection } from '../connection/store.js';
import { route } from './route.js';
import { checkAnswer, connectionAnswer, pairBody } from './schemas.js';

/** The seed's first button and the connection it retrieves; the secret never leaves the server. */

const tag = 'Connection';

export const connectionRoutes = [
  route({
    method: 'GET',
    path: '/connection',
    tag,
    summary:
      'The stored JOMOsoft connection (without its secret), the installation id and the portal',
    answer: connectionAnswer,
    handle: ({ context }) => describeConnection(context),
  }),
  route({
    method: 'POST',
    path: '/connection/pair',
    tag,
    summary: 'Retrieve the connection from the portal with a one-time PIN, and check it at once',
    description:
      'Answers 200 with a note whether or not the pairing worked; a failed check keeps the ' +
      'connection that was verified before.',
    body: pairBody,
    answer: checkAnswer,
    handle: async ({ context, body, actor }) =>
      describeResult(await pairWithPortal(context, body, { actor })),
  }),
  route({
    method: 'POST',
    path: '/connection/check',
    tag,
    summary: 'Check the stored connection again: a token, then the JOMOsoft status',
    answer: checkAnswer,
    handle: async ({ context, actor }) => describeResult(await checkConnection(context, { actor })),
  }),
];

async function describeConnection(context: AppContext) {
  const stored = await readConnection(context.db);
  const connection = stored && {
    apiUrl: stored.apiUrl,
    tokenUrl: stored.tokenUrl,
    clientId: stored.clientId,
    source: stored.source,
    verified: stored.verified,
    check: stored.check && {
      at: stored.check.at,
      ok: stored.check.ok,
      code: stored.check.code,
      note: stored.check.note,
      tenant: stored.check.tenant?.name ?? null,
      apiVersion: stored.check.apiVersion,
    },
  };

  return {
    connection,
    installationId: await installationId(context.db, context.clock.now()),
    portalUrl: await defaultPortalUrl(context),
  };
}

/** The tenant goes out by name: that is what a person recognises. */
function describeResult(result: CheckResult) {
  const { tenant, ...rest } = result;
  return tenant ? { ...rest, tenant: tenant.name } : rest;
}
