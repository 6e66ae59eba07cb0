import { InvalidArgumentError, type Command } from 'commander';

import { readSecret } from '../cli/prompt.js';
import { withContext } from '../cli/runtime.js';
import type { UserRole } from '../db/schema.js';
import { commandLineActor } from './audit.js';
import { createUser, deleteUser, listUsers, ROLES } from './users.js';

/** `wawi-bridge user …`: the back office's users. */
export function registerUserCommands(program: Command): void {
  const user = program
    .command('user')
    .description('back-office users (admin: everything, viewer: reads only)');

  user
    .command('create')
    .description('make a user; the password comes from WAWI_PASSWORD or a hidden prompt')
    .requiredOption('--name <name>', 'the login name (letters, digits, . _ @ -)')
    .option('--role <role>', 'admin or viewer', parseRole, 'admin')
    .action(async (options: { name: string; role: UserRole }) => {
      const password = await readSecret({
        variable: 'WAWI_PASSWORD',
        prompt: `Password for ${options.name}: `,
      });
      await withContext(async (context) => {
        const created = await createUser(
          context.db,
          { name: options.name, role: options.role, password },
          context.clock.now(),
        );
        context.logger.info(
          { user: created.name, role: created.role, by: commandLineActor() },
          `back-office user "${created.name}" created`,
        );
        console.log(`User "${created.name}" (${created.role}) created.`);
      });
    });

  user
    .command('list')
    .description('list the users and their roles')
    .action(async () => {
      await withContext(async (context) => {
        const users = await listUsers(context.db);
        if (users.length === 0)
          console.log('No users yet. Make one with: wawi-bridge user create --name <name>');
        for (const entry of users)
          console.log(`${entry.name}\t${entry.role}\tcreated ${entry.createdAt}`);
      });
    });

  user
    .command('delete')
    .description('delete a user and end their sessions')
    .argument('<name>', 'the login name')
    .action(async (name: string) => {
      await withContext(async (context) => {
        await deleteUser(context.db, name);
        context.logger.info(
          { user: name, by: commandLineActor() },
          `back-office user "${name}" deleted`,
        );
        console.log(`User "${name}" deleted.`);
      });
    });
}

function parseRole(value: string): UserRole {
  if ((ROLES as readonly string[]).includes(value)) return value as UserRole;
  throw new InvalidArgumentError(`must be ${ROLES.join(' or ')}`);
}
