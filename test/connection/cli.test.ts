import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runCli } from '../helpers/processes.js';

async function run(args: string[], env: Record<string, string>) {
  const child = runCli(args, env);
  const code = await child.exited;
  return { code, output: child.output.join('') };
}

describe('the connection and user commands', { timeout: 120_000 }, () => {
  let sandbox: Sandbox;
  const dir = mkdtempSync(join(tmpdir(), 'wawi-cli-'));
  const env = {
    DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`,
    WAWI_SECRET_KEY_FILE: join(dir, 'secret.key'),
    WAWI_PASSWORD: '',
    WAWI_CLIENT_SECRET: '',
  };

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('sets a connection by hand, checks it at once and prints the tenant', async () => {
    const { apiUrl, tokenUrl, clientId, clientSecret } = sandbox.jomosoft;

    const set = await run(
      ['connection', 'set', '--api-url', apiUrl, '--token-url', tokenUrl, '--client-id', clientId],
      { ...env, WAWI_CLIENT_SECRET: clientSecret },
    );

    expect(set.code).toBe(0);
    expect(set.output).toContain(
      'Connection confirmed: JOMOsoft knows this installation as tenant',
    );
  });

  it('shows the connection without the secret, and checks it again', async () => {
    const show = await run(['connection', 'show'], env);
    const check = await run(['connection', 'check'], env);

    expect(show.output).toMatch(/Client id:\s+wawi-bridge-/);
    expect(show.output).toMatch(/Client secret:\s+stored, encrypted/);
    expect(show.output).toMatch(/Verified:\s+yes/);
    expect(show.output).not.toContain(sandbox.jomosoft.clientSecret);
    expect(check.code).toBe(0);
    expect(check.output).toContain('Connection confirmed');
  });

  it('pairs with a PIN and fails with exit code 1 and the note when the PIN is used', async () => {
    const pin = sandbox.createPin();

    const paired = await run(
      ['connection', 'pair', '--portal-url', sandbox.portalUrl, '--pin', pin],
      env,
    );
    const again = await run(['connection', 'pair', '--pin', pin], env);

    expect(paired.code).toBe(0);
    expect(again.code).toBe(1);
    expect(again.output).toContain('This PIN has already been used');
  });

  it('refuses a plain-HTTP API address that is not loopback', async () => {
    const set = await run(
      [
        'connection',
        'set',
        '--api-url',
        'http://api.example.com',
        '--token-url',
        'https://x.example.com/t',
        '--client-id',
        'c',
        '--client-secret',
        's',
      ],
      env,
    );

    expect(set.code).toBe(1);
    expect(set.output).toContain('apiUrl: uses plain HTTP');
  });

  it('makes, lists and deletes a back-office user, the password from WAWI_PASSWORD', async () => {
    const created = await run(['user', 'create', '--name', 'Anna', '--role', 'viewer'], {
      ...env,
      WAWI_PASSWORD: 'a long enough password',
    });
    const listed = await run(['user', 'list'], env);
    const deleted = await run(['user', 'delete', 'anna'], env);
    const after = await run(['user', 'list'], env);

    expect(created.output).toContain('User "anna" (viewer) created.');
    expect(listed.output).toMatch(/^anna\tviewer\tcreated /m);
    expect(deleted.output).toContain('User "anna" deleted.');
    expect(after.output).toContain('No users yet');
  });

  it('asks for WAWI_PASSWORD when there is no terminal to type the password', async () => {
    const created = await run(['user', 'create', '--name', 'bert'], env);

    expect(created.code).toBe(1);
    expect(created.output).toContain('set WAWI_PASSWORD');
  });
});
