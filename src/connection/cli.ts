import type { Command } from 'commander';

import type { AppContext } from '../app/context.js';
import { commandLineActor } from '../back-office/audit.js';
import { readSecret } from '../cli/prompt.js';
import { withContext } from '../cli/runtime.js';
import { checkConnection, setConnection, type CheckResult } from './check.js';
import { defaultPortalUrl, installationId } from './installation.js';
import { pairWithPortal } from './pairing.js';
import { readConnection } from './store.js';

/** `wawi-bridge connection …`: set, show, check and pair the JOMOsoft connection. */
export function registerConnectionCommands(program: Command): void {
  const connection = program.command('connection').description('the JOMOsoft connection');

  connection
    .command('set')
    .description('store a JOMOsoft connection typed in by hand; it is checked at once')
    .requiredOption('--api-url <url>', 'JOMOsoft API address, e.g. https://api.jomosoft.example')
    .requiredOption('--token-url <url>', 'OAuth token address')
    .requiredOption('--client-id <id>', 'OAuth client id')
    // LIMITATION: a secret given as --client-secret shows in the shell history and the process
    // list; left out, it is read from WAWI_CLIENT_SECRET or a hidden prompt instead.
    .option(
      '--client-secret <secret>',
      'OAuth client secret (default: WAWI_CLIENT_SECRET or a prompt)',
    )
    .action(
      async (options: {
        apiUrl: string;
        tokenUrl: string;
        clientId: string;
        clientSecret?: string;
      }) => {
        const clientSecret =
          options.clientSecret ??
          (await readSecret({ variable: 'WAWI_CLIENT_SECRET', prompt: 'Client secret: ' }));
        await withContext(async (context) => {
          const input = {
            apiUrl: options.apiUrl,
            tokenUrl: options.tokenUrl,
            clientId: options.clientId,
            clientSecret,
          };
          printResult(await setConnection(context, input, { actor: commandLineActor() }));
        });
      },
    );

  connection
    .command('show')
    .description('show the stored connection and its last check (never the secret)')
    .action(() => withContext(showConnection));

  connection
    .command('check')
    .description('check the stored connection again: a token, then the JOMOsoft status')
    .action(() =>
      withContext(async (context) =>
        printResult(await checkConnection(context, { actor: commandLineActor() })),
      ),
    );

  connection
    .command('pair')
    .description('retrieve the connection from the portal with a one-time PIN, and check it')
    .requiredOption('--pin <pin>', 'the six-digit PIN the portal shows')
    .option(
      '--portal-url <url>',
      'portal address (default: the last one used, else WAWI_PORTAL_URL)',
    )
    .action(async (options: { pin: string; portalUrl?: string }) => {
      await withContext(async (context) => {
        const request = { pin: options.pin, portalUrl: options.portalUrl };
        printResult(await pairWithPortal(context, request, { actor: commandLineActor() }));
      });
    });
}

/** The note, and a failing exit code so a script notices. */
function printResult(result: CheckResult): void {
  console.log(result.note);
  if (!result.ok) process.exitCode = 1;
}

async function showConnection(context: AppContext): Promise<void> {
  const stored = await readConnection(context.db);
  const rows: Array<[string, string]> = [
    ['Installation id', await installationId(context.db, context.clock.now())],
    ['Portal', (await defaultPortalUrl(context)) ?? '(none yet)'],
  ];
  if (!stored) {
    rows.push([
      'Connection',
      'none yet: wawi-bridge connection pair --pin <PIN> --portal-url <URL>',
    ]);
  } else {
    rows.push(
      ['API address', stored.apiUrl],
      ['Token address', stored.tokenUrl],
      ['Client id', stored.clientId],
      ['Client secret', 'stored, encrypted'],
      ['Source', stored.source === 'portal' ? 'retrieved from the portal' : 'set by hand'],
      ['Verified', stored.verified ? 'yes' : 'no'],
      ['Last check', stored.check ? `${stored.check.at}: ${stored.check.note}` : 'never'],
    );
  }

  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  for (const [label, value] of rows) console.log(`${`${label}:`.padEnd(width)}${value}`);
}
