import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * Field names that must never reach a log line in clear, wherever they appear. The code does not
 * log secrets in the first place; this is the second line of defence.
 */
const REDACTED = [
  'token',
  'password',
  'clientSecret',
  'client_secret',
  'secret',
  'authorization',
  'cookie',
  '*.token',
  '*.password',
  '*.clientSecret',
  '*.client_secret',
  '*.secret',
  '*.authorization',
  '*.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      name: 'wawi-bridge',
      level,
      redact: { paths: REDACTED, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
