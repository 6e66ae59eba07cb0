import { loadConfig, type Config } from '../config/config.js';
import { openContext, type AppContext } from '../app/context.js';
import { createLogger, type Logger } from '../shared/logger.js';

/**
 * Opens the context for a command, runs it and closes the store again. Commands log to stderr at
 * warn and above only, so what they print for a person stays readable.
 */
export async function withContext<T>(
  run: (context: AppContext) => Promise<T>,
  options: { logLevel?: string } = {},
): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(options.logLevel ?? commandLogLevel(config), process.stderr);
  const context = await openContext(config, logger);
  try {
    return await run(context);
  } finally {
    await context.store.destroy();
  }
}

function commandLogLevel(config: Config): string {
  return process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn';
}

export function serviceLogger(config: Config): Logger {
  return createLogger(config.LOG_LEVEL);
}
