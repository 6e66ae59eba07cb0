import { Command, CommanderError } from 'commander';

import { registerUserCommands } from '../back-office/cli.js';
import { registerConnectionCommands } from '../connection/cli.js';
import { registerDemoCommand } from '../demo/cli.js';
import { registerSandboxCommand } from '../sandbox/cli.js';
import { ConfigError } from '../shared/errors.js';
import { registerSimulateCommand } from '../simulator/cli.js';
import { registerMailCommands } from './mail-commands.js';
import { registerServiceCommands } from './service-commands.js';
import { registerTokenCommands } from './token-commands.js';

const program = new Command('wawi-bridge')
  .description('Transfers the bookings of each cash register closing to JOMOsoft.')
  .showHelpAfterError()
  .exitOverride();

registerServiceCommands(program);
registerTokenCommands(program);
registerMailCommands(program);
registerSandboxCommand(program);
registerSimulateCommand(program);
registerDemoCommand(program);
registerConnectionCommands(program);
registerUserCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;

  const message = error instanceof Error ? error.message : String(error);
  const known = error instanceof Error && error.name !== 'Error' && !(error instanceof TypeError);
  console.error(`wawi-bridge: ${message}`);
  if (!known && !(error instanceof ConfigError) && process.env.LOG_LEVEL === 'debug') {
    console.error(error);
  }
  return 1;
}
