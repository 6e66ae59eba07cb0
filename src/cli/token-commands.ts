import type { Command } from 'commander';

import { createToken, listTokens, revokeToken } from '../tokens/tokens.js';
import { withContext } from './runtime.js';

/** Making and revoking a token are events an operator audits later: they reach the log. */
const LOG_TOKEN_EVENTS = { logLevel: 'info' };

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('POS API tokens');

  token
    .command('create')
    .description('make a token for a POS; it is printed once and stored only as a hash')
    .requiredOption('--name <name>', 'what the token is for, e.g. "pos-cafeteria"')
    .action(async (options: { name: string }) => {
      await withContext(async (context) => {
        const value = await createToken(context.db, options.name, context.clock.now());
        context.logger.info({ tokenName: options.name }, `POS API token "${options.name}" created`);
        console.log(value);
        console.error(`Token "${options.name}" created. It is shown only this once.`);
      }, LOG_TOKEN_EVENTS);
    });

  token
    .command('list')
    .description('list the tokens (names and dates, never the tokens)')
    .action(async () => {
      await withContext(async (context) => {
        const tokens = await listTokens(context.db);
        if (tokens.length === 0)
          console.log('No tokens yet. Make one with: wawi-bridge token create --name <name>');
        for (const item of tokens) {
          const state = item.revokedAt ? `revoked ${item.revokedAt}` : 'active';
          console.log(`${item.name}\tcreated ${item.createdAt}\t${state}`);
        }
      });
    });

  token
    .command('revoke')
    .description('revoke a token by its name')
    .argument('<name>', 'the token name')
    .action(async (name: string) => {
      await withContext(async (context) => {
        await revokeToken(context.db, name, context.clock.now());
        context.logger.info({ tokenName: name }, `POS API token "${name}" revoked`);
        console.log(`Token "${name}" revoked.`);
      }, LOG_TOKEN_EVENTS);
    });
}
