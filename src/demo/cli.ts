import { InvalidArgumentError, type Command } from 'commander';

import { runDemo } from './demo.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'run a business day of a clinic canteen through the service, with the sandbox JOMOsoft ' +
        'and a mail catcher',
    )
    .option('--exit', 'stop after the summary; the exit status says whether every step held')
    .option('--port <port>', 'service port, if free (0 = any free port)', port, 8080)
    .option('--mail-port <port>', "mail catcher's browser port, if free", port, 8025)
    .option('--data <folder>', 'data folder, wiped at start', './data/demo')
    .option('--language <language>', 'language of the mails: en or de', language, 'en')
    .action(async (options) => {
      const run = await runDemo({
        port: options.port,
        mailViewerPort: options.mailPort,
        dataDir: options.data,
        language: options.language,
      });

      if (!options.exit) {
        console.log('');
        console.log(`Back office:  ${run.serviceUrl ?? '(not running)'}/`);
        console.log(`Mails:        ${run.mailViewerUrl ?? '(not running)'}`);
        console.log('Running until Ctrl-C.');
        await new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
      }

      await run.stop();
      process.exitCode = run.ok ? 0 : 1;
      // Whatever a dependency may leave open, the demo is over; this timer does not hold it.
      setTimeout(() => process.exit(), 2_000).unref();
    });
}

function port(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535) throw new InvalidArgumentError('must be a port number');
  return value;
}

function language(text: string): 'en' | 'de' {
  if (text !== 'en' && text !== 'de') throw new InvalidArgumentError('must be en or de');
  return text;
}
