import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSmtpServer, type TestSmtpServer } from './smtp-test-server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PASSWORD = 'Kassen-Geheimnis!42';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// Each run starts Node with tsx on the sources: seconds apiece on a busy machine.
describe('wawi-bridge mail', { timeout: 120_000 }, () => {
  let dir: string;
  let smtp: TestSmtpServer;
  let env: Record<string, string>;

  /** Runs the command line from the sources against this test's SQLite file. */
  function cli(...args: string[]): Promise<Run> {
    return new Promise((done) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', resolve(ROOT, 'src/cli/main.ts'), 'mail', ...args],
        { cwd: ROOT, env: { ...process.env, ...env } },
        (error, stdout, stderr) => {
          const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
          done({ code, stdout, stderr });
        },
      );
    });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wawi-mail-cli-'));
    smtp = await startSmtpServer({
      users: { bridge: PASSWORD },
      refuse: ['gibtsnicht@kantine.example'],
    });
    env = {
      DATABASE_URL: `sqlite:${join(dir, 'wawi-bridge.db')}`,
      WAWI_SECRET_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
    };
  });
  afterAll(async () => {
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the settings and shows them without the password', async () => {
    const url = `smtp://bridge:${encodeURIComponent(PASSWORD)}@127.0.0.1:${smtp.port}?tls=none`;

    const set = await cli(
      'set',
      '--smtp',
      url,
      '--from',
      'wawi-bridge@kantine.example',
      '--to',
      'kueche@kantine.example, gibtsnicht@kantine.example',
      '--language',
      'en',
    );
    const show = await cli('show');

    expect(set).toMatchObject({ code: 0 });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`SMTP server: smtp://bridge@127.0.0.1:${smtp.port}?tls=none`);
    expect(show.stdout).toContain('Password:    set');
    expect(show.stdout).toContain(
      'To:          kueche@kantine.example, gibtsnicht@kantine.example',
    );
    expect(show.stdout + show.stderr + set.stdout + set.stderr).not.toContain(PASSWORD);
  });

  it('changes the recipients alone and keeps the stored password', async () => {
    const set = await cli('set', '--to', 'kueche@kantine.example,gibtsnicht@kantine.example');

    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Password:    set');
  });

  it('sends the test mail and says per recipient who accepted and who refused it', async () => {
    const test = await cli('test');

    expect(test.code).toBe(0);
    expect(test.stdout).toContain('accepted\tkueche@kantine.example');
    expect(test.stdout).toContain('refused\tgibtsnicht@kantine.example');
    expect(smtp.logins).toEqual(['bridge']);
    expect(smtp.received.at(-1)?.parsed.subject).toBe('JOMOsoft: test mail');
  });

  it('refuses a language it does not know, naming the option', async () => {
    const set = await cli('set', '--language', 'fr');

    expect(set.code).toBe(1);
    expect(set.stderr).toContain('--language: must be de or en, not "fr"');
  });
});
