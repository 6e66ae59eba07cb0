import { createUser } from '../../src/back-office/users.js';
import type { UserRole } from '../../src/db/schema.js';
import type { TestService } from '../helpers/service.js';

/**
 * A browser's view of the admin API: it keeps the session cookie and sends the CSRF token on
 * changing requests, unless a test asks it not to.
 */
export interface Answer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export class AdminClient {
  cookie: string | null = null;
  csrfToken: string | null = null;

  constructor(readonly url: string) {}

  async login(name: string, password: string): Promise<Answer> {
    const answer = await this.call('POST', '/api/admin/login', { name, password });
    const setCookie = answer.headers.get('set-cookie');
    if (answer.status === 200 && setCookie) {
      this.cookie = setCookie.split(';')[0]!;
      this.csrfToken = answer.body.csrfToken;
    }
    return answer;
  }

  async call(
    method: string,
    path: string,
    body?: unknown,
    options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && (options.csrf ?? true) && this.csrfToken) {
      headers['x-csrf-token'] = this.csrfToken;
    }

    const response = await fetch(this.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: parse(text), text };
  }

  get = (path: string) => this.call('GET', path);
  post = (path: string, body: unknown = {}) => this.call('POST', path, body);
  put = (path: string, body: unknown) => this.call('PUT', path, body);
  patch = (path: string, body: unknown) => this.call('PATCH', path, body);
}

export const PASSWORDS = { admin: 'correct horse battery', viewer: 'viewer passphrase 42' };

/** Makes a user in the service's database and a client logged in as them. */
export async function loggedIn(
  service: TestService,
  role: UserRole,
  name: string = role,
): Promise<AdminClient> {
  await createUser(service.context.db, { name, role, password: PASSWORDS[role] }, new Date());
  const client = new AdminClient(service.url);
  const answer = await client.login(name, PASSWORDS[role]);
  if (answer.status !== 200) throw new Error(`login as ${name}: ${answer.text}`);

  return client;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
