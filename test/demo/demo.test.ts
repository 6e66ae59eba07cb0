import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runDemo, type DemoRun } from '../../src/demo/demo.js';
import { freshDataFolder } from '../../src/demo/environment.js';

/**
 * What `npm run demo -- --exit` does in CI, in-process: every step of the demo checks itself, and
 * the run is good only if all of them held.
 */
describe('the demo', () => {
  let run: DemoRun;
  const printed: string[] = [];

  beforeAll(async () => {
    run = await runDemo({
      port: 0,
      mailViewerPort: 0,
      dataDir: join(mkdtempSync(join(tmpdir(), 'wawi-demo-')), 'demo'),
      print: (line) => printed.push(line),
    });
  }, 180_000);
  afterAll(() => run?.stop());

  it('goes through every step as described', () => {
    const failed = run.checks.filter((check) => !check.ok);

    expect(failed, printed.join('\n')).toEqual([]);
    expect(run.ok).toBe(true);
    expect(run.checks.map((check) => check.name)).toEqual([
      'pairing',
      'test mail',
      'business day',
      'clean transmission',
      'reconciliation of the Kiosk closing',
      'result mail of the Kiosk closing',
      'transmission with a rejected line',
      'reconciliation of the Cafeteria closing',
      'result mail of the Cafeteria closing',
      'transmission through an outage',
      'reconciliation of the Stationsküche closing',
      'result mail of the Stationsküche closing',
    ]);
  });

  it('prints progress for each step, the login, the pairing note and a summary', () => {
    const text = printed.join('\n');

    expect(text).toMatch(/\[1\/11\] Starting the sandbox/);
    expect(text).toMatch(
      /\[11\/11\] Closing the ward kitchen register while JOMOsoft is unreachable/,
    );
    expect(text).toMatch(/user "admin", password "[\w-]{12}"/);
    expect(text).toMatch(/note: .*Klinikum Sonnenberg/);
    expect(text).toMatch(/retry interval 5s for the demo/);
    expect(text).toMatch(/Every step went as described \(12 checks\)\./);
  });

  it('shows the caught mails in the browser, each with its own page', async () => {
    const list = await (await fetch(run.mailViewerUrl!)).text();
    const mail = await fetch(new URL('/mails/2', run.mailViewerUrl!));
    const missing = await fetch(new URL('/mails/99', run.mailViewerUrl!));

    expect(list).toMatch(/JOMOsoft: test mail/);
    expect(list.match(/href="\/mails\/\d+"/g)).toHaveLength(4);
    expect(mail.status).toBe(200);
    expect(await mail.text()).toMatch(/has taken place without errors/);
    expect(missing.status).toBe(404);
  });

  it('makes a user who can log in to the back office with the printed password', async () => {
    const password = /user "admin", password "([\w-]+)"/.exec(printed.join('\n'))?.[1];
    const login = await fetch(`${run.serviceUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'admin', password }),
    });

    expect(login.status).toBe(200);
    expect(await login.json()).toMatchObject({ user: { name: 'admin', role: 'admin' } });
  });

  it('serves the back office and the metrics of the running service', async () => {
    const health = await (await fetch(`${run.serviceUrl}/api/v1/health`)).json();
    const metrics = await (await fetch(`${run.serviceUrl}/metrics`)).text();

    expect(health).toMatchObject({ status: 'ok', interface: { active: true } });
    expect(metrics).toMatch(/^wawi_transmissions\{state="done"\} 3$/m);
  });
});

describe('the demo data folder', () => {
  it('is not wiped when it holds files the demo did not make', () => {
    const folder = mkdtempSync(join(tmpdir(), 'wawi-demo-'));
    writeFileSync(join(folder, 'thesis.docx'), 'precious');

    expect(() => freshDataFolder(folder)).toThrow(/holds files the demo did not make/);
  });
});
