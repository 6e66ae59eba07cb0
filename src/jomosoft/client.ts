import { formatAmount, formatQuantity, formatVatRate } from '../shared/decimal.js';
import type { Logger } from '../shared/logger.js';
import {
  HttpTransport,
  retryAfterMs,
  statusLine,
  type HttpAnswer,
  type HttpRequest,
  type NetworkFailureKind,
} from './http.js';

/**
 * The JOMOsoft API client: the one place that knows JOMOsoft's wire format (contracts §2). When
 * the real field names become known, this file is what changes.
 *
 * Every answer is classified as the design's table says and returned as a value; only a caller's
 * bug (more than 500 item bookings, a key twice) throws.
 */

export interface JomosoftConnection {
  apiUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

export interface ClosingHeader {
  id: string;
  number: number;
  businessDate: string;
  closedAt: string;
}

export interface OutgoingItemBooking {
  key: string;
  costCentre: string;
  priceGroup: string;
  article: string;
  /** Thousandths. */
  quantity: number;
  /** Cents. */
  grossAmount: number;
  /** Cents. */
  netAmount: number;
  /** Hundredths of a percent: 700 is 7 %. */
  vatRate: number;
}

export type ItemResultStatus = 'booked' | 'duplicate' | 'rejected' | 'failed';

/** `failed` is final with the standard text (message null); `rejected` carries JOMOsoft's text. */
export interface ItemResult {
  key: string;
  status: ItemResultStatus;
  message: string | null;
}

export type SendOutcome =
  /** Exactly one result per sent key, in the order sent. */
  | { kind: 'answered'; results: ItemResult[]; httpStatus: number; latencyMs: number }
  | {
      kind: 'transient';
      error: string;
      retryAfterMs: number | null;
      httpStatus: number | null;
      latencyMs: number;
    }
  | { kind: 'credentials-refused'; error: string; httpStatus: number | null; latencyMs: number };

export type StatusOutcome =
  | { ok: true; tenant: { id: string; name: string }; apiVersion: string }
  | {
      ok: false;
      reason:
        'unreachable' | 'credentials-refused' | 'tls-untrusted' | 'timeout' | 'unexpected-answer';
      error: string;
    };

export const MAX_BOOKINGS_PER_REQUEST = 500;

export interface JomosoftClientOptions {
  connectTimeoutMs?: number;
  deadlineMs?: number;
  logger?: Logger;
  /** ISO 4217 code sent with every item booking; default EUR. */
  currency?: string;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_DEADLINE_MS = 30_000;

/** For a token endpoint that leaves out `expires_in`; a 401 corrects a guess that is too long. */
const DEFAULT_TOKEN_LIFETIME_S = 300;

/** A token is renewed this much before it runs out (at most a tenth of its lifetime). */
const TOKEN_RENEWAL_MARGIN_MS = 60_000;

/** Why an authorised call ended without a JOMOsoft answer to read. */
interface CallFailure {
  kind: NetworkFailureKind | 'credentials-refused' | 'unexpected-answer';
  error: string;
  httpStatus: number | null;
  retryAfterMs: number | null;
}

type Call = { ok: true; answer: HttpAnswer } | { ok: false; failure: CallFailure };
type TokenResult = { ok: true; token: string } | { ok: false; failure: CallFailure };

interface CachedToken {
  value: string;
  renewAt: number;
}

export class JomosoftClient {
  readonly #connection: JomosoftConnection;
  readonly #http: HttpTransport;
  readonly #logger: Logger | undefined;
  readonly #currency: string;
  #token: CachedToken | null = null;
  #tokenRequest: Promise<TokenResult> | null = null;

  constructor(connection: JomosoftConnection, options: JomosoftClientOptions = {}) {
    this.#connection = connection;
    this.#logger = options.logger;
    this.#currency = options.currency ?? 'EUR';
    this.#http = new HttpTransport({
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
    });
  }

  /** The connection check of the pairing: a token, then the tenant JOMOsoft knows us as. */
  async checkStatus(): Promise<StatusOutcome> {
    const call = await this.#authorised((token) => ({
      method: 'GET',
      url: this.#apiUrl('/v1/status'),
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    }));

    if (!call.ok) return { ok: false, reason: call.failure.kind, error: call.failure.error };
    return readStatus(call.answer);
  }

  /**
   * Sends one closing's item bookings. The same idempotency key on a retry lets JOMOsoft answer
   * with what it did the first time, so a request whose answer was lost can be sent again.
   */
  async sendBookings(
    closing: ClosingHeader,
    bookings: OutgoingItemBooking[],
    idempotencyKey: string,
  ): Promise<SendOutcome> {
    assertSendable(bookings);
    const started = performance.now();
    const body = JSON.stringify(salesBookingsBody(closing, bookings, this.#currency));

    const call = await this.#authorised((token) => ({
      method: 'POST',
      url: this.#apiUrl('/v1/sales-bookings'),
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body,
    }));

    const latencyMs = Math.round(performance.now() - started);
    const keys = bookings.map((booking) => booking.key);
    const outcome = call.ok
      ? classifyBookingAnswer(call.answer, keys, latencyMs)
      : failureOutcome(call.failure, latencyMs);

    this.#logOutcome(closing, idempotencyKey, bookings.length, outcome);
    return outcome;
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  /** One API request with a bearer token; a 401 earns exactly one retry with a fresh token. */
  async #authorised(build: (token: string) => HttpRequest): Promise<Call> {
    const first = await this.#currentToken(null);
    if (!first.ok) return first;

    const exchange = await this.#http.exchange(build(first.token));
    if (!exchange.ok) return networkFailure(exchange.failure);
    if (exchange.answer.status !== 401) return refuseForbidden(exchange.answer);

    this.#logger?.debug('JOMOsoft refused the token (401); fetching a fresh one');
    const fresh = await this.#currentToken(first.token);
    if (!fresh.ok) return fresh;

    const retry = await this.#http.exchange(build(fresh.token));
    if (!retry.ok) return networkFailure(retry.failure);
    if (retry.answer.status === 401) {
      const error = `JOMOsoft refused a freshly issued token (${statusLine(401)})`;
      return credentialsRefused(error, 401);
    }

    return refuseForbidden(retry.answer);
  }

  /**
   * The cached token, or a new one. `rejected` is a token JOMOsoft has just answered 401 to: it is
   * dropped, unless a concurrent request has already replaced it. Concurrent callers share one
   * token request.
   */
  async #currentToken(rejected: string | null): Promise<TokenResult> {
    if (this.#token?.value === rejected) this.#token = null;

    const cached = this.#token;
    if (cached && Date.now() < cached.renewAt) return { ok: true, token: cached.value };

    this.#tokenRequest ??= this.#requestToken().finally(() => {
      this.#tokenRequest = null;
    });
    return this.#tokenRequest;
  }

  async #requestToken(): Promise<TokenResult> {
    const { tokenUrl, clientId, clientSecret } = this.#connection;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });

    const exchange = await this.#http.exchange({
      method: 'POST',
      url: tokenUrl,
      headers: {
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: form.toString(),
    });
    if (!exchange.ok) return networkFailure(exchange.failure);

    const result = readToken(exchange.answer);
    if (result.ok) this.#token = result.cached;
    this.#logger?.debug({ status: exchange.answer.status }, 'JOMOsoft token requested');

    return result.ok ? { ok: true, token: result.cached.value } : result;
  }

  #apiUrl(path: string): string {
    return `${this.#connection.apiUrl.replace(/\/+$/, '')}${path}`;
  }

  #logOutcome(closing: ClosingHeader, idempotencyKey: string, count: number, outcome: SendOutcome) {
    const fields = {
      closingId: closing.id,
      idempotencyKey,
      itemBookings: count,
      outcome: outcome.kind,
      httpStatus: outcome.httpStatus,
      latencyMs: outcome.latencyMs,
    };

    if (outcome.kind === 'answered') {
      this.#logger?.debug({ ...fields, results: tally(outcome.results) }, 'JOMOsoft answered');
    } else {
      this.#logger?.debug({ ...fields, error: outcome.error }, 'JOMOsoft request not answered');
    }
  }
}

function assertSendable(bookings: OutgoingItemBooking[]): void {
  if (bookings.length > MAX_BOOKINGS_PER_REQUEST) {
    throw new RangeError(
      `at most ${MAX_BOOKINGS_PER_REQUEST} item bookings per request, got ${bookings.length}`,
    );
  }

  // The answer is matched to item bookings by key, so a key twice would make it ambiguous.
  const keys = new Set<string>();
  for (const booking of bookings) {
    if (keys.has(booking.key)) throw new RangeError(`item booking key sent twice: ${booking.key}`);
    keys.add(booking.key);
  }
}

function salesBookingsBody(
  closing: ClosingHeader,
  bookings: OutgoingItemBooking[],
  currency: string,
) {
  return {
    closing: {
      id: closing.id,
      number: closing.number,
      businessDate: closing.businessDate,
      closedAt: closing.closedAt,
    },
    bookings: bookings.map((booking) => ({
      key: booking.key,
      costCentre: booking.costCentre,
      priceGroup: booking.priceGroup,
      article: booking.article,
      quantity: formatQuantity(booking.quantity),
      grossAmount: formatAmount(booking.grossAmount),
      netAmount: formatAmount(booking.netAmount),
      vatRate: formatVatRate(booking.vatRate),
      currency,
    })),
  };
}

/** The design's table, for an HTTP answer that got past authentication. */
function classifyBookingAnswer(answer: HttpAnswer, keys: string[], latencyMs: number): SendOutcome {
  const { status } = answer;

  if (status >= 200 && status < 300) {
    const results = readResults(answer.body, keys);
    if (results) return { kind: 'answered', results, httpStatus: status, latencyMs };

    // We cannot know what was booked; the same idempotency key makes the resend safe.
    const error = `JOMOsoft answered ${statusLine(status)} with an answer that cannot be read`;
    return { kind: 'transient', error, retryAfterMs: null, httpStatus: status, latencyMs };
  }

  if (isTransientStatus(status)) return transientAnswer(answer, latencyMs);

  const results = readDetails(answer.body, keys);
  return { kind: 'answered', results, httpStatus: status, latencyMs };
}

/**
 * 408, 429 and 5xx: JOMOsoft or the way there is in trouble. A 1xx or 3xx (say, a proxy's
 * redirect) never reached a booking either, so it is worth trying again rather than final.
 */
function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500 || status < 400;
}

function transientAnswer(answer: HttpAnswer, latencyMs: number): SendOutcome {
  const retryAfter = retryAfterMs(answer.headers['retry-after']);
  const wait = retryAfter === null ? '' : ` (retry after ${Math.ceil(retryAfter / 1000)} s)`;
  const error = `JOMOsoft answered ${describeAnswer(answer)}${wait}`;

  return {
    kind: 'transient',
    error,
    retryAfterMs: retryAfter,
    httpStatus: answer.status,
    latencyMs,
  };
}

/** One result per sent key from a 2xx body; null when the body has no readable result list. */
function readResults(body: string, keys: string[]): ItemResult[] | null {
  const parsed = parseJson(body);
  const list = isRecord(parsed) ? parsed['results'] : undefined;
  if (!Array.isArray(list)) return null;

  const sent = new Set(keys);
  const received = new Map<string, ItemResult>();
  for (const entry of list) {
    const result = readResult(entry);
    if (result && sent.has(result.key) && !received.has(result.key)) {
      received.set(result.key, result);
    }
  }

  // A key JOMOsoft did not answer for is final with the standard text, as the design says.
  return keys.map((key) => received.get(key) ?? { key, status: 'failed', message: null });
}

function readResult(entry: unknown): ItemResult | null {
  if (!isRecord(entry) || typeof entry['key'] !== 'string') return null;

  const { key, status, message } = entry;
  if (status === 'booked' || status === 'duplicate') return { key, status, message: null };
  if (status !== 'rejected') return null;

  const text = typeof message === 'string' && message.trim() !== '' ? message.trim() : null;
  return { key, status: 'rejected', message: text };
}

/** A refused request: keys named in `details` are rejected with JOMOsoft's text, others failed. */
function readDetails(body: string, keys: string[]): ItemResult[] {
  const parsed = parseJson(body);
  const details = isRecord(parsed) ? parsed['details'] : undefined;
  const messages = new Map<string, string[]>();

  for (const detail of Array.isArray(details) ? details : []) {
    if (!isRecord(detail)) continue;
    const { key, message } = detail;
    if (typeof key !== 'string' || typeof message !== 'string' || message.trim() === '') continue;
    messages.set(key, [...(messages.get(key) ?? []), message.trim()]);
  }

  return keys.map((key) => {
    const texts = messages.get(key);
    return texts
      ? { key, status: 'rejected', message: texts.join('; ') }
      : { key, status: 'failed', message: null };
  });
}

function readStatus(answer: HttpAnswer): StatusOutcome {
  if (answer.status !== 200) {
    return {
      ok: false,
      reason: 'unexpected-answer',
      error: `JOMOsoft answered ${describeAnswer(answer)}`,
    };
  }

  const parsed = parseJson(answer.body);
  const tenant = isRecord(parsed) ? parsed['tenant'] : undefined;
  const apiVersion = isRecord(parsed) ? parsed['apiVersion'] : undefined;
  if (
    isRecord(tenant) &&
    typeof tenant['id'] === 'string' &&
    typeof tenant['name'] === 'string' &&
    typeof apiVersion === 'string'
  ) {
    return { ok: true, tenant: { id: tenant['id'], name: tenant['name'] }, apiVersion };
  }

  const error = 'JOMOsoft answered 200 OK, but without the tenant and API version expected';
  return { ok: false, reason: 'unexpected-answer', error };
}

type TokenRead = { ok: true; cached: CachedToken } | { ok: false; failure: CallFailure };

function readToken(answer: HttpAnswer): TokenRead {
  const parsed = parseJson(answer.body);
  const oauthError =
    isRecord(parsed) && typeof parsed['error'] === 'string' ? parsed['error'] : null;

  if (answer.status === 200) return readIssuedToken(parsed);

  // RFC 6749 answers bad client credentials with 400 or 401 and the error `invalid_client`.
  const refused =
    answer.status === 401 ||
    answer.status === 403 ||
    oauthError === 'invalid_client' ||
    oauthError === 'unauthorized_client';
  if (refused) {
    const detail = oauthError ? `: ${clip(oauthError)}` : '';
    const status = `${statusLine(answer.status)}${detail}`;
    const error = `JOMOsoft token endpoint refused the client credentials (${status})`;
    return credentialsRefused(error, answer.status);
  }

  const failure: CallFailure = {
    kind: 'unexpected-answer',
    error: `JOMOsoft token endpoint answered ${describeAnswer(answer)}`,
    httpStatus: answer.status,
    retryAfterMs: retryAfterMs(answer.headers['retry-after']),
  };
  return { ok: false, failure };
}

function readIssuedToken(parsed: unknown): TokenRead {
  const value = isRecord(parsed) ? parsed['access_token'] : undefined;
  if (typeof value !== 'string' || value === '') {
    const error = 'JOMOsoft token endpoint answered 200 OK without an access token';
    return {
      ok: false,
      failure: { kind: 'unexpected-answer', error, httpStatus: 200, retryAfterMs: null },
    };
  }

  const expiresIn = isRecord(parsed) ? Number(parsed['expires_in']) : NaN;
  const lifetimeMs =
    (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_TOKEN_LIFETIME_S) * 1000;
  const margin = Math.min(TOKEN_RENEWAL_MARGIN_MS, lifetimeMs / 10);

  return { ok: true, cached: { value, renewAt: Date.now() + lifetimeMs - margin } };
}

/** 403 means the tenant is not allowed, whatever token we bring. */
function refuseForbidden(answer: HttpAnswer): Call {
  if (answer.status !== 403) return { ok: true, answer };

  return credentialsRefused(`JOMOsoft answered ${describeAnswer(answer)}`, 403);
}

function credentialsRefused(
  error: string,
  httpStatus: number,
): { ok: false; failure: CallFailure } {
  return {
    ok: false,
    failure: { kind: 'credentials-refused', error, httpStatus, retryAfterMs: null },
  };
}

function networkFailure(failure: { kind: NetworkFailureKind; message: string }): {
  ok: false;
  failure: CallFailure;
} {
  return {
    ok: false,
    failure: { kind: failure.kind, error: failure.message, httpStatus: null, retryAfterMs: null },
  };
}

function failureOutcome(failure: CallFailure, latencyMs: number): SendOutcome {
  const { error, httpStatus } = failure;
  if (failure.kind === 'credentials-refused') {
    return { kind: 'credentials-refused', error, httpStatus, latencyMs };
  }

  return { kind: 'transient', error, retryAfterMs: failure.retryAfterMs, httpStatus, latencyMs };
}

/** "503 Service Unavailable: Wartung": the status line plus JOMOsoft's own text, if any. */
function describeAnswer(answer: HttpAnswer): string {
  const parsed = parseJson(answer.body);
  const text = isRecord(parsed) ? (parsed['error'] ?? parsed['message']) : undefined;
  const detail = typeof text === 'string' && text.trim() !== '' ? `: ${clip(text.trim())}` : '';

  return `${statusLine(answer.status)}${detail}`;
}

function tally(results: ItemResult[]): Record<ItemResultStatus, number> {
  const counts = { booked: 0, duplicate: 0, rejected: 0, failed: 0 };
  for (const result of results) counts[result.status] += 1;
  return counts;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
