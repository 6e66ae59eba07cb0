/**
 * The one fetch client of the back office. The session lives in the HttpOnly cookie the server
 * sets at login; the CSRF token it answers is kept in memory and sent on every changing request.
 * Every error answer becomes an ApiError carrying the server's `problems`, so a form can put each
 * one next to the field it names.
 */

export interface Problem {
  path: string;
  index?: number;
  field?: string | null;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const BASE = '/api/admin';

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request answers 401 although a session was assumed, e.g. after it expired. */
export function whenUnauthorized(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }

  if (response.status === 204) return undefined as T;
  const answer = await readJson(response);
  if (response.ok) return answer as T;

  const error = toApiError(response.status, answer);
  if (response.status === 401 && path !== '/login' && path !== '/session') onUnauthorized?.();
  throw error;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
};

/** The address of a download the browser fetches itself with the session cookie. */
export function downloadUrl(path: string): string {
  return BASE + path;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toApiError(status: number, answer: unknown): ApiError {
  if (answer && typeof answer === 'object') {
    const { error, message, problems } = answer as {
      error?: unknown;
      message?: unknown;
      problems?: unknown;
    };
    return new ApiError(
      status,
      typeof error === 'string' ? error : 'http-' + status,
      typeof message === 'string' ? message : `HTTP ${status}`,
      Array.isArray(problems) ? (problems as Problem[]) : [],
    );
  }

  return new ApiError(status, 'http-' + status, typeof answer === 'string' ? answer : '');
}
