import { z } from 'zod';

import { ConfigError } from '../shared/errors.js';
import { parseDuration } from '../shared/duration.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const duration = z.string().transform((text, context) => {
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) {
    context.addIssue({ code: 'custom', message: `"${text}" is not a duration such as 5m or 30s` });
    return z.NEVER;
  }
  return ms;
});

const flag = z
  .enum(['0', '1', 'true', 'false'])
  .transform((text) => text === '1' || text === 'true');

const schema = z.object({
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/wawi-bridge.db')
    .refine((url) => /^(sqlite:|postgres(ql)?:\/\/)/.test(url), {
      message: 'must start with sqlite: or postgres://',
    }),
  PORT: z.coerce
    .number({ message: 'must be a port number from 0 to 65535' })
    .int('must be a port number from 0 to 65535')
    .min(0, 'must be a port number from 0 to 65535')
    .max(65535, 'must be a port number from 0 to 65535')
    .default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  WAWI_RETRY_INTERVAL: duration.optional(),
  /** How long a worker holds a transmission; a worker that dies is replaced after this long. */
  WAWI_LEASE_TIME: duration.default(60_000),
  WAWI_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (a 256-bit key)')
    .optional(),
  WAWI_SECRET_KEY_FILE: z.string().min(1).optional(),
  WAWI_ALLOW_INSECURE_HTTP: flag.default(false),
  WAWI_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  WAWI_TRUST_PROXY: flag.default(false),
  /** The portal that hands out the JOMOsoft connection for a PIN; the back office's default. */
  WAWI_PORTAL_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
});

export type Config = z.infer<typeof schema>;

/**
 * Reads the configuration from the environment. A wrong value stops the start with one line that
 * names the variable and says why.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(schema.shape).map((name) => [name, env[name] === '' ? undefined : env[name]]),
  );
  const parsed = schema.safeParse(known);
  if (parsed.success) return parsed.data;

  const issue = parsed.error.issues[0]!;
  const variable = String(issue.path[0] ?? 'environment');
  throw new ConfigError(
    `${variable} ${variable in env ? `("${env[variable]}") ` : ''}${issue.message}`,
  );
}
