import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config/config.js';
import { runCli } from '../helpers/processes.js';

async function run(args: string[], env: Record<string, string>) {
  const child = runCli(args, env);
  const code = await child.exited;
  return { code, output: child.output.join('') };
}

describe('the configuration', () => {
  it('takes the defaults: SQLite under ./data, port 8080, a five-minute retry interval unset', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({
      DATABASE_URL: 'sqlite:./data/wawi-bridge.db',
      PORT: 8080,
      LOG_LEVEL: 'info',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT ("eighty") must be a port number'],
    [
      { DATABASE_URL: 'mysql://x' },
      'DATABASE_URL ("mysql://x") must start with sqlite: or postgres://',
    ],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL ("loud")'],
    [{ WAWI_RETRY_INTERVAL: 'soon' }, 'WAWI_RETRY_INTERVAL ("soon") "soon" is not a duration'],
    [{ WAWI_SECRET_KEY: 'abc' }, 'WAWI_SECRET_KEY ("abc") must be 64 hexadecimal characters'],
  ])('stops with one line naming the variable for %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wawi-cli-'));
  const env = {
    DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`,
    WAWI_SECRET_KEY_FILE: join(dir, 'secret.key'),
  };

  it('makes a token, prints it once, lists it without the token and revokes it', async () => {
    const created = await run(['token', 'create', '--name', 'pos-cafeteria'], env);
    const token = /wbt_[\w-]+/.exec(created.output)?.[0];
    const listed = await run(['token', 'list'], env);
    const revoked = await run(['token', 'revoke', 'pos-cafeteria'], env);
    const again = await run(['token', 'revoke', 'pos-cafeteria'], env);

    expect(created.code).toBe(0);
    expect(token).toBeDefined();
    expect(listed.output).toContain('pos-cafeteria');
    expect(listed.output).not.toContain(token);
    expect(revoked.output).toContain('revoked');
    expect(again.code).toBe(1);
    expect(again.output).toContain('no active token named "pos-cafeteria"');
    expect(readFileSync(join(dir, 'cli.db')).includes(Buffer.from(token!))).toBe(false);
    expect(created.output.match(new RegExp(token!, 'g'))).toHaveLength(1);
  }, 30_000);

  it('stops a start with a wrong variable with one line and status 1', async () => {
    const result = await run(['migrate'], { ...env, PORT: '70000' });

    expect(result.code).toBe(1);
    expect(result.output.trim()).toBe(
      'wawi-bridge: PORT ("70000") must be a port number from 0 to 65535',
    );
  }, 30_000);

  it('migrates a fresh database and says so', async () => {
    const fresh = { ...env, DATABASE_URL: `sqlite:${join(dir, 'fresh.db')}` };
    const first = await run(['migrate'], fresh);
    const second = await run(['migrate'], fresh);

    expect(first.output).toContain('Applied: 001-foundation');
    expect(second.output).toContain('The schema is up to date.');
  }, 30_000);
});
