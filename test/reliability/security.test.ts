import { readFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createUser } from '../../src/back-office/users.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { booking, closing, loadSmallCanteen } from '../helpers/master-data.js';
import { freePort } from '../helpers/postgres-cluster.js';
import { call, startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { startChild, untilServing, type ServiceChild } from './helpers/child.js';
import { startMailCatcher, type MailCatcher } from './helpers/mail-catcher.js';
import { snapshot } from './helpers/snapshot.js';
import { scenario } from './helpers/summary.js';

/**
 * The security walk, end to end against `wawi-bridge serve` running as a child process: no route
 * but health and login answers without authentication, a viewer changes nothing, a changing
 * request without its CSRF token is refused, logins are rate-limited, plain-HTTP JOMOsoft
 * addresses are refused, and after all of it no secret is found in clear in the database file or
 * in the logs.
 */
const PUBLIC = ['GET /api/v1/health', 'HEAD /api/v1/health', 'POST /api/admin/login'];
const PASSWORDS = { admin: 'tonic-Ladder-57-orbit', viewer: 'quiet-Harbour-83-lamp' };
const SMTP = { user: 'bridge', password: 'smtp-Secret-4711-relay' };
const METRICS_TOKEN = 'metrics-Token-0815-scrape';

interface Route {
  method: string;
  path: string;
}

/** Fastify's own route table, read from the same parts `serve` registers. */
function servedRoutes(service: TestService): Route[] {
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

const concrete = (path: string) => path.replace(/:\w+/g, 'x').replace(/\*/g, 'x');
const reads = (method: string) => method === 'GET' || method === 'HEAD';
/** The web UI's files: public on purpose, they hold no data. */
const isStaticUi = (route: Route) =>
  reads(route.method) && !route.path.startsWith('/api/') && route.path !== '/metrics';

/** A browser: keeps its session cookie, sends the CSRF token unless told not to. */
class Browser {
  cookie: string | null = null;
  csrfToken: string | null = null;

  constructor(private readonly url: string) {}

  async login(name: string, password: string) {
    const answer = await this.call('POST', '/api/admin/login', { name, password });
    const setCookie = answer.headers.get('set-cookie');
    if (answer.status === 200 && setCookie) {
      this.cookie = setCookie.split(';')[0]!;
      this.csrfToken = answer.body.csrfToken;
    }
    return answer;
  }

  async call(method: string, path: string, body?: unknown, csrf: string | null = this.csrfToken) {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (!reads(method) && csrf) headers['x-csrf-token'] = csrf;
    const response = await fetch(this.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: any = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }
}

describe('security, end to end against a running service', () => {
  let sandbox: Sandbox;
  let smtp: MailCatcher;
  let service: TestService;
  let child: ServiceChild;
  let url: string;
  let routes: Route[];
  let admin: Browser;
  let viewer: Browser;
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    sandbox = await startSandbox();
    smtp = await startMailCatcher({ users: { [SMTP.user]: SMTP.password } });
    // In this process: the route table, the users and the POS token; the child serves.
    const [sqlite] = storeKinds();
    service = await startTestService(sqlite!, { workers: false });
    routes = servedRoutes(service);
    await loadSmallCanteen(service);
    const now = new Date();
    await createUser(
      service.context.db,
      { name: 'anna', role: 'admin', password: PASSWORDS.admin },
      now,
    );
    await createUser(
      service.context.db,
      { name: 'ben', role: 'viewer', password: PASSWORDS.viewer },
      now,
    );

    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = startChild(['serve'], {
      ...service.env,
      PORT: String(port),
      LOG_LEVEL: 'debug',
      WAWI_METRICS_TOKEN: METRICS_TOKEN,
    });
    await untilServing(child, url);

    admin = new Browser(url);
    viewer = new Browser(url);
    expect((await admin.login('anna', PASSWORDS.admin)).status).toBe(200);
    expect((await viewer.login('ben', PASSWORDS.viewer)).status).toBe(200);

    secrets.set('JOMOsoft client secret', sandbox.jomosoft.clientSecret);
    secrets.set('SMTP password', SMTP.password);
    secrets.set('POS API token', service.token);
    secrets.set('admin password', PASSWORDS.admin);
    secrets.set('viewer password', PASSWORDS.viewer);
    secrets.set('admin session cookie', admin.cookie!.split('=')[1]!);
    secrets.set('viewer session cookie', viewer.cookie!.split('=')[1]!);
    secrets.set('metrics token', METRICS_TOKEN);
    secrets.set('secret key', service.env.WAWI_SECRET_KEY!);
  });
  afterAll(async () => {
    await child?.stop();
    await service?.close();
    await smtp?.close();
    await sandbox?.close();
  });

  it('pairs, sends a closing and its mail through the running service', async ({ task }) => {
    const row = scenario(task, 'Security: set-up through the admin API (pair, mail, a closing)');
    const paired = await admin.call('POST', '/api/admin/connection/pair', {
      pin: sandbox.createPin(),
      portalUrl: sandbox.portalUrl,
    });
    expect(paired.status, paired.text).toBe(200);
    expect(paired.body.ok, paired.text).toBe(true);
    const mail = await admin.call('PUT', '/api/admin/mail', {
      smtp: { host: '127.0.0.1', port: smtp.port, tls: 'none', ...SMTP },
      from: 'wawi-bridge@example.test',
      recipients: ['kitchen@example.test'],
      language: 'en',
    });
    expect(mail.status, mail.text).toBe(200);

    const pos = (method: string, path: string, body?: unknown) =>
      call(url, service.token, method, path, body);
    expect((await pos('POST', '/api/v1/bookings', { bookings: [booking()] })).status).toBe(200);
    const taken = await pos('POST', '/api/v1/closings', closing('security-1'));
    expect(taken.body.transmission.status, JSON.stringify(taken.body)).toBe('waiting');
    await waitFor(async () => (smtp.mails.length > 0 ? true : null), 30_000);

    row.trials = 1;
    row.held.push('paired with a PIN', 'result mail sent with SMTP AUTH');
  });

  it('answers no route but health and login without authentication', async ({ task }) => {
    const row = scenario(task, 'Security: route walk without (or with foreign) credentials');
    const before = await snapshot(service.context.db);
    const guarded = routes.filter(
      (route) => !PUBLIC.includes(`${route.method} ${route.path}`) && !isStaticUi(route),
    );
    expect(guarded.length).toBeGreaterThan(25);

    const credentials: Array<[string, Record<string, string>]> = [
      ['none', {}],
      ['a made-up bearer token', { authorization: 'Bearer wbt_madeUpTokenThatNobodyIssued' }],
      ['a made-up session', { cookie: `wb_session=${'A'.repeat(43)}` }],
    ];
    for (const route of guarded) {
      // Each kind of credential opens its own API only: the POS token not the back office…
      const foreign: Array<[string, Record<string, string>]> = route.path.startsWith('/api/admin')
        ? [['the POS token', { authorization: `Bearer ${service.token}` }]]
        : [['an admin session', { cookie: admin.cookie!, 'x-csrf-token': admin.csrfToken! }]];
      for (const [what, headers] of [...credentials, ...foreign]) {
        const response = await fetch(url + concrete(route.path), {
          method: route.method,
          headers: reads(route.method)
            ? headers
            : { ...headers, 'content-type': 'application/json' },
          body: reads(route.method) ? undefined : '{}',
        });
        await response.arrayBuffer();
        expect({ route, what, status: response.status }).toEqual({ route, what, status: 401 });
        row.trials += 1;
      }
    }
    expect((await snapshot(service.context.db)).checksum).toBe(before.checksum);

    row.held.push(
      `${guarded.length} routes answer 401`,
      'POS token ≠ session',
      `public: health, login, ${routes.filter(isStaticUi).length} web UI file routes`,
    );
  });

  it('lets a viewer change nothing', async ({ task }) => {
    const row = scenario(task, 'Security: a viewer tries every changing admin route');
    const changing = routes.filter(
      (route) =>
        route.path.startsWith('/api/admin/') &&
        !reads(route.method) &&
        !['/api/admin/login', '/api/admin/logout'].includes(route.path),
    );
    expect(changing.length).toBeGreaterThan(5);
    const before = await snapshot(service.context.db);

    for (const route of changing) {
      const answer = await viewer.call(route.method, concrete(route.path), {});
      expect({ route, status: answer.status }).toEqual({ route, status: 403 });
      row.trials += 1;
    }
    expect((await viewer.call('GET', '/api/admin/session')).status).toBe(200);
    expect((await snapshot(service.context.db)).checksum).toBe(before.checksum);

    row.held.push(`${changing.length} changing routes answer 403`, 'database unchanged');
  });

  it('refuses a changing request without the session’s CSRF token', async ({ task }) => {
    const row = scenario(task, 'Security: CSRF token on changing requests');
    const change = { retryInterval: '45s' };
    const before = await snapshot(service.context.db);

    for (const token of [null, 'forged-token', viewer.csrfToken]) {
      const answer = await admin.call('PUT', '/api/admin/settings', change, token);
      expect({ token, status: answer.status }).toEqual({ token, status: 403 });
      row.trials += 1;
    }
    expect((await snapshot(service.context.db)).checksum).toBe(before.checksum);
    const allowed = await admin.call('PUT', '/api/admin/settings', change);
    expect(allowed.status, allowed.text).toBe(200);

    row.held.push('missing, forged and another session’s token: 403', 'own token: 200');
  });

  it('refuses plain-HTTP JOMOsoft and portal addresses', async ({ task }) => {
    const row = scenario(task, 'Security: plain-HTTP addresses refused');
    const before = (await admin.call('GET', '/api/admin/connection')).body.connection;
    const portal = await fakePortal({
      apiUrl: 'http://jomosoft.example.test/api',
      tokenUrl: 'http://jomosoft.example.test/oauth/token',
      clientId: 'handed-out',
      clientSecret: 'handed-out-secret',
    });

    try {
      const handedOut = await admin.call('POST', '/api/admin/connection/pair', {
        pin: '123456',
        portalUrl: portal.url,
      });
      expect(handedOut.status).toBe(200);
      expect(handedOut.body.ok).toBe(false);
      expect(handedOut.body.note).toMatch(/http/i);
      row.trials += 1;

      const insecurePortal = await admin.call('POST', '/api/admin/connection/pair', {
        pin: '123456',
        portalUrl: 'http://portal.example.test',
      });
      expect(insecurePortal.status, insecurePortal.text).toBe(400);
      expect(insecurePortal.text).toMatch(/plain HTTP/);
      row.trials += 1;
    } finally {
      await portal.close();
    }
    const after = (await admin.call('GET', '/api/admin/connection')).body.connection;
    expect(after).toEqual(before);

    const cli = startChild(
      [
        'connection',
        'set',
        '--api-url',
        'http://jomosoft.example.test/api',
        '--token-url',
        'http://jomosoft.example.test/oauth/token',
        '--client-id',
        'typed-in',
        '--client-secret',
        'typed-in-secret',
      ],
      { ...service.env, LOG_LEVEL: 'warn' },
    );
    await cli.exited;
    expect(cli.process.exitCode).not.toBe(0);
    expect(cli.output.join('')).toMatch(/plain HTTP/);
    row.trials += 1;

    row.held.push(
      'handed out by the portal: refused, connection kept',
      'portal address: 400',
      'connection set: exit ≠ 0',
    );
  });

  it('rate-limits failed logins per name and per address', async ({ task }) => {
    const row = scenario(task, 'Security: login rate limit');
    const guest = new Browser(url);
    const wrong = Array.from({ length: 10 }, (_, index) => `wrong-Guess-${index}-password`);
    wrong.forEach((password, index) => secrets.set(`wrong password ${index}`, password));

    for (const password of wrong.slice(0, 5)) {
      expect((await guest.login('anna', password)).status).toBe(401);
      row.trials += 1;
    }
    const locked = await guest.login('anna', PASSWORDS.admin);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);

    for (const [index, password] of wrong.slice(5).entries()) {
      expect((await guest.login(`nobody-${index}`, password)).status).toBe(401);
      row.trials += 1;
    }
    const address = await guest.login('ben', PASSWORDS.viewer);
    expect(address.status).toBe(429);

    row.held.push('6th login for one name: 429 + Retry-After', '11th from one address: 429');
  });

  it('keeps every secret out of the database file and the logs', async ({ task }) => {
    const row = scenario(task, 'Security: no secret in clear in the database file or the logs');
    // The service writes its last lines as it stops; the WAL holds the newest pages.
    await child.stop();
    const file = service.env.DATABASE_URL!.replace(/^sqlite:/, '');
    const places: Array<[string, string]> = [
      ['database file', readFileSync(file).toString('latin1')],
      ...(existsSync(`${file}-wal`)
        ? [['database WAL', readFileSync(`${file}-wal`).toString('latin1')] as [string, string]]
        : []),
      ['service log', child.output.join('')],
      ['test-side log', service.logs.join('\n')],
      ['mails sent', smtp.mails.map((mail) => mail.raw).join('\n')],
    ];
    expect(child.output.join('').length).toBeGreaterThan(1000);

    const found: string[] = [];
    for (const [name, secret] of secrets) {
      for (const [place, text] of places) {
        if (text.includes(secret)) found.push(`${name} in ${place}`);
        row.trials += 1;
      }
    }
    expect(found).toEqual([]);

    row.held.push(
      `${secrets.size} secrets × ${places.map(([place]) => place).join(', ')}: none found`,
    );
  });
});

/** A portal that hands out whatever connection it is given, for any PIN. */
async function fakePortal(jomosoft: Record<string, string>) {
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ jomosoft, customer: { id: 'K-1', name: 'Test customer' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
