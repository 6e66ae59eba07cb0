import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { readConnection } from '../../src/connection/store.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { readSetting, SETTING } from '../../src/settings/settings.js';
import { loggedIn, type AdminClient } from '../back-office/admin-client.js';
import { freePort } from '../helpers/postgres-cluster.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';
import { startFakePortal, startUntrustedHttpsServer } from './servers.js';

const TENANT = 'Klinikum Sonnenberg – Küche';

describe.each(storeKinds())('pairing with the portal on $name', (kind) => {
  let sandbox: Sandbox;
  let service: TestService;
  let admin: AdminClient;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  beforeEach(async () => {
    service = await startTestService(kind);
    admin = await loggedIn(service, 'admin');
  });
  afterEach(async () => {
    await service.close();
    await sandbox.setFaults({ refuseConnections: false, refuseCredentials: false });
  });

  const pair = (pin = sandbox.createPin(), portalUrl = sandbox.portalUrl) =>
    admin.post('/api/admin/connection/pair', { pin, portalUrl });

  it('stores the connection from a fresh PIN, checks it at once and names the tenant and API version', async () => {
    const answer = await pair();

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, code: 'ok', tenant: TENANT, apiVersion: '2.4' });
    expect(answer.body.note).toContain(`tenant "${TENANT}"`);
    const stored = await readConnection(service.context.db);
    expect(stored).toMatchObject({
      apiUrl: sandbox.jomosoft.apiUrl,
      clientId: sandbox.jomosoft.clientId,
      source: 'portal',
      verified: true,
    });
    expect(stored!.clientSecretSealed).not.toContain(sandbox.jomosoft.clientSecret);
  });

  it('shows the stored connection, the installation id and the portal used, never the secret', async () => {
    await pair();

    const answer = await admin.get('/api/admin/connection');

    expect(answer.body).toMatchObject({
      connection: { source: 'portal', verified: true, check: { ok: true, tenant: TENANT } },
      installationId: await readSetting(service.context.db, SETTING.installationId),
      portalUrl: sandbox.portalUrl,
    });
    expect(answer.text).not.toContain(sandbox.jomosoft.clientSecret);
  });

  it('records the new connection in the audit log, the secret only as changed', async () => {
    await pair();

    const entries = (await admin.get('/api/admin/audit')).body.entries;

    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          user: 'admin',
          field: 'apiUrl',
          newValue: sandbox.jomosoft.apiUrl,
        }),
        expect.objectContaining({ user: 'admin', field: 'clientSecret', newValue: '(changed)' }),
        expect.objectContaining({ user: 'admin', field: 'portalUrl', newValue: sandbox.portalUrl }),
      ]),
    );
  });

  it('answers an unknown PIN with a note to create a new one, and stores nothing', async () => {
    const answer = await pair('000000');

    expect(answer.body).toMatchObject({ ok: false, code: 'pin-unknown' });
    expect(answer.body.note).toContain('Create a new PIN in the portal');
    expect(await readConnection(service.context.db)).toBeNull();
  });

  it('answers a PIN used before with a note that a PIN works only once', async () => {
    const pin = sandbox.createPin();
    await pair(pin);

    const answer = await pair(pin);

    expect(answer.body).toMatchObject({ ok: false, code: 'pin-used' });
    expect(answer.body.note).toContain('already been used');
  });

  it('names the portal when it cannot be reached', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;

    const answer = await pair(sandbox.createPin(), closed);

    expect(answer.body).toMatchObject({ ok: false, code: 'portal-unreachable' });
    expect(answer.body.note).toContain('The portal could not be reached');
    expect(answer.body.note).toContain('connection refused');
  });

  it('names JOMOsoft when it refuses connections, and verifies the stored connection once it is back', async () => {
    await sandbox.setFaults({ refuseConnections: true });

    const answer = await pair();
    await sandbox.setFaults({ refuseConnections: false });
    const stored = await readConnection(service.context.db);
    const recheck = await admin.post('/api/admin/connection/check');

    expect(answer.body).toMatchObject({ ok: false, code: 'jomosoft-unreachable' });
    expect(answer.body.note).toContain('JOMOsoft could not be reached');
    expect(stored?.verified).toBe(false);
    expect(recheck.body).toMatchObject({ ok: true, code: 'ok', tenant: TENANT });
    expect((await readConnection(service.context.db))?.verified).toBe(true);
  });

  it('says JOMOsoft refused the credentials when the tenant is not allowed', async () => {
    await sandbox.setFaults({ refuseCredentials: true });

    const answer = await pair();

    expect(answer.body).toMatchObject({ ok: false, code: 'credentials-refused' });
    expect(answer.body.note).toContain('JOMOsoft refused the credentials');
  });

  it('names an untrusted TLS certificate of the portal', async () => {
    const https = await startUntrustedHttpsServer();
    try {
      const answer = await pair(sandbox.createPin(), https.url);

      expect(answer.body).toMatchObject({ ok: false, code: 'tls-untrusted' });
      expect(answer.body.note).toContain('certificate of the portal');
    } finally {
      await https.close();
    }
  });

  it('names an untrusted TLS certificate of JOMOsoft', async () => {
    const https = await startUntrustedHttpsServer();
    const portal = await startFakePortal({
      apiUrl: https.url,
      tokenUrl: `${https.url}/oauth/token`,
    });
    try {
      const answer = await pair(sandbox.createPin(), portal.url);

      expect(answer.body).toMatchObject({ ok: false, code: 'tls-untrusted' });
      expect(answer.body.note).toContain('certificate of JOMOsoft');
    } finally {
      await portal.close();
      await https.close();
    }
  });

  it('keeps the verified connection when a later pairing fails its check', async () => {
    await pair();
    const before = await readConnection(service.context.db);
    await sandbox.setFaults({ refuseCredentials: true });

    const answer = await pair();

    expect(answer.body).toMatchObject({ ok: false, code: 'credentials-refused' });
    expect(answer.body.note).toContain(`previous connection for tenant "${TENANT}" stays in use`);
    expect(await readConnection(service.context.db)).toEqual(before);
  });

  it('refuses a portal address over plain HTTP that is not loopback, before asking anyone', async () => {
    const answer = await pair(sandbox.createPin(), 'http://portal.example.com');

    expect(answer.status).toBe(400);
    expect(answer.body.problems[0]).toMatchObject({ path: 'portalUrl' });
    expect(answer.body.problems[0].message).toContain('plain HTTP');
  });

  it('refuses a PIN that is not six digits, and takes one typed in groups', async () => {
    const wrong = await pair('12345');
    const grouped = await pair(sandbox.createPin().replace(/^(\d{3})/, '$1 '));

    expect(wrong.status).toBe(400);
    expect(wrong.body.problems[0].path).toBe('pin');
    expect(grouped.body.code).toBe('ok');
  });

  it('uses the portal of the last pairing when none is given', async () => {
    await pair();

    const answer = await admin.post('/api/admin/connection/pair', { pin: sandbox.createPin() });

    expect(answer.body.code).toBe('ok');
  });
});
