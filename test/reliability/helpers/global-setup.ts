import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

import type { TestProject } from 'vitest/node';

/**
 * Bundles the command line once for the whole run, so every restart of a killed service costs
 * about a second instead of tsx compiling the sources again. The bundle is the same source code
 * (packages stay external and resolve from node_modules); where esbuild is missing, the tests fall
 * back to `node --import tsx src/cli/main.ts`.
 */
const ROOT = resolve(import.meta.dirname, '../../..');

let bundle = '';

export async function setup(project: TestProject): Promise<void> {
  bundle = await bundleCli();
  project.provide('cliEntry', bundle);
}

export function teardown(): void {
  if (bundle) rmSync(bundle, { force: true });
}

async function bundleCli(): Promise<string> {
  try {
    const { build } = await import('esbuild');
    // Two levels below the root, like src/cli/main.ts, so paths the code builds from its own
    // location (the web UI's ui/dist) resolve as they do from the sources; .tmp/ is ignored by git.
    const outDir = resolve(ROOT, '.tmp/reliability');
    mkdirSync(outDir, { recursive: true });
    const outfile = resolve(outDir, `cli-${process.pid}.mjs`);
    await build({
      entryPoints: [resolve(ROOT, 'src/cli/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      target: 'node20',
      outfile,
      logLevel: 'warning',
    });
    return outfile;
  } catch (error) {
    console.warn(`reliability: no CLI bundle (${String(error)}); children run through tsx`);
    return '';
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    cliEntry: string;
  }
}
