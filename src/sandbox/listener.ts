import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * A listener that can be closed and opened again on the same port, so a client sees a refused
 * connection (ECONNREFUSED) in between, as when a host is down. A Fastify instance cannot listen
 * twice, so each opening builds a fresh one; `signal` tells the old one's pending answers to stop.
 */
export class ReopenableListener {
  readonly #build: (signal: AbortSignal) => FastifyInstance;
  readonly #host: string;
  #port: number;
  #app: FastifyInstance | null = null;
  #abort: AbortController | null = null;

  constructor(build: (signal: AbortSignal) => FastifyInstance, host: string, port: number) {
    this.#build = build;
    this.#host = host;
    this.#port = port;
  }

  /** The port listened on: the one asked for, or the free one given on the first opening. */
  get port(): number {
    return this.#port;
  }

  get isOpen(): boolean {
    return this.#app !== null;
  }

  async open(): Promise<void> {
    if (this.#app) return;

    const abort = new AbortController();
    const app = this.#build(abort.signal);
    try {
      await app.listen({ host: this.#host, port: this.#port });
    } catch (error) {
      await app.close();
      throw error;
    }

    this.#port = (app.server.address() as AddressInfo).port;
    this.#app = app;
    this.#abort = abort;
  }

  async close(): Promise<void> {
    const app = this.#app;
    if (!app) return;

    this.#app = null;
    this.#abort?.abort();
    await app.close();
  }
}
