import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

import { inject } from 'vitest';

import { waitFor } from '../../helpers/wait.js';

/**
 * One run of `wawi-bridge serve` or `wawi-bridge worker` as a child process: killed with SIGKILL
 * at a crash point (WAWI_CRASH_AT), or stopped with SIGTERM by the test. Output is kept for the
 * secret scan and for a failing test's message.
 */
export interface ServiceChild {
  process: ChildProcess;
  output: string[];
  exited: Promise<void>;
  /** True once the process has ended, by itself or by a signal. */
  readonly ended: boolean;
  /** Ended by SIGKILL: a crash point was reached. */
  readonly crashed: boolean;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../../..');

export function startChild(args: string[], env: Record<string, string>): ServiceChild {
  const entry = inject('cliEntry');
  // RELIABILITY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles every child.
  const nodeArgs = process.env.RELIABILITY_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const argv = entry
    ? [...nodeArgs, entry, ...args]
    : [...nodeArgs, '--import', 'tsx', resolve(ROOT, 'src/cli/main.ts'), ...args];
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const output: string[] = [];
  child.stdout!.on('data', (chunk) => output.push(String(chunk)));
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  let ended = false;
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      ended = true;
      done();
    }),
  );

  const signal = async (name: NodeJS.Signals) => {
    if (!ended) child.kill(name);
    await exited;
  };
  return {
    process: child,
    output,
    exited,
    get ended() {
      return ended;
    },
    get crashed() {
      return child.signalCode === 'SIGKILL';
    },
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
  };
}

/** Waits until a `serve` child answers its health route, or fails with its output. */
export async function untilServing(child: ServiceChild, url: string, timeoutMs = 30_000) {
  await waitFor(
    async () => {
      if (child.ended) throw new Error(`the service exited early:\n${child.output.join('')}`);
      const answer = await fetch(`${url}/api/v1/health`).catch(() => null);
      return answer?.ok ? true : null;
    },
    timeoutMs,
    50,
  );
}

/**
 * A service that is started again whenever it has died, the way a supervisor (systemd, Docker)
 * would restart it. The first incarnations get the crash plan's WAWI_CRASH_AT values, one each;
 * later ones run without.
 */
export class RestartingService {
  readonly incarnations: ServiceChild[] = [];
  private readonly plan: string[];

  constructor(
    private readonly args: string[],
    private readonly env: Record<string, string>,
    crashPlan: string[],
    /** The URL of a `serve` child, to wait for its health route; none for `worker`. */
    private readonly url: string | null,
    /** Runs after a crash, before the service is started again. */
    private readonly afterCrash: () => Promise<void> = async () => {},
  ) {
    this.plan = [...crashPlan];
  }

  /** Starts the service unless it runs; answers once it serves. */
  async ensureRunning(): Promise<void> {
    for (;;) {
      const current = this.incarnations.at(-1);
      if (current && !current.ended) return;
      if (current && !current.crashed) {
        throw new Error(`the service exited by itself:\n${current.output.join('')}`);
      }
      if (this.incarnations.length >= 20) throw new Error('the service was restarted 20 times');
      if (current) await this.afterCrash();

      const crashAt = this.plan.shift();
      const env = { ...this.env, ...(crashAt && { WAWI_CRASH_AT: crashAt }) };
      const child = startChild(this.args, env);
      this.incarnations.push(child);
      // A crash point may be reached before the health route answers: then start again.
      if (this.url) await untilServing(child, this.url).catch(() => undefined);
    }
  }

  /** Waits a little for a dying service to be gone, so the next call restarts it. */
  async settle(timeoutMs = 5_000): Promise<void> {
    const current = this.incarnations.at(-1);
    if (!current || current.ended) return;
    await Promise.race([current.exited, new Promise((done) => setTimeout(done, timeoutMs))]);
  }

  crashes(): number {
    return this.incarnations.filter((child) => child.crashed).length;
  }

  output(): string {
    return this.incarnations.map((child) => child.output.join('')).join('\n--- restart ---\n');
  }

  async stop(): Promise<void> {
    await this.incarnations.at(-1)?.stop();
  }
}
