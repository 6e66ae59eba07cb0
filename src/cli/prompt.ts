import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

import { ConfigError } from '../shared/errors.js';

/**
 * A secret for a command: from an environment variable (for scripts), else typed at a hidden
 * prompt. Never from a file of arguments, where it would stay in the shell history.
 */
export async function readSecret(options: { variable: string; prompt: string }): Promise<string> {
  const fromEnvironment = process.env[options.variable];
  if (fromEnvironment) return fromEnvironment;

  if (!process.stdin.isTTY) {
    throw new ConfigError(`set ${options.variable}, or run the command in a terminal to type it`);
  }
  return hiddenPrompt(options.prompt);
}

function hiddenPrompt(prompt: string): Promise<string> {
  process.stderr.write(prompt);

  // The terminal echo goes to a sink, so the typed secret never shows on the screen.
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const input = createInterface({ input: process.stdin, output: sink, terminal: true });

  return new Promise((resolve) => {
    input.question('', (answer) => {
      input.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
