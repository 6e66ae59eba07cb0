import { Agent, request } from 'undici';

/**
 * The bench's HTTP client, on loopback with keep-alive, as a POS would hold its connection. Bodies
 * may be passed as ready JSON text, so serialising them is not counted against the service.
 */

export interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export class BenchClient {
  readonly #agent = new Agent({ connections: 8, keepAliveTimeout: 30_000 });

  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const text = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
    const answer = await request(this.baseUrl + path, {
      method: method as 'GET',
      dispatcher: this.#agent,
      headers: {
        ...this.headers,
        ...headers,
        ...(text !== undefined && { 'content-type': 'application/json' }),
      },
      body: text,
      headersTimeout: 600_000,
      bodyTimeout: 600_000,
    });
    const raw = await answer.body.text();
    let parsed: unknown = raw;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // not JSON: keep the text
    }

    return { status: answer.statusCode, body: parsed, headers: answer.headers };
  }

  /** Like `call`, but anything but the expected status is a failed run, with the answer shown. */
  async expect(
    status: number,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<unknown> {
    const answer = await this.call(method, path, body, headers);
    if (answer.status !== status) {
      const shown = JSON.stringify(answer.body).slice(0, 500);
      throw new Error(`${method} ${path} answered ${answer.status}, not ${status}: ${shown}`);
    }
    return answer.body;
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

export function posClient(baseUrl: string, token: string): BenchClient {
  return new BenchClient(baseUrl, { authorization: `Bearer ${token}` });
}
