import { build } from 'vite';

/** Builds ui/dist before the browser suite, so it never runs against a stale build. */
export async function setup(): Promise<void> {
  await build({ configFile: 'ui/vite.config.ts', logLevel: 'warn' });
}
