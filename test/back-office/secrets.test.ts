import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Tables } from '../../src/db/schema.js';
import { storeKinds } from '../helpers/stores.js';
import { AdminClient, loggedIn, PASSWORDS } from './admin-client.js';
import {
  SMTP_PASSWORD,
  startActiveService,
  transmitClosing,
  type ActiveService,
} from './active-service.js';

const TABLES: Array<keyof Tables> = [
  'settings',
  'users',
  'sessions',
  'login_failures',
  'audit_log',
  'api_tokens',
  'transmissions',
  'transmission_attempts',
  'item_bookings',
  'mails',
];

describe.each(storeKinds())('secrets at rest and in the logs on $name', (kind) => {
  let active: ActiveService;
  let secrets: Record<string, string>;

  beforeAll(async () => {
    active = await startActiveService(kind);
    const viewer = await loggedIn(active.service, 'viewer');
    await new AdminClient(active.service.url).login('admin', 'a wrong password, typed in a hurry');
    await active.admin.post('/api/admin/mail/test');
    await active.admin.post('/api/admin/connection/check');
    await transmitClosing(active, 'c-1', 1);

    secrets = {
      'the JOMOsoft client secret': active.sandbox.jomosoft.clientSecret,
      'the SMTP password': SMTP_PASSWORD,
      'the admin password': PASSWORDS.admin,
      'the viewer password': PASSWORDS.viewer,
      'a wrong password': 'a wrong password, typed in a hurry',
      'the admin session id': active.admin.cookie!.split('=')[1]!,
      'the viewer session id': viewer.cookie!.split('=')[1]!,
      'the CSRF token': active.admin.csrfToken!,
      'the POS API token': active.service.token,
    };
  });
  afterAll(() => active.close());

  it('keeps every secret out of every table', async () => {
    const rows = [];
    for (const table of TABLES) {
      rows.push(...(await active.service.context.db.selectFrom(table).selectAll().execute()));
    }
    const dump = JSON.stringify(rows);
    expect(dump).toContain(active.sandbox.jomosoft.clientId);

    for (const [name, secret] of Object.entries(secrets)) {
      expect({ name, found: dump.includes(secret) }).toEqual({ name, found: false });
    }
  });

  it.runIf(kind.name === 'sqlite')('keeps every secret out of the database files', async () => {
    const file = active.service.context.store.file!;
    const files = readdirSync(dirname(file)).map((name) => readFileSync(join(dirname(file), name)));
    expect(files.some((content) => content.includes('kitchen@example.test'))).toBe(true);

    for (const [name, secret] of Object.entries(secrets)) {
      const found = files.some((content) => content.includes(Buffer.from(secret)));
      expect({ name, found }).toEqual({ name, found: false });
    }
  });

  it('keeps every secret out of the log', () => {
    const log = active.service.logs.join('\n');
    expect(log).toContain('failed login');

    for (const [name, secret] of Object.entries(secrets)) {
      expect({ name, found: log.includes(secret) }).toEqual({ name, found: false });
    }
  });
});
