import { expect, vi } from 'vitest';

import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { booking, closing, loadSmallCanteen } from '../helpers/master-data.js';
import { startTestService, type TestService } from '../helpers/service.js';
import type { StoreKind } from '../helpers/stores.js';
import { startSmtpServer, type TestSmtpServer } from '../mail/smtp-test-server.js';
import { loggedIn, type AdminClient } from './admin-client.js';

/**
 * A service made active the way an administrator does it, through the admin API: paired with the
 * sandbox portal, mail settings with an SMTP password pointing at a loopback SMTP server.
 */
export interface ActiveService {
  service: TestService;
  sandbox: Sandbox;
  smtp: TestSmtpServer;
  admin: AdminClient;
  close(): Promise<void>;
}

export const SMTP_PASSWORD = 'smtp-secret-Kx83!';

export async function startActiveService(
  kind: StoreKind,
  language: 'de' | 'en' = 'de',
): Promise<ActiveService> {
  const smtp = await startSmtpServer({ users: { bridge: SMTP_PASSWORD } });
  const sandbox = await startSandbox();
  const service = await startTestService(kind, { workers: true });
  await loadSmallCanteen(service);
  await service.pos('PUT', '/api/v1/items', {
    items: [{ id: 'item-mystery', name: 'Mystery menu', interfaceNo: 'A-9999', vatRate: '7' }],
  });
  const admin = await loggedIn(service, 'admin');

  const paired = await admin.post('/api/admin/connection/pair', {
    pin: sandbox.createPin(),
    portalUrl: sandbox.portalUrl,
  });
  expect(paired.body.code).toBe('ok');
  const mail = await admin.put('/api/admin/mail', {
    smtp: {
      host: '127.0.0.1',
      port: smtp.port,
      tls: 'none',
      user: 'bridge',
      password: SMTP_PASSWORD,
    },
    from: 'wawi-bridge@example.test',
    recipients: ['kitchen@example.test'],
    language,
  });
  expect(mail.status).toBe(200);

  return {
    service,
    sandbox,
    smtp,
    admin,
    async close() {
      await service.close();
      await sandbox.close();
      await smtp.close();
    },
  };
}

/** Books a schnitzel (booked) and a mystery menu (rejected by the sandbox), closes, waits for done. */
export async function transmitClosing(active: ActiveService, id: string, number: number) {
  const { service, admin } = active;
  const bookings = [
    booking({ grossAmount: '9.80' }),
    booking({ itemId: 'item-mystery', quantity: '2', grossAmount: '12.00' }),
  ];
  expect((await service.pos('POST', '/api/v1/bookings', { bookings })).status).toBe(200);
  const taken = await service.pos('POST', '/api/v1/closings', closing(id, { number }));
  expect(taken.status).toBe(201);

  const transmissionId = taken.body.transmission.id as string;
  await vi.waitFor(
    async () => {
      const answer = await admin.get(`/api/admin/transmissions/${transmissionId}`);
      expect(answer.body.status).toBe('done');
    },
    { timeout: 15_000, interval: 100 },
  );
  return transmissionId;
}
