import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { freePort } from '../test/helpers/postgres-cluster.js';
import { waitUntil } from './timing.js';

/**
 * The service under test runs as `wawi-bridge serve` in a child process of its own, so its peak
 * memory can be read from /proc and the bench's own work (clients, sandbox) never shares its
 * event loop. It runs compiled JavaScript: under tsx the loader alone adds some 55 MB of resident
 * memory, which would blur the memory figure.
 */

const ROOT = resolve(import.meta.dirname, '..');
const OUT_DIR = resolve(ROOT, '.tmp/bench-dist');
const MAIN = resolve(OUT_DIR, 'cli/main.js');

export interface ServiceProcess {
  url: string;
  pid: number;
  /** The peak resident memory so far (VmHWM), in MB; null where /proc is not there. */
  peakRssMb(): number | null;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Compiles the current sources into .tmp/bench-dist (incrementally, so a second run is quick),
 * leaving dist/ to `npm run build`. Type errors elsewhere in a work in progress do not stop the
 * bench: tsc still writes the JavaScript, and the bench only needs that.
 */
export function compileService(): void {
  const tsc = resolve(ROOT, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(
    process.execPath,
    [
      tsc,
      '-p',
      resolve(ROOT, 'tsconfig.json'),
      '--outDir',
      OUT_DIR,
      '--sourceMap',
      'false',
      '--incremental',
      '--tsBuildInfoFile',
      resolve(OUT_DIR, '.tsbuildinfo'),
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 300_000 },
  );
  if (!existsSync(MAIN)) {
    throw new Error(`compiling the service failed:\n${result.stdout}${result.stderr}`);
  }
}

export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const profile = process.env.BENCH_CPU_PROF_DIR;
  // --cpu-prof writes the profile when the process exits, so `stop` lets it end by itself.
  const flags = profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
  const child = spawn(process.execPath, [...flags, MAIN, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(String(chunk));
    // Only the tail matters when something goes wrong; a chatty run must not grow the bench.
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const service: ServiceProcess = {
    url,
    pid: child.pid!,
    peakRssMb: () => peakRssMb(child),
    output: () => output.join(''),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };

  try {
    await waitUntil('the service answers its health check', 60_000, async () => {
      if (child.exitCode !== null) throw new Error(`the service exited:\n${service.output()}`);
      const answer = await fetch(`${url}/api/v1/health`).catch(() => null);
      return answer?.ok ? true : null;
    });
  } catch (error) {
    await service.stop();
    throw error;
  }

  return service;
}

function peakRssMb(child: ChildProcess): number | null {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}
