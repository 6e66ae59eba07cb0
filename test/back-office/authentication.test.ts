import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ADMIN_ROUTES } from '../../src/back-office/admin-api.js';
import { deleteUser } from '../../src/back-office/users.js';
import { call, startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';
import { AdminClient, loggedIn, PASSWORDS } from './admin-client.js';

/** The only routes that answer without authentication. */
const PUBLIC = ['GET /api/v1/health', 'HEAD /api/v1/health', 'POST /api/admin/login'];

interface ServedRoute {
  method: string;
  path: string;
}

/**
 * Every route the server answers, read from Fastify's own table. Routes sharing a prefix are
 * printed as a tree, four columns per level, so each line's path continues its parent's.
 */
function servedRoutes(service: TestService): ServedRoute[] {
  const table = service.app!.printRoutes({ commonPrefix: false });
  const parents: string[] = [];
  return table.split('\n').flatMap((line) => {
    const match = /^(.*?)[├└]── (\S+) \(([A-Z, ]+)\)/.exec(line);
    if (!match) return [];
    const depth = match[1]!.length / 4;
    const path = (parents[depth - 1] ?? '') + match[2]!;
    parents[depth] = path;
    return match[3]!.split(', ').map((method) => ({ method, path }));
  });
}

function concrete(path: string): string {
  return path.replace(/:\w+/g, 'x').replace(/\*/g, 'x');
}

/** The web UI's static files are public on purpose: they hold no data. */
function isStaticUi(route: ServedRoute): boolean {
  return (route.method === 'GET' || route.method === 'HEAD') && !route.path.startsWith('/api/');
}

describe.each(storeKinds())('back-office authentication on $name', (kind) => {
  let service: TestService;

  beforeEach(async () => {
    // With a metrics token, /metrics too wants authentication; without, it answers loopback.
    service = await startTestService(kind, {
      env: { WAWI_TRUST_PROXY: '1', WAWI_METRICS_TOKEN: 'metrics-token-for-the-route-walk' },
    });
  });
  afterEach(() => service.close());

  it('serves every route of the admin route list', () => {
    const served = servedRoutes(service).map((route) => `${route.method} ${route.path}`);

    for (const spec of ADMIN_ROUTES) {
      expect(served).toContain(`${spec.method} /api/admin${spec.path}`);
    }
  });

  it('answers no route but health and login without authentication', async () => {
    const routes = servedRoutes(service).filter(
      (route) => !PUBLIC.includes(`${route.method} ${route.path}`) && !isStaticUi(route),
    );
    expect(routes.length).toBeGreaterThan(25);

    for (const route of routes) {
      const response = await fetch(service.url + concrete(route.path), {
        method: route.method,
        headers:
          route.method === 'GET' || route.method === 'HEAD'
            ? {}
            : { 'content-type': 'application/json' },
        body: route.method === 'GET' || route.method === 'HEAD' ? undefined : '{}',
      });

      expect({ route, status: response.status }).toEqual({ route, status: 401 });
    }
  });

  it('refuses every changing admin route to a viewer with 403, and lets the viewer read', async () => {
    const viewer = await loggedIn(service, 'viewer');
    const changing = servedRoutes(service).filter(
      (route) =>
        route.path.startsWith('/api/admin/') &&
        !['GET', 'HEAD'].includes(route.method) &&
        !['/api/admin/login', '/api/admin/logout'].includes(route.path),
    );
    expect(changing.length).toBeGreaterThanOrEqual(8);

    for (const route of changing) {
      const answer = await viewer.call(route.method, concrete(route.path), {});
      expect({ route, status: answer.status }).toEqual({ route, status: 403 });
    }
    expect((await viewer.get('/api/admin/items')).status).toBe(200);
  });

  it('refuses a changing request without the CSRF token, or with a wrong one', async () => {
    const admin = await loggedIn(service, 'admin');

    const without = await admin.call(
      'PUT',
      '/api/admin/settings',
      { retryInterval: '1m' },
      { csrf: false },
    );
    const wrong = await admin.call(
      'PUT',
      '/api/admin/settings',
      { retryInterval: '1m' },
      {
        csrf: false,
        headers: { 'x-csrf-token': 'x'.repeat(43) },
      },
    );
    const right = await admin.put('/api/admin/settings', { retryInterval: '1m' });

    expect(without.status).toBe(403);
    expect(without.body.message).toContain('x-csrf-token');
    expect(wrong.status).toBe(403);
    expect(right.status).toBe(200);
  });

  it('gives a session cookie that is HttpOnly and SameSite=Strict, and Secure behind TLS', async () => {
    const admin = await loggedIn(service, 'admin');
    const plain = await new AdminClient(service.url).login('admin', PASSWORDS.admin);
    const behindTls = await new AdminClient(service.url).call(
      'POST',
      '/api/admin/login',
      { name: 'admin', password: PASSWORDS.admin },
      { headers: { 'x-forwarded-proto': 'https' } },
    );

    const cookie = plain.headers.get('set-cookie')!;
    expect(cookie).toMatch(
      /^wb_session=[\w-]{43}; Path=\/api\/admin; Max-Age=\d+; HttpOnly; SameSite=Strict$/,
    );
    expect(behindTls.headers.get('set-cookie')).toMatch(/; Secure$/);
    expect((await admin.get('/api/admin/session')).body).toEqual({
      user: { name: 'admin', role: 'admin' },
      csrfToken: admin.csrfToken,
    });
  });

  it('ends the session at logout and when the user is deleted', async () => {
    const admin = await loggedIn(service, 'admin');
    const viewer = await loggedIn(service, 'viewer');

    const logout = await viewer.post('/api/admin/logout');
    await deleteUser(service.context.db, 'admin');

    expect(logout.status).toBe(204);
    expect((await viewer.get('/api/admin/session')).status).toBe(401);
    expect((await admin.get('/api/admin/session')).status).toBe(401);
  });

  it('refuses a wrong password without saying whether the name exists', async () => {
    await loggedIn(service, 'admin');
    const client = new AdminClient(service.url);

    const wrongPassword = await client.login('admin', 'not the password');
    const unknownName = await client.login('nobody', 'not the password');

    expect(wrongPassword.status).toBe(401);
    expect(unknownName.status).toBe(401);
    expect(unknownName.body.message).toBe(wrongPassword.body.message);
  });

  it('locks a user name after 5 failed logins in 15 minutes, even for the right password', async () => {
    await loggedIn(service, 'admin');
    const client = new AdminClient(service.url);

    const failures = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      failures.push((await client.login('admin', `guess ${attempt}`)).status);
    }
    const locked = await client.login('admin', PASSWORDS.admin);

    expect(failures).toEqual([401, 401, 401, 401, 401]);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
  });

  it('locks an address after 10 failed logins in 15 minutes, whatever the names', async () => {
    await loggedIn(service, 'viewer');
    const client = new AdminClient(service.url);

    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect((await client.login(`user${attempt}`, 'guess')).status).toBe(401);
    }

    expect((await client.login('viewer', PASSWORDS.viewer)).status).toBe(429);
  });

  it('logs a failed login with name and address, never the password', async () => {
    await new AdminClient(service.url).login('anna', 'my secret guess 123');

    const line = service.logs.find((entry) => entry.includes('failed login'));
    expect(line).toContain('"user":"anna"');
    expect(line).toContain('127.0.0.1');
    expect(service.logs.join('\n')).not.toContain('my secret guess 123');
  });

  it('puts the security headers on every answer, even a refusal and a 404', async () => {
    for (const path of ['/api/v1/health', '/api/admin/items', '/no/such/page']) {
      const response = await fetch(service.url + path);

      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('answers a POS token no admin route, and a session no POS route', async () => {
    const admin = await loggedIn(service, 'admin');

    const withToken = await call(service.url, service.token, 'GET', '/api/admin/items');
    const withSession = await admin.get('/api/v1/transmissions?closingId=x');

    expect(withToken.status).toBe(401);
    expect(withSession.status).toBe(401);
  });
});
