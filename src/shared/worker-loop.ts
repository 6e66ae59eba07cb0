import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import type { Nudges, NudgeTopic } from '../app/context.js';
import type { Logger } from './logger.js';

/**
 * The loop both outbox workers run: one step, then a pause of the length the step asks for, cut
 * short by a nudge (a closing or a mail was queued in this process) and capped by the poll time
 * (work queued by another process). A step that throws is logged and tried again shortly; it
 * never ends the loop.
 */
export class WorkerLoop {
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;
  private unsubscribe: () => void = () => {};

  constructor(
    private readonly options: {
      topic: NudgeTopic;
      nudges: Nudges;
      pollMs: number;
      log: Logger;
      /** One step; answers how long to wait before the next (0: go on at once). */
      step: () => Promise<number>;
    },
  ) {}

  start(): void {
    this.unsubscribe = this.options.nudges.on(this.options.topic, () => this.wake?.());
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    this.wake?.();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let delayMs: number;
      try {
        delayMs = await this.options.step();
      } catch (error) {
        this.options.log.error(
          { err: error },
          `${this.options.topic} worker step failed; trying again shortly`,
        );
        delayMs = 5_000;
      }
      if (delayMs > 0 && !this.stopped) await this.sleep(delayMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        this.wake = null;
        resolve();
      };
      this.wake = done;
      this.timer = setTimeout(done, Math.min(ms, this.options.pollMs));
    });
  }
}

/** Names a worker's leases so an operator can tell which host and process holds a row. */
export function leaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}
