import { STATUS_CODES } from 'node:http';
import { Agent } from 'undici';

/**
 * The HTTP transport under the JOMOsoft client: keep-alive connections, a connect timeout, and one
 * deadline per request that also covers reading the body. It knows nothing of JOMOsoft's fields;
 * it turns every way a request can fail into a value with a sentence an operator can read.
 */

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Why no answer arrived. `tls-untrusted` is any failed TLS handshake, not only certificates. */
export type NetworkFailureKind = 'unreachable' | 'tls-untrusted' | 'timeout';

export interface NetworkFailure {
  kind: NetworkFailureKind;
  message: string;
}

export type Exchange = { ok: true; answer: HttpAnswer } | { ok: false; failure: NetworkFailure };

export interface HttpTransportOptions {
  connectTimeoutMs: number;
  deadlineMs: number;
}

/** How long an idle connection is kept for the next request: closings come minutes apart. */
const KEEP_ALIVE_MS = 30_000;

/** Thrown into the request by our own timer, so a deadline is told apart from any other abort. */
class DeadlineExceeded extends Error {}

// LIMITATION: no HTTP proxy is used (HTTPS_PROXY is ignored), so an outlet that reaches the
// internet only through a proxy cannot send; its transmissions stay "retrying".
export class HttpTransport {
  readonly #agent: Agent;
  readonly #options: HttpTransportOptions;

  constructor(options: HttpTransportOptions) {
    this.#options = options;
    this.#agent = new Agent({
      connect: { timeout: options.connectTimeoutMs },
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MS,
      // The deadline below decides; these only keep undici's own five-minute defaults out of it.
      headersTimeout: options.deadlineMs,
      bodyTimeout: options.deadlineMs,
    });
  }

  /** Sends one request and reads the whole answer, or says why that was not possible. */
  async exchange(request: HttpRequest): Promise<Exchange> {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DeadlineExceeded()),
      this.#options.deadlineMs,
    );

    try {
      const answer = await this.#send(request, controller.signal);
      return { ok: true, answer };
    } catch (error) {
      const deadline = controller.signal.aborted;
      return { ok: false, failure: describeFailure(error, request.url, deadline, this.#options) };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #send(request: HttpRequest, signal: AbortSignal): Promise<HttpAnswer> {
    const response = await this.#agent.request({
      ...splitUrl(request.url),
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal,
    });

    const body = await response.body.text();
    return { status: response.statusCode, headers: response.headers, body };
  }
}

/** "503 Service Unavailable": the status line an operator knows from a browser. */
export function statusLine(status: number): string {
  const reason = STATUS_CODES[status];
  return reason ? `${status} ${reason}` : String(status);
}

/** Where a request went, as "host:port", without any credentials a URL might carry. */
export function endpointOf(url: string): string {
  try {
    const parsed = new URL(url);
    const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
    return `${parsed.hostname}:${port}`;
  } catch {
    return 'an invalid address';
  }
}

/** Retry-After in milliseconds, from seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(
  header: string | string[] | undefined,
  now = Date.now(),
): number | null {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return null;

  if (/^\d+$/.test(value)) return Number(value) * 1000;

  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function splitUrl(url: string): { origin: string; path: string } {
  const parsed = new URL(url);
  return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}

const UNREACHABLE: Record<string, (endpoint: string, host: string) => string> = {
  ECONNREFUSED: (endpoint) => `connection refused by ${endpoint}`,
  ENOTFOUND: (_, host) => `host name ${host} could not be resolved (DNS)`,
  EAI_AGAIN: (_, host) => `host name ${host} could not be resolved (DNS not answering)`,
  EHOSTUNREACH: (endpoint) => `no route to ${endpoint} (host unreachable)`,
  ENETUNREACH: (endpoint) => `no route to ${endpoint} (network unreachable)`,
  ENETDOWN: (endpoint) => `no route to ${endpoint} (network down)`,
  ECONNRESET: (endpoint) => `connection to ${endpoint} was reset before the answer was complete`,
  EPIPE: (endpoint) => `connection to ${endpoint} was closed while sending`,
  UND_ERR_SOCKET: (endpoint) =>
    `connection to ${endpoint} was closed before the answer was complete`,
  UND_ERR_CLOSED: (endpoint) => `connection to ${endpoint} was closed`,
};

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_|EPROTO$)/;

function describeFailure(
  error: unknown,
  url: string,
  deadline: boolean,
  options: HttpTransportOptions,
): NetworkFailure {
  const endpoint = endpointOf(url);
  const code = errorCode(error);

  if (deadline || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    const seconds = formatSeconds(options.deadlineMs);
    return { kind: 'timeout', message: `no complete answer from ${endpoint} within ${seconds}` };
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    const seconds = formatSeconds(options.connectTimeoutMs);
    return { kind: 'timeout', message: `no connection to ${endpoint} within ${seconds}` };
  }
  if (code && TLS_CODE.test(code)) {
    return { kind: 'tls-untrusted', message: `TLS connection to ${endpoint} failed (${code})` };
  }

  const describe = code ? UNREACHABLE[code] : undefined;
  if (describe) {
    return { kind: 'unreachable', message: describe(endpoint, endpoint.replace(/:\d+$/, '')) };
  }

  const reason = error instanceof Error ? error.message : String(error);
  return { kind: 'unreachable', message: `request to ${endpoint} failed: ${reason}` };
}

/** The system or undici code of an error, looking one level into `cause` where undici wraps. */
function errorCode(error: unknown): string | undefined {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === 'string') return own;

  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof cause === 'string' ? cause : undefined;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
