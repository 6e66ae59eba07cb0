import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { storeKinds } from '../helpers/stores.js';
import { SMTP_PASSWORD, startActiveService, type ActiveService } from './active-service.js';

describe.each(storeKinds())('mail settings in the admin API on $name', (kind) => {
  let active: ActiveService;

  beforeAll(async () => {
    active = await startActiveService(kind, 'en');
  });
  afterAll(() => active.close());

  it('shows the mail settings, saying a password is set but never which', async () => {
    const answer = await active.admin.get('/api/admin/mail');

    expect(answer.body.settings).toMatchObject({
      smtp: { host: '127.0.0.1', tls: 'none', user: 'bridge', passwordSet: true },
      recipients: ['kitchen@example.test'],
      language: 'en',
    });
    expect(answer.text).not.toContain(SMTP_PASSWORD);
  });

  it('sends a test mail to every stored address and says who got it', async () => {
    const answer = await active.admin.post('/api/admin/mail/test');

    expect(answer.body).toMatchObject({
      ok: true,
      accepted: ['kitchen@example.test'],
      rejected: [],
    });
    expect(active.smtp.received.at(-1)?.envelopeTo).toEqual(['kitchen@example.test']);
  });

  it('keeps the password when a change leaves it out, and audits the change without it', async () => {
    const view = (await active.admin.get('/api/admin/mail')).body.settings;
    const { passwordSet: _set, ...smtp } = view.smtp;

    const answer = await active.admin.put('/api/admin/mail', {
      ...view,
      smtp,
      recipients: ['kitchen@example.test', 'chef@example.test'],
    });
    const sent = await active.admin.post('/api/admin/mail/test');
    const entries = (await active.admin.get('/api/admin/audit')).body.entries;

    expect(answer.body.settings.smtp.passwordSet).toBe(true);
    expect(sent.body.accepted).toEqual(['kitchen@example.test', 'chef@example.test']);
    expect(entries[0]).toMatchObject({
      action: 'mail.update',
      field: 'recipients',
      oldValue: 'kitchen@example.test',
      newValue: 'kitchen@example.test, chef@example.test',
    });
    expect(JSON.stringify(entries)).not.toContain(SMTP_PASSWORD);
  });

  it('names the field of a bad address', async () => {
    const view = (await active.admin.get('/api/admin/mail')).body.settings;
    const { passwordSet: _set, ...smtp } = view.smtp;

    const answer = await active.admin.put('/api/admin/mail', {
      ...view,
      smtp,
      recipients: ['not an address'],
    });

    expect(answer.status).toBe(400);
    expect(answer.body.problems[0].path).toContain('recipients');
  });
});
