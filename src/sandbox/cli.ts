import { InvalidArgumentError, type Command } from 'commander';
import { pino } from 'pino';

import { createLogger } from '../shared/logger.js';
import { BUILT_IN_CATALOGUE, loadCatalogue, type Catalogue } from './catalogue.js';
import { startSandbox, type Sandbox } from './sandbox.js';

/** `wawi-bridge sandbox`: starts the portal and JOMOsoft stand-ins and runs until stopped. */

export const DEFAULT_PORTAL_PORT = 7700;
export const DEFAULT_JOMOSOFT_PORT = 7701;

const PINS_TO_PRINT = 3;

interface SandboxCommandOptions {
  host: string;
  port: number;
  jomosoftPort: number;
  catalogue?: string;
}

export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description(
      'start the development and test sandbox, a stand-in for the portal and the JOMOsoft API ' +
        '(not for production)',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--port <port>',
      'portal and control API port (0 = any free port)',
      parsePort,
      DEFAULT_PORTAL_PORT,
    )
    .option(
      '--jomosoft-port <port>',
      'JOMOsoft port (0 = any free port)',
      parsePort,
      DEFAULT_JOMOSOFT_PORT,
    )
    .option('--catalogue <file>', 'JSON catalogue of cost centres, price groups and articles')
    .action(runSandbox);
}

async function runSandbox(options: SandboxCommandOptions): Promise<void> {
  const catalogue = options.catalogue ? await loadCatalogue(options.catalogue) : BUILT_IN_CATALOGUE;

  // Log lines go to stderr, so stdout keeps the readable summary below.
  const logger = createLogger(process.env['LOG_LEVEL'] ?? 'info', pino.destination(2));
  const sandbox = await startSandbox({
    host: options.host,
    portalPort: options.port,
    jomosoftPort: options.jomosoftPort,
    catalogue,
    logger,
  });

  printSummary(sandbox, catalogue, options.catalogue);
  await untilStopped();

  await sandbox.close();
}

function printSummary(sandbox: Sandbox, catalogue: Catalogue, file: string | undefined): void {
  const pins = Array.from({ length: PINS_TO_PRINT }, () => sandbox.createPin());
  const source = file ?? 'built-in';

  console.log(`wawi-bridge sandbox: a development and test tool. It plays the portal and JOMOsoft;
it is not JOMOsoft, and everything it books lives in memory until it stops.

  Portal             ${sandbox.portalUrl}
  Control API        ${sandbox.portalUrl}/_sandbox/state  (pins, faults, bookings)
  JOMOsoft API       ${sandbox.jomosoft.apiUrl}
  JOMOsoft token     ${sandbox.jomosoft.tokenUrl}
  Client id          ${sandbox.jomosoft.clientId}
  Tenant             ${catalogue.tenant.name}
  Catalogue          ${source}: ${describeCatalogue(catalogue)}

One-time PINs for "Retrieve from portal" (each valid 24 hours, once):
  ${pins.join('   ')}

More PINs: curl -X POST ${sandbox.portalUrl}/_sandbox/pins
Stop with Ctrl+C.`);
}

function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new InvalidArgumentError('must be a port number from 0 to 65535');
  }

  return port;
}

function describeCatalogue(catalogue: Catalogue): string {
  const { costCentres, priceGroups, articles } = catalogue;
  return (
    `${costCentres.length} cost centres, ${priceGroups.length} price groups, ` +
    `${articles.length} articles`
  );
}
