import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { checkConnection, setConnection } from '../../src/connection/check.js';
import { installationId } from '../../src/connection/installation.js';
import { readConnection } from '../../src/connection/store.js';
import { isLoopback, urlProblem } from '../../src/connection/urls.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { readSetting, SETTING } from '../../src/settings/settings.js';
import { InputError } from '../../src/shared/errors.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';

const actor = { actor: 'cli:test' };

describe.each(storeKinds())('the connection check on $name', (kind) => {
  let sandbox: Sandbox;
  let service: TestService;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  beforeEach(async () => {
    service = await startTestService(kind);
  });
  afterEach(async () => {
    await service.close();
    await sandbox.setFaults({ refuseConnections: false, refuseCredentials: false });
  });

  it('makes the installation id on start and keeps it', async () => {
    const made = await readSetting<string>(service.context.db, SETTING.installationId);

    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(await installationId(service.context.db, new Date())).toBe(made);
  });

  it('stores a connection set by hand as verified when JOMOsoft confirms it', async () => {
    const result = await setConnection(service.context, sandbox.jomosoft, actor);

    expect(result).toMatchObject({ ok: true, code: 'ok' });
    expect(await readConnection(service.context.db)).toMatchObject({
      source: 'manual',
      verified: true,
    });
  });

  it('stores a connection with a wrong secret as not verified, since none worked before', async () => {
    const result = await setConnection(
      service.context,
      { ...sandbox.jomosoft, clientSecret: 'wrong' },
      actor,
    );

    expect(result).toMatchObject({ ok: false, code: 'credentials-refused' });
    expect(result.note).toContain('refused the credentials');
    expect(await readConnection(service.context.db)).toMatchObject({ verified: false });
  });

  it('does not replace a verified connection with one whose secret is wrong', async () => {
    await setConnection(service.context, sandbox.jomosoft, actor);
    const before = await readConnection(service.context.db);

    const result = await setConnection(
      service.context,
      { ...sandbox.jomosoft, clientSecret: 'wrong' },
      actor,
    );

    expect(result.note).toContain('stays in use');
    expect(await readConnection(service.context.db)).toEqual(before);
  });

  it('leaves the connection verified when JOMOsoft is unreachable during a check', async () => {
    await setConnection(service.context, sandbox.jomosoft, actor);
    await sandbox.setFaults({ refuseConnections: true });

    const result = await checkConnection(service.context, actor);

    expect(result.code).toBe('jomosoft-unreachable');
    expect(await readConnection(service.context.db)).toMatchObject({
      verified: true,
      check: { ok: false, code: 'jomosoft-unreachable' },
    });
  });

  it('takes the verified flag away when JOMOsoft refuses the credentials during a check', async () => {
    await setConnection(service.context, sandbox.jomosoft, actor);
    await sandbox.setFaults({ refuseCredentials: true });

    const result = await checkConnection(service.context, actor);

    expect(result.code).toBe('credentials-refused');
    expect(await readConnection(service.context.db)).toMatchObject({ verified: false });
  });

  it('refuses plain-HTTP addresses that are not loopback, naming each', async () => {
    const attempt = setConnection(
      service.context,
      { ...sandbox.jomosoft, apiUrl: 'http://api.example.com', tokenUrl: 'ftp://x.example.com' },
      actor,
    );

    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toMatchObject({
      problems: [{ path: 'apiUrl' }, { path: 'tokenUrl' }],
    });
  });
});

describe('an address for the JOMOsoft connection', () => {
  it('may use plain HTTP on loopback only, unless insecure HTTP is allowed', () => {
    expect(urlProblem('http://127.0.0.1:7701', false)).toBeNull();
    expect(urlProblem('http://localhost/x', false)).toBeNull();
    expect(urlProblem('http://[::1]:80', false)).toBeNull();
    expect(urlProblem('http://jomosoft.example.com', false)).toContain('plain HTTP');
    expect(urlProblem('http://jomosoft.example.com', true)).toBeNull();
    expect(urlProblem('https://jomosoft.example.com', false)).toBeNull();
  });

  it('may not carry credentials or another scheme', () => {
    expect(urlProblem('https://user:pw@jomosoft.example.com', false)).toContain('user or password');
    expect(urlProblem('ftp://jomosoft.example.com', false)).toContain('https://');
    expect(urlProblem('not a url', false)).toContain('not a URL');
  });

  it('counts 127.x.x.x, ::1 and localhost as loopback, and nothing else', () => {
    expect(isLoopback('127.8.9.10')).toBe(true);
    expect(isLoopback('[::1]')).toBe(true);
    expect(isLoopback('128.0.0.1')).toBe(false);
    expect(isLoopback('localhost.example.com')).toBe(false);
  });
});
