import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { enqueueResultMail, resultMailHook } from '../../src/mail/result-mail.js';
import { renderResultMail, type ResultMailData } from '../../src/mail/render.js';
import { writeMailSettings } from '../../src/mail/settings-store.js';
import { STANDARD_ERROR_TEXT } from '../../src/mail/texts.js';
import { MailWorker, type MailWorkerOptions } from '../../src/mail/worker.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import {
  closedPort,
  insertCanteen,
  insertTransmission,
  mailsOf,
  type LineSpec,
} from './outbox-fixtures.js';
import {
  startSmtpServer,
  type TestSmtpServer,
  type TestSmtpServerOptions,
} from './smtp-test-server.js';

const KITCHEN = 'kueche@kantine.example';
const PURCHASING = 'einkauf@kantine.example';

const schnitzel = { id: 'item-schnitzel', name: 'Schnitzel' };
const coffee = { id: 'item-coffee', name: 'Coffee' };
const coffeeLarge = { id: 'item-coffee-large', name: 'Coffee large' };

/** Everything booked: three item bookings, and the cup deposit left out. */
const cleanLines: LineSpec[] = [
  {
    status: 'booked',
    priceLevelId: 'pl-guest',
    article: 'A-1001',
    items: [schnitzel],
    quantity: 3_000,
    grossAmount: 2_940,
  },
  {
    status: 'booked',
    priceLevelId: 'pl-guest',
    article: 'A-1020',
    items: [coffee, coffeeLarge],
    quantity: 5_000,
    grossAmount: 1_140,
  },
  {
    status: 'duplicate',
    priceLevelId: 'pl-staff',
    article: 'A-1020',
    items: [coffee],
    quantity: 1_000,
    grossAmount: 200,
  },
  {
    status: 'left-out',
    priceLevelId: 'pl-guest',
    article: null,
    items: [{ id: 'item-deposit', name: 'Cup deposit' }],
    quantity: 2_000,
    grossAmount: 200,
  },
];

/** One rejected with JOMOsoft's text, one failed without, two unsendable. */
const troubledLines: LineSpec[] = [
  {
    status: 'booked',
    priceLevelId: 'pl-guest',
    article: 'A-1001',
    items: [schnitzel],
    quantity: 2_000,
    grossAmount: 1_960,
  },
  {
    status: 'booked',
    priceLevelId: 'pl-staff',
    article: 'A-1020',
    items: [coffee],
    quantity: 1_000,
    grossAmount: 200,
  },
  {
    status: 'rejected',
    priceLevelId: 'pl-guest',
    article: 'A-9999',
    items: [{ id: 'item-mystery', name: 'Mystery menu' }],
    quantity: 1_000,
    grossAmount: 850,
    message: 'Artikel A-9999 ist in JOMOsoft nicht angelegt.',
  },
  {
    status: 'failed',
    priceLevelId: 'pl-staff',
    article: 'A-1002',
    items: [{ id: 'item-lasagne', name: 'Lasagne' }],
    quantity: 1_500,
    grossAmount: 1_185,
    message: null,
  },
  {
    status: 'not-transmitted',
    priceLevelId: 'pl-guest',
    article: null,
    items: [{ id: 'item-tea', name: 'Tea' }],
    quantity: 4_000,
    grossAmount: 800,
    missing: ['item'],
  },
  {
    status: 'not-transmitted',
    priceLevelId: 'pl-event',
    article: 'A-1001',
    items: [schnitzel],
    quantity: 1_000,
    grossAmount: 500,
    missing: ['price-level'],
  },
];

/** What the troubled closing's mail must say, written out by hand. */
function troubledData(language: 'de' | 'en', number: number): ResultMailData {
  return {
    language,
    closing: {
      id: 'ignored',
      number,
      businessDate: '2026-12-03',
      closedAt: '2026-12-03T22:04:11+01:00',
      registerName: 'Register 1',
    },
    pointOfSale: { name: 'Cafeteria', interfaceId: 'KST-100' },
    transmitted: 2,
    faulty: [
      {
        status: 'rejected',
        message: 'Artikel A-9999 ist in JOMOsoft nicht angelegt.',
        article: 'A-9999',
        priceGroup: 'GAST',
        pointOfSaleName: 'Cafeteria',
        priceLevelName: 'Guests',
        quantity: 1_000,
        grossAmount: 850,
        items: [{ name: 'Mystery menu' }],
      },
      {
        status: 'failed',
        message: null,
        article: 'A-1002',
        priceGroup: 'MA',
        pointOfSaleName: 'Cafeteria',
        priceLevelName: 'Staff',
        quantity: 1_500,
        grossAmount: 1_185,
        items: [{ name: 'Lasagne' }],
      },
    ],
    missingInterfaceNumber: [
      {
        itemName: 'Tea',
        pointOfSaleName: 'Cafeteria',
        priceLevelName: 'Guests',
        missing: ['item'],
        quantity: 4_000,
        grossAmount: 800,
      },
      {
        itemName: 'Schnitzel',
        pointOfSaleName: 'Cafeteria',
        priceLevelName: 'Event',
        missing: ['price-level'],
        quantity: 1_000,
        grossAmount: 500,
      },
    ],
    reconciliation: {
      pos: { quantity: 10_500, grossAmount: 5_495 },
      booked: { quantity: 3_000, grossAmount: 2_160 },
      rejected: { quantity: 2_500, grossAmount: 2_035 },
      notTransmitted: { quantity: 5_000, grossAmount: 1_300 },
      leftOut: { quantity: 0, grossAmount: 0 },
    },
  };
}

describe.each(storeKinds())('the mail outbox on $name', (kind) => {
  let service: TestService;
  let number = 100;
  const workers: MailWorker[] = [];
  const servers: TestSmtpServer[] = [];

  const now = () => service.context.clock.now();
  const db = () => service.context.db;

  async function smtpServer(options: TestSmtpServerOptions = {}) {
    const started = await startSmtpServer(options);
    servers.push(started);
    return started;
  }

  async function mailTo(port: number, recipients = [KITCHEN], language: 'de' | 'en' = 'en') {
    await writeMailSettings(
      service.context,
      {
        smtp: { host: '127.0.0.1', port, tls: 'none', user: null, password: null },
        from: 'wawi-bridge@kantine.example',
        recipients,
        language,
      },
      now(),
    );
  }

  async function startWorker(options: MailWorkerOptions = {}) {
    const worker = new MailWorker(service.context, {
      pollMs: 20,
      attentionCheckMs: 3_600_000,
      ...options,
    });
    workers.push(worker);
    await worker.start();
    return worker;
  }

  /** A done transmission with its result mail queued, as the transmission worker finishes it. */
  async function finish(lines: LineSpec[]) {
    number += 1;
    const id = await insertTransmission(db(), { number, lines });
    await db()
      .transaction()
      .execute((trx) => resultMailHook(service.context)(trx, id, now()));
    return { id, number };
  }

  const arrived = (smtp: TestSmtpServer, count = 1) =>
    waitFor(async () => (smtp.received.length >= count ? smtp.received : null));

  beforeAll(async () => {
    service = await startTestService(kind);
    await insertCanteen(db());
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await db().deleteFrom('mails').execute();
  });
  afterAll(() => service.close());

  it('delivers the seed sentence with the number transmitted when everything was booked', async () => {
    const smtp = await smtpServer();
    await mailTo(smtp.port);
    const { id, number: closing } = await finish(cleanLines);

    await startWorker();
    const [mail] = await arrived(smtp);

    expect(mail?.envelopeTo).toEqual([KITCHEN]);
    expect(mail?.parsed.subject).toBe(
      `JOMOsoft: Cafeteria, closing ${closing} of 2026-12-03 transmitted without errors`,
    );
    expect(mail?.parsed.text).toContain(
      'The transmission to JOMOsoft has taken place without errors. 3 item bookings have been transmitted.',
    );
    expect(mail?.parsed.text).toContain('Register 1');
    expect(mail?.parsed.messageId).toBe(`<result.${id}@wawi-bridge.invalid>`);
    const rows = await waitFor(async () => {
      const found = await mailsOf(db(), 'result');
      return found[0]?.status === 'sent' ? found : null;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      transmission_id: id,
      attempts: 1,
      last_error: null,
      language: 'en',
    });
  });

  it.each(['en', 'de'] as const)(
    'lists rejected and failed item bookings and the missing interface numbers, exactly as rendered, in %s',
    async (language) => {
      const smtp = await smtpServer();
      await mailTo(smtp.port, [KITCHEN], language);
      const { number: closing } = await finish(troubledLines);

      await startWorker();
      const [mail] = await arrived(smtp);

      const expected = renderResultMail(troubledData(language, closing));
      expect(mail?.parsed.subject).toBe(expected.subject);
      expect(mail?.parsed.text?.trimEnd()).toBe(expected.text.trimEnd());
      expect(mail?.parsed.text).toContain(STANDARD_ERROR_TEXT[language]);
      expect(mail?.parsed.text).toContain('Artikel A-9999 ist in JOMOsoft nicht angelegt.');
      expect(mail?.parsed.html).toContain(
        language === 'de' ? 'Schnittstellennummer fehlt' : 'missing interface number',
      );
    },
  );

  it('queues no mail for a skipped, inactive or unfinished transmission', async () => {
    const logger = service.context.logger;
    for (const status of ['skipped', 'not-active', 'retrying'] as const) {
      const id = await insertTransmission(db(), { number: (number += 1), status, lines: [] });
      await mailTo(1);

      const queued = await db()
        .transaction()
        .execute((trx) => enqueueResultMail(trx, { logger }, id, now()));

      expect(queued).toBeNull();
    }
    expect(await mailsOf(db())).toEqual([]);
  });

  it('keeps one report one row when the same transmission is reported twice', async () => {
    await mailTo(1);
    const { id } = await finish(cleanLines);

    const again = await db()
      .transaction()
      .execute((trx) => enqueueResultMail(trx, { logger: service.context.logger }, id, now()));

    expect(again).toBeNull();
    expect(await mailsOf(db(), 'result')).toHaveLength(1);
  });

  it('keeps a report while the mail server is down and delivers it once when it is back', async () => {
    const port = await closedPort();
    await mailTo(port);
    const { id } = await finish(cleanLines);

    await startWorker();
    const waiting = await waitFor(async () => {
      const [row] = await mailsOf(db(), 'result');
      return row && row.attempts >= 2 ? row : null;
    });
    const smtp = await smtpServer({ port });
    await arrived(smtp);
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(waiting).toMatchObject({ status: 'queued', lease_owner: null });
    expect(waiting.last_error).toMatch(/ECONNECTION|ECONNREFUSED/);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.parsed.messageId).toBe(`<result.${id}@wawi-bridge.invalid>`);
    const [row] = await mailsOf(db(), 'result');
    expect(row).toMatchObject({ status: 'sent', last_error: null });
    expect(row!.attempts).toBeGreaterThan(waiting.attempts);
    const retrying = service.logs.filter((line) =>
      line.includes(`result mail of transmission ${id} not sent, retrying`),
    );
    expect(retrying.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(retrying[0]!)).toMatchObject({
      level: 'warn',
      mailId: row!.id,
      transmissionId: id,
      kind: 'result',
    });
  });

  it('records and logs the recipients the server refuses, and the others still get the report', async () => {
    const smtp = await smtpServer({ refuse: ['gibtsnicht@kantine.example'] });
    await mailTo(smtp.port, [KITCHEN, 'gibtsnicht@kantine.example', PURCHASING]);
    const { id } = await finish(cleanLines);

    await startWorker();
    await arrived(smtp);
    const row = await waitFor(async () => {
      const [found] = await mailsOf(db(), 'result');
      return found?.status === 'sent' ? found : null;
    });

    expect(smtp.received[0]?.envelopeTo).toEqual([KITCHEN, PURCHASING]);
    expect(JSON.parse(row.refused_recipients ?? 'null')).toEqual(['gibtsnicht@kantine.example']);
    const logged = service.logs.find((line) => line.includes('refused gibtsnicht@kantine.example'));
    expect(JSON.parse(logged ?? '{}')).toMatchObject({
      level: 'warn',
      transmissionId: id,
      refused: ['gibtsnicht@kantine.example'],
    });
  });

  it('gives up on a report only when the server refuses every recipient for good', async () => {
    const smtp = await smtpServer({ refuse: [KITCHEN] });
    await mailTo(smtp.port, [KITCHEN]);
    await finish(cleanLines);

    await startWorker();
    const row = await waitFor(async () => {
      const [found] = await mailsOf(db(), 'result');
      return found?.status === 'failed' ? found : null;
    });
    await new Promise((resolve) => setTimeout(resolve, 400));

    expect(row).toMatchObject({ attempts: 1, refused_recipients: JSON.stringify([KITCHEN]) });
    expect((await mailsOf(db(), 'result'))[0]?.attempts).toBe(1);
    expect(smtp.received).toHaveLength(0);
  });

  it('sends a report again with the same Message-ID when a worker dies before storing the outcome', async () => {
    const smtp = await smtpServer();
    await mailTo(smtp.port);
    const { id } = await finish(cleanLines);
    let crashes = 0;

    const first = await startWorker({
      leaseMs: 300,
      crashPoint: () => {
        crashes += 1;
        if (crashes === 1) throw new Error('simulated crash while sending');
      },
    });
    await arrived(smtp);
    await first.stop();
    await startWorker({ leaseMs: 300 });
    await arrived(smtp, 2);
    const row = await waitFor(async () => {
      const [found] = await mailsOf(db(), 'result');
      return found?.status === 'sent' ? found : null;
    });

    expect(smtp.received.map((mail) => mail.parsed.messageId)).toEqual([
      `<result.${id}@wawi-bridge.invalid>`,
      `<result.${id}@wawi-bridge.invalid>`,
    ]);
    expect(row.attempts).toBe(1);
  });

  it('lets several workers share the outbox without sending any mail twice', async () => {
    const smtp = await smtpServer();
    await mailTo(smtp.port);
    const ids = [];
    for (let i = 0; i < 12; i += 1) ids.push((await finish(cleanLines)).id);

    await Promise.all([startWorker(), startWorker(), startWorker()]);
    await arrived(smtp, 12);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const received = smtp.received.map((mail) => mail.parsed.messageId).sort();
    expect(received).toEqual(ids.map((id) => `<result.${id}@wawi-bridge.invalid>`).sort());
  });
});
