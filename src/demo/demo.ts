import { randomBytes } from 'node:crypto';
import { relative } from 'node:path';

import type { AppContext } from '../app/context.js';
import { createUser } from '../back-office/users.js';
import { pairWithPortal } from '../connection/pairing.js';
import { writeMailSettings } from '../mail/settings-store.js';
import { sendTestMail } from '../mail/test-mail.js';
import { BUILT_IN_CATALOGUE, startSandbox, type Sandbox } from '../sandbox/index.js';
import type { RunningService } from '../service.js';
import { formatAmount, formatVatRate } from '../shared/decimal.js';
import { formatDuration, parseDuration } from '../shared/duration.js';
import { localDate, posTime } from '../simulator/calendar.js';
import { closeRegister, simulate, type SimulationReport } from '../simulator/simulate.js';
import { PosClient } from '../simulator/pos-client.js';
import { createToken } from '../tokens/tokens.js';
import { transmissionById, type TransmissionView } from '../transmission/read-model.js';
import { CANTEEN, canteenMasterData } from './canteen.js';
import { freshDataFolder, portOrAnyFree, startDemoService } from './environment.js';
import { startMailCatcher, type CaughtMail, type MailCatcher } from './mail-catcher.js';
import { startMailViewer, type MailViewer } from './mail-viewer.js';
import { printMail, printSummary, type DemoTransmission } from './summary.js';

/**
 * `npm run demo`: a business day of a clinic canteen flowing into JOMOsoft, end to end, on one
 * machine. The sandbox plays the portal and JOMOsoft, a mail catcher takes the mails, the POS
 * simulator plays the registers; the service in the middle is exactly what `serve` runs. Every
 * step says what it did and checks what it should have; `--exit` turns those checks into the
 * exit status, so CI runs the demo as a smoke test.
 */
export interface DemoOptions {
  /** The service's port if free, else any free one (default 8080; 0: any). */
  port?: number;
  /** The mail catcher's browser port if free, else any free one (default 8025). */
  mailViewerPort?: number;
  /** Wiped at start (default ./data/demo). */
  dataDir?: string;
  language?: 'en' | 'de';
  /** Bookings of the business day, all registers together (default 900). */
  bookings?: number;
  seed?: number;
  /** Default 5s: the outage step waits for two attempts. */
  retryInterval?: string;
  print?: (line: string) => void;
}

export interface DemoCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface DemoRun {
  ok: boolean;
  checks: DemoCheck[];
  serviceUrl: string | null;
  mailViewerUrl: string | null;
  stop(): Promise<void>;
}

const STEPS = 11;
const RECIPIENT = 'kueche@klinikum-sonnenberg.example';
const SENDER = 'wawi-bridge@klinikum-sonnenberg.example';
const WAIT_MS = 60_000;

export async function runDemo(options: DemoOptions = {}): Promise<DemoRun> {
  const demo = new Demo(options);
  try {
    await demo.run();
  } catch (error) {
    demo.fail(error);
  }
  return demo.result();
}

class Demo {
  private readonly print: (line: string) => void;
  private readonly checks: DemoCheck[] = [];
  private readonly closers: Array<() => Promise<void>> = [];
  private readonly transmissions: DemoTransmission[] = [];
  private stepNumber = 0;
  private sandbox: Sandbox | null = null;
  private catcher: MailCatcher | null = null;
  private viewer: MailViewer | null = null;
  private service: RunningService | null = null;
  private posToken = '';

  constructor(private readonly options: DemoOptions) {
    this.print = options.print ?? ((line) => console.log(line));
  }

  async run(): Promise<void> {
    this.print(
      'wawi-bridge demo: a business day of a clinic canteen, from the registers to JOMOsoft',
    );

    await this.startSandbox();
    await this.startMailCatcher();
    await this.startService();
    await this.makeUser();
    await this.pair();
    await this.setUpMail();
    const day = await this.simulateDay();
    await this.cleanTransmission(day);
    await this.rejectedTransmission(day);
    await this.offlineTransmission(day);

    printSummary(this.print, this.transmissions, this.catcher?.mails() ?? [], this.checks);
  }

  fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.check('the demo ran to its end', false, `stopped: ${message}`);
    this.print('');
    this.print(`THE DEMO STOPPED: ${message}`);
    if (error instanceof Error && error.stack) this.print(error.stack);
  }

  result(): DemoRun {
    return {
      ok: this.checks.length > 0 && this.checks.every((check) => check.ok),
      checks: this.checks,
      serviceUrl: this.service?.url ?? null,
      mailViewerUrl: this.viewer?.url ?? null,
      stop: async () => {
        for (const close of this.closers.reverse()) await close().catch(() => undefined);
      },
    };
  }

  private async startSandbox(): Promise<void> {
    this.step('Starting the sandbox: stand-ins for the portal and JOMOsoft (development only)');
    const sandbox = await startSandbox();
    this.sandbox = sandbox;
    this.closers.push(() => sandbox.close());

    this.detail(`portal   ${sandbox.portalUrl}`);
    this.detail(`JOMOsoft ${sandbox.jomosoft.apiUrl}  (tenant ${BUILT_IN_CATALOGUE.tenant.name})`);
  }

  private async startMailCatcher(): Promise<void> {
    this.step('Starting the mail catcher: an SMTP server on loopback that keeps every mail');
    const catcher = await startMailCatcher();
    this.catcher = catcher;
    this.closers.push(() => catcher.close());
    const viewer = await startMailViewer(catcher, this.options.mailViewerPort ?? 8025);
    this.viewer = viewer;
    this.closers.push(() => viewer.close());
    catcher.onMail((mail) => printMail(this.print, mail));

    this.detail(`SMTP     127.0.0.1:${catcher.smtpPort}`);
    this.detail(`browser  ${viewer.url}`);
  }

  private async startService(): Promise<void> {
    const folder = freshDataFolder(this.options.dataDir ?? './data/demo');
    const shown = shownPath(folder);
    this.step(`Starting wawi-bridge on SQLite in ${shown}/ (wiped at start)`);
    const preferred = this.options.port ?? 8080;
    const port = await portOrAnyFree(preferred);
    const retryInterval = this.options.retryInterval ?? '5s';
    const { service, logFile } = await startDemoService({
      folder,
      port,
      retryInterval,
      portalUrl: this.sandbox!.portalUrl,
    });
    this.service = service;
    this.closers.push(() => service.stop());
    this.posToken = await createToken(service.context.db, 'demo-pos', new Date());

    const busy = preferred !== 0 && port === 0 ? ` (port ${preferred} is busy)` : '';
    this.detail(`service  ${service.url}${busy}`);
    this.detail(`log      ${shownPath(logFile)}`);
    this.detail(
      `retry interval ${retryInterval} for the demo (the default is 5m; WAWI_RETRY_INTERVAL)`,
    );
  }

  private async makeUser(): Promise<void> {
    this.step('Making a back-office user');
    const password = randomBytes(9).toString('base64url');
    await createUser(this.context.db, { name: 'admin', role: 'admin', password }, new Date());

    this.detail(`open ${this.service!.url}/ and log in`);
    this.detail(`user "admin", password "${password}" (an administrator)`);
  }

  private async pair(): Promise<void> {
    const pin = this.sandbox!.createPin();
    this.step(`Pairing with the portal: PIN ${pin} (the first button, "Retrieve from portal")`);
    const result = await pairWithPortal(
      this.context,
      { pin, portalUrl: this.sandbox!.portalUrl },
      { actor: 'demo' },
    );

    for (const line of result.note.split('\n')) this.detail(`note: ${line}`);
    this.check('pairing', result.ok, result.ok ? 'the connection is checked' : result.note);
    if (!result.ok) throw new Error(`pairing failed: ${result.note}`);
  }

  private async setUpMail(): Promise<void> {
    this.step('Mail settings to the catcher, and the test mail (the second button)');
    const language = this.options.language ?? 'en';
    await writeMailSettings(
      this.context,
      {
        smtp: { host: '127.0.0.1', port: this.catcher!.smtpPort, tls: 'none', user: null },
        from: SENDER,
        recipients: [RECIPIENT],
        language,
      },
      new Date(),
    );
    this.detail(`mails in ${language === 'en' ? 'English' : 'German'} to ${RECIPIENT}`);

    const sent = await sendTestMail(this.context);
    const messageId = await this.messageIdOf('test', null);
    const caught = messageId ? await this.caught(messageId) : null;
    this.check(
      'test mail',
      sent.ok && caught !== null,
      sent.ok
        ? caught
          ? `sent and caught: "${caught.subject}"`
          : 'sent, but it did not arrive in the catcher'
        : `not sent: ${sent.error}`,
    );
  }

  private async simulateDay(): Promise<SimulationReport> {
    const plan = canteenMasterData(BUILT_IN_CATALOGUE);
    const date = localDate(new Date());
    this.step("Loading the clinic canteen's master data through the POS API");

    const report = await simulate({
      url: this.service!.url!,
      token: this.posToken,
      plan,
      days: 1,
      startDate: date,
      bookingsPerDay: this.options.bookings ?? 900,
      openingMinutes: 11 * 60,
      batchSize: 250,
      seed: this.options.seed ?? 2026,
      prefix: 'demo',
      closeRegisters: false,
      onProgress: (event) => {
        if (event.kind === 'master-data') {
          const { priceLevels, pointsOfSale, items } = event.counts;
          this.detail(
            `${pointsOfSale} points of sale (Cafeteria KST-100, Kiosk KST-200, Stationsküche ` +
              `KST-300), ${priceLevels} price levels (GAST, MA, PAT), ${items} items`,
          );
          this.detail(
            'Kaffee, Kaffee groß and Kaffee to go share interface no. A-1047; ' +
              '"Brötchen vom Vortag" has none; "Bowl der Woche" has A-9999, which JOMOsoft ' +
              'does not know; "Pfand Mehrwegbecher" is not relevant for merchandise management',
          );
          this.step(`A business day (${date}): the registers book, returns included`);
        }
        if (event.kind === 'bookings' && event.sent === event.total) {
          this.detail(`${event.sent} bookings sent in batches`);
        }
      },
    });

    const rates = await this.vatRatesBooked();
    this.detail(
      `${report.sales} sales and ${report.returns} returns, ` +
        `gross ${formatAmount(report.grossCents)}, ` +
        `VAT rates ${rates.join(' % and ')} %`,
    );
    this.check(
      'business day',
      report.accepted === report.bookings && report.returns > 0 && rates.length === 2,
      `${report.bookings} bookings accepted, ${report.returns} of them returns, two VAT rates`,
    );
    return report;
  }

  private async cleanTransmission(day: SimulationReport): Promise<void> {
    this.step('Closing the kiosk register: every line known to JOMOsoft');
    const view = await this.closeAndWait(day, CANTEEN.kiosk.register, 412);

    this.check(
      'clean transmission',
      view.status === 'done' && view.counts.rejected === 0 && view.counts.transmitted > 0,
      `${view.counts.transmitted} item bookings transmitted, ${view.counts.rejected} rejected, ` +
        `${view.counts.leftOut} left out (the deposit)`,
    );
    await this.remember(view, 'Kiosk', await this.failedAttempts(view.id));
  }

  private async rejectedTransmission(day: SimulationReport): Promise<void> {
    this.step('Closing the cafeteria register: one item has an interface no. JOMOsoft lacks');
    const view = await this.closeAndWait(day, CANTEEN.cafeteria.register, 1187);
    const rejected = view.itemBookings.filter((line) => line.status === 'rejected');
    const expectedText = `Artikel ${CANTEEN.unknownInterfaceNo} ist nicht angelegt`;

    for (const line of rejected) {
      this.detail(`rejected ${line.article} / ${line.priceGroup}: "${line.message}"`);
    }
    if (view.counts.notTransmitted > 0) {
      this.detail(
        `${view.counts.notTransmitted} item booking(s) not transmitted: missing interface number`,
      );
    }
    this.check(
      'transmission with a rejected line',
      view.status === 'done' &&
        rejected.length > 0 &&
        rejected.every((line) => line.message?.startsWith(expectedText)),
      `${rejected.length} rejected with the sandbox's text "${expectedText}"`,
    );
    await this.remember(view, 'Cafeteria', await this.failedAttempts(view.id));
  }

  private async offlineTransmission(day: SimulationReport): Promise<void> {
    this.step('Closing the ward kitchen register while JOMOsoft is unreachable');
    const sandbox = this.sandbox!;
    await sandbox.setFaults({ refuseConnections: true });
    this.detail('JOMOsoft is unreachable now: the sandbox refuses connections');

    const id = await this.close(day, CANTEEN.ward.register, 96);
    const started = Date.now();
    const failing = await this.waitFor(
      id,
      (view) => view.attempts >= 2 && view.status === 'retrying',
    );
    this.detail(
      `${failing.attempts} attempts failed, waiting ${this.retryText()} between them: ` +
        String(failing.lastError),
    );

    await sandbox.setFaults({ refuseConnections: false });
    this.detail('JOMOsoft is back');
    const view = await this.waitFor(id, (current) => current.status === 'done');
    const retries = await this.failedAttempts(id);
    this.detail(
      `went through at attempt ${view.attempts}, ${Math.round((Date.now() - started) / 1000)} s ` +
        'after the closing',
    );
    this.check(
      'transmission through an outage',
      view.status === 'done' && retries >= 1 && view.counts.rejected === 0,
      `${retries} failed attempt(s), then done with ${view.counts.transmitted} item bookings`,
    );
    await this.remember(view, 'Stationsküche', retries);
  }

  private async closeAndWait(
    day: SimulationReport,
    registerId: string,
    number: number,
  ): Promise<TransmissionView> {
    const id = await this.close(day, registerId, number);
    const view = await this.waitFor(id, (current) => current.status === 'done');
    this.detail(
      `transmission ${view.status}: ${view.counts.transmitted} transmitted, ` +
        `${view.counts.rejected} rejected, ${view.counts.notTransmitted} not transmitted, ` +
        `${view.counts.leftOut} left out`,
    );
    return view;
  }

  /** Closes a register with the totals the simulated POS counted; answers the transmission id. */
  private async close(day: SimulationReport, registerId: string, number: number): Promise<string> {
    const open = day.open.find((register) => register.registerId === registerId);
    const date = day.businessDates[0]!;
    const client = new PosClient(this.service!.url!, this.posToken);
    const closing = await closeRegister(client, {
      id: `demo-${date}-${registerId}`,
      registerId,
      number,
      businessDate: date,
      closedAt: posTime(date, 18 * 3600 + 30 * 60, '+01:00'),
      expected: { bookings: open?.bookings ?? 0, grossCents: open?.grossCents ?? 0 },
    }).finally(() => client.close());

    this.detail(
      `closing ${number}: ${closing.expected.bookings} bookings, ` +
        `${formatAmount(closing.expected.grossCents)} ` +
        (closing.held ? '(totals held)' : 'NOT HELD'),
    );
    if (!closing.held || !closing.transmission) {
      throw new Error(`closing ${number} was not taken: ${closing.message}`);
    }
    return closing.transmission.id;
  }

  private async waitFor(
    id: string,
    until: (view: TransmissionView) => boolean,
  ): Promise<TransmissionView> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const view = await transmissionById(this.context.db, id);
      if (until(view)) return view;
      if (Date.now() > deadline) {
        throw new Error(
          `transmission ${id} is still ${view.status} after ${WAIT_MS / 1000} s` +
            (view.lastError ? `: ${view.lastError}` : ''),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /**
   * Checks the transmission's reconciliation, waits for its result mail in the catcher, and keeps
   * both for the summary.
   */
  private async remember(
    view: TransmissionView,
    pointOfSale: string,
    failedAttempts: number,
  ): Promise<void> {
    const { pos, booked, rejected, notTransmitted, leftOut } = view.reconciliation;
    this.check(
      `reconciliation of the ${pointOfSale} closing`,
      view.reconciliation.balanced,
      `POS ${pos.grossAmount} = booked ${booked.grossAmount} + ` +
        `rejected ${rejected.grossAmount} + ` +
        `not transmitted ${notTransmitted.grossAmount} + left out ${leftOut.grossAmount}`,
    );

    const messageId = await this.messageIdOf('result', view.id);
    const mail = messageId ? await this.caught(messageId) : null;
    this.transmissions.push({ view, pointOfSale, failedAttempts, mail });
    this.check(
      `result mail of the ${pointOfSale} closing`,
      mail !== null,
      mail ? `caught: "${mail.subject}"` : 'no result mail arrived in the catcher',
    );
  }

  private async failedAttempts(id: string): Promise<number> {
    const row = await this.context.db
      .selectFrom('transmission_attempts')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('transmission_id', '=', id)
      .where('outcome', 'in', ['transient', 'credentials-refused'])
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  private async messageIdOf(kind: 'test' | 'result', transmissionId: string | null) {
    let query = this.context.db
      .selectFrom('mails')
      .select('message_id')
      .where('kind', '=', kind)
      .orderBy('seq', 'desc')
      .limit(1);
    if (transmissionId) query = query.where('transmission_id', '=', transmissionId);
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const row = await query.executeTakeFirst();
      if (row || Date.now() > deadline) return row?.message_id ?? null;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private caught(messageId: string): Promise<CaughtMail | null> {
    return this.catcher!.waitFor((mail) => mail.messageId === messageId, WAIT_MS);
  }

  private async vatRatesBooked(): Promise<string[]> {
    const rows = await this.context.db
      .selectFrom('bookings')
      .select('vat_rate')
      .distinct()
      .orderBy('vat_rate')
      .execute();
    return rows.map((row) => formatVatRate(row.vat_rate));
  }

  private retryText(): string {
    const ms = parseDuration(this.options.retryInterval ?? '5s');
    return ms === null ? 'the retry interval' : formatDuration(ms);
  }

  private get context(): AppContext {
    return this.service!.context;
  }

  private step(title: string): void {
    this.stepNumber += 1;
    this.print('');
    this.print(`[${this.stepNumber}/${STEPS}] ${title}`);
  }

  private detail(text: string): void {
    this.print(`      ${text}`);
  }

  private check(name: string, ok: boolean, detail: string): void {
    this.checks.push({ name, ok, detail });
    this.print(`      ${ok ? '✓' : '✗'} ${name}: ${detail}`);
  }
}

/** A path as the person typed it: relative below the working folder, else absolute. */
function shownPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere === '' ? '.' : fromHere.startsWith('..') ? path : fromHere;
}
