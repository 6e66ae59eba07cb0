import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  AttentionMonitor,
  DEFAULT_ATTENTION_TIMING,
  decideAttention,
  type AttentionState,
  type QueueView,
} from '../../src/mail/attention.js';
import { formatDateTime } from '../../src/mail/format.js';
import { writeMailSettings } from '../../src/mail/settings-store.js';
import { MailWorker } from '../../src/mail/worker.js';
import { readSetting, SETTING } from '../../src/settings/settings.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import {
  HOUR,
  MINUTE,
  ManualClock,
  insertCanteen,
  insertTransmission,
  mailsOf,
} from './outbox-fixtures.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-test-server.js';

const T0 = '2026-12-03T21:10:00.000Z';
const OFFLINE = 'ECONNECTION: connect ECONNREFUSED 127.0.0.1:443';

describe('deciding on attention mails', () => {
  const failingHead = (waitingSince = T0): QueueView => ({
    head: { seq: 7, waitingSince, lastError: OFFLINE },
    waiting: 3,
    lastSeq: 9,
    episode: null,
  });
  const at = (ms: number) => new Date(Date.parse(T0) + ms);
  const none: AttentionState = { episode: null };

  it('stays quiet for the first hour of waiting', () => {
    expect(decideAttention(none, failingHead(), at(HOUR), DEFAULT_ATTENTION_TIMING).kind).toBe(
      'none',
    );
  });

  it('opens an episode with the first mail after more than an hour', () => {
    const step = decideAttention(none, failingHead(), at(HOUR + 1), DEFAULT_ATTENTION_TIMING);

    expect(step).toMatchObject({
      kind: 'attention',
      lastError: OFFLINE,
      episode: { since: T0, firstSeq: 7, lastSeq: 9, mails: 1 },
    });
  });

  it('remembers closings that join the wait without mailing again', () => {
    const opened = decideAttention(none, failingHead(), at(2 * HOUR), DEFAULT_ATTENTION_TIMING);
    if (opened.kind !== 'attention') throw new Error('expected an attention mail');

    const later = decideAttention(
      opened.state,
      { ...failingHead(), lastSeq: 12 },
      at(3 * HOUR),
      DEFAULT_ATTENTION_TIMING,
    );

    expect(later).toMatchObject({ kind: 'track', state: { episode: { lastSeq: 12, mails: 1 } } });
  });

  it('clears only once every closing that waited has gone through', () => {
    const opened = decideAttention(none, failingHead(), at(2 * HOUR), DEFAULT_ATTENTION_TIMING);
    if (opened.kind !== 'attention') throw new Error('expected an attention mail');
    const draining: QueueView = {
      head: { seq: 8, waitingSince: null, lastError: null },
      waiting: 2,
      lastSeq: 9,
      episode: { unfinished: 2, done: 1 },
    };
    const drained: QueueView = {
      head: null,
      waiting: 0,
      lastSeq: null,
      episode: { unfinished: 0, done: 3 },
    };

    expect(
      decideAttention(opened.state, draining, at(3 * HOUR), DEFAULT_ATTENTION_TIMING).kind,
    ).toBe('none');
    expect(
      decideAttention(opened.state, drained, at(3 * HOUR), DEFAULT_ATTENTION_TIMING),
    ).toMatchObject({
      kind: 'cleared',
      state: { episode: null },
      closingsSent: 3,
    });
  });
});

describe.each(storeKinds())('attention mails on $name', (kind) => {
  let service: TestService;
  let smtp: TestSmtpServer;
  let clock: ManualClock;
  let worker: MailWorker | null = null;
  let number = 500;

  const db = () => service.context.db;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
  const attentionMails = () =>
    smtp.received.filter((mail) => mail.parsed.messageId?.startsWith('<attention.'));

  async function mailIn(language: 'de' | 'en') {
    await writeMailSettings(
      service.context,
      {
        smtp: { host: '127.0.0.1', port: smtp.port, tls: 'none', user: null, password: null },
        from: 'wawi-bridge@kantine.example',
        recipients: ['kueche@kantine.example'],
        language,
      },
      clock.now(),
    );
  }

  async function waitingTransmission(lastError: string | null, waitingSince: string | null) {
    const status = waitingSince ? 'retrying' : 'waiting';
    return insertTransmission(db(), {
      number: (number += 1),
      status,
      lines: [],
      lastError,
      waitingSince,
    });
  }

  async function markDone(id: string) {
    await db()
      .updateTable('transmissions')
      .set({ status: 'done', waiting_since: null, finished_at: clock.now().toISOString() })
      .where('id', '=', id)
      .execute();
  }

  beforeAll(async () => {
    clock = new ManualClock(T0);
    service = await startTestService(kind, { clock });
    smtp = await startSmtpServer();
    await insertCanteen(db());
  });
  afterEach(async () => {
    await worker?.stop();
    worker = null;
    smtp.received.splice(0);
    await db().deleteFrom('transmissions').execute();
    await db().deleteFrom('mails').execute();
    await db().deleteFrom('settings').where('key', '=', SETTING.attention).execute();
  });
  afterAll(async () => {
    await smtp.close();
    await service.close();
  });

  it('mails after an hour of waiting, not again within a day, again after a day, and once when it clears', async () => {
    await mailIn('en');
    const since = clock.now();
    const head = await waitingTransmission(OFFLINE, since.toISOString());
    worker = new MailWorker(service.context, { pollMs: 20, attentionCheckMs: 0 });
    await worker.start();

    clock.advance(59 * MINUTE);
    await settle();
    expect(smtp.received).toHaveLength(0);

    clock.advance(2 * MINUTE);
    const [first] = await waitFor(async () => (smtp.received.length === 1 ? smtp.received : null));
    const sinceText = formatDateTime(since, 'en');
    expect(first?.parsed.subject).toBe(
      `JOMOsoft connection needs attention: 1 closing waiting since ${sinceText}`,
    );
    expect(first?.parsed.text).toContain(
      `The transmission to JOMOsoft has been waiting since ${sinceText}.`,
    );
    expect(first?.parsed.text).toContain(OFFLINE);
    expect(first?.parsed.text).toContain('JOMOsoft cannot be reached');

    const behind = await waitingTransmission(null, null);
    clock.advance(23 * HOUR);
    await settle();
    expect(attentionMails()).toHaveLength(1);

    clock.advance(HOUR);
    await waitFor(async () => (smtp.received.length === 2 ? smtp.received : null));
    expect(smtp.received[1]?.parsed.subject).toBe(
      `JOMOsoft connection needs attention: 2 closings waiting since ${sinceText}`,
    );

    await markDone(head);
    await settle();
    expect(smtp.received).toHaveLength(2);

    await markDone(behind);
    const cleared = await waitFor(async () => smtp.received[2] ?? null);
    expect(cleared.parsed.subject).toBe(
      'JOMOsoft connection works again: 2 waiting closings transmitted',
    );
    expect(cleared.parsed.text).toContain(`It had been waiting since ${sinceText}.`);
    await settle();
    expect(smtp.received).toHaveLength(3);
    expect(await readSetting(db(), SETTING.attention)).toEqual({ episode: null });
  });

  it('says in German that JOMOsoft refuses the credentials', async () => {
    await mailIn('de');
    await waitingTransmission('credentials refused: 403 Forbidden', clock.now().toISOString());
    worker = new MailWorker(service.context, { pollMs: 20, attentionCheckMs: 0 });
    await worker.start();

    clock.advance(HOUR + MINUTE);
    const [mail] = await waitFor(async () => (smtp.received.length === 1 ? smtp.received : null));

    expect(mail?.parsed.subject).toMatch(
      /^JOMOsoft-Anbindung braucht Aufmerksamkeit: 1 Kassenabschluss wartet seit /,
    );
    expect(mail?.parsed.text).toContain('JOMOsoft lehnt die Zugangsdaten der Anbindung ab.');
    expect(mail?.parsed.text).toContain('credentials refused: 403 Forbidden');
  });

  it('queues one attention mail when several monitors look at the same moment', async () => {
    await mailIn('en');
    await waitingTransmission(OFFLINE, clock.now().toISOString());
    clock.advance(2 * HOUR);
    const monitors = Array.from({ length: 5 }, () => new AttentionMonitor(service.context));

    const steps = await Promise.all(monitors.map((monitor) => monitor.check()));

    expect(steps.filter((step) => step === 'attention')).toHaveLength(1);
    expect(await mailsOf(db(), 'attention')).toHaveLength(1);
  });

  it('waits for mail settings before it opens an episode', async () => {
    await db().deleteFrom('settings').where('key', '=', SETTING.mail).execute();
    await waitingTransmission(OFFLINE, clock.now().toISOString());
    clock.advance(2 * HOUR);

    const step = await new AttentionMonitor(service.context).check();

    expect(step).toBe('none');
    expect(await readSetting(db(), SETTING.attention)).toBeNull();
  });
});
