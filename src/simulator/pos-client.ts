import { setTimeout as sleep } from 'node:timers/promises';

import { Pool } from 'undici';

/** An answer of the POS API: its status and parsed JSON body. */
export interface PosAnswer {
  status: number;
  body: any;
}

/** The service did not answer as the POS API says, even after retrying. */
export class PosApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'PosApiError';
  }
}

const RETRIES = 5;

/**
 * A POS's view of the service: JSON over keep-alive HTTP with the Bearer token. A request that
 * finds no service or gets a 5xx is repeated a few times, which is safe because every POS API
 * write is idempotent by id. A 4xx is handed back to the caller to judge.
 */
export class PosClient {
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(
    url: string,
    private readonly token: string,
    connections = 4,
  ) {
    const parsed = new URL(url);
    this.basePath = parsed.pathname.replace(/\/$/, '');
    this.pool = new Pool(parsed.origin, { connections, pipelining: 1 });
  }

  async call(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<PosAnswer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let lastProblem = '';

    for (let attempt = 1; attempt <= RETRIES; attempt += 1) {
      try {
        const answer = await this.once(method, path, payload);
        if (answer.status < 500) return answer;
        lastProblem = `${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`;
      } catch (error) {
        lastProblem = error instanceof Error ? error.message : String(error);
      }
      if (attempt < RETRIES) await sleep(250 * attempt);
    }

    throw new PosApiError(`${method} ${path} failed ${RETRIES} times: ${lastProblem}`, null);
  }

  /** Calls and insists on a 2xx; anything else is an error naming the service's message. */
  async expectOk(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<any> {
    const answer = await this.call(method, path, body);
    if (answer.status >= 200 && answer.status < 300) return answer.body;

    const message = answer.body?.message ?? JSON.stringify(answer.body);
    throw new PosApiError(`${method} ${path} answered ${answer.status}: ${message}`, answer.status);
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async once(method: string, path: string, payload: string | undefined) {
    const response = await this.pool.request({
      method,
      path: this.basePath + path,
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: 'application/json',
        ...(payload !== undefined && { 'content-type': 'application/json' }),
      },
      body: payload,
      headersTimeout: 120_000,
      bodyTimeout: 120_000,
    });
    const text = await response.body.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (a proxy's error page): keep the text for the message
    }
    return { status: response.statusCode, body };
  }
}
