import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createUser } from '../../src/back-office/users.js';
import { BUILT_IN_CATALOGUE, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { startSmtpServer, type TestSmtpServer } from '../mail/smtp-test-server.js';

/**
 * The back office as a catering manager uses it, in a real Chromium: log in, pair, send the test
 * mail, fill in the interface numbers one by one and in bulk, and follow a closing's
 * transmission down to its rejected line. Screenshots of the main pages go to docs/screenshots.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(import.meta.dirname, '../../docs/screenshots');
const USER = { name: 'kuechenleitung', password: 'Sonnenberg-2026!' };
const TENANT = BUILT_IN_CATALOGUE.tenant.name;
const RECIPIENT = 'kuechenleitung@klinikum-sonnenberg.example';

/** POS item no. 1001… for catalogue article A-1001…, so pasted numbers are easy to check. */
const ARTICLES = BUILT_IN_CATALOGUE.articles.map((article) => ({
  ...article,
  itemId: article.id.replace('A-', ''),
}));
/** Items 1011 to 1060 get their interface numbers pasted into table editing. */
const PASTED = ARTICLES.filter((article) => Number(article.itemId) >= 1011);

let sandbox: Sandbox;
let smtp: TestSmtpServer;
let service: TestService;
let browser: Browser;
let context: BrowserContext;
let page: Page;

describe('the back-office web UI in a browser', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    sandbox = await startSandbox();
    smtp = await startSmtpServer();
    service = await startTestService(storeKinds()[0]!, {
      workers: true,
      env: { WAWI_PORTAL_URL: sandbox.portalUrl },
    });
    await createUser(service.context.db, { ...USER, role: 'admin' }, new Date());
    await loadMasterData();

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
    context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'en-GB',
      timezoneId: 'Europe/Berlin',
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: service.url });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  });

  // A failed step leaves a picture of the page behind, in .tmp (not committed).
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail' || !page) return;
    const name = task.name.replace(/\W+/g, '-').slice(0, 60);
    await page.screenshot({ path: join(import.meta.dirname, '../../.tmp', `e2e-${name}.png`) });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await smtp?.close();
    await sandbox?.close();
  });

  it('opens on the login page and logs an administrator in with user and password', async () => {
    await page.goto(service.url + '/');
    await page.getByLabel('User').waitFor();
    await screenshot('login');

    await page.getByLabel('User').fill(USER.name);
    await page.getByLabel('Password', { exact: true }).fill(USER.password);
    await page.getByRole('button', { name: 'Log in' }).click();

    await page.getByRole('heading', { name: 'JOMOsoft', level: 1 }).waitFor();
    expect(await page.getByTestId('current-user').textContent()).toContain(USER.name);
    expect(await page.getByTestId('activation-state').textContent()).toBe('Not active');
  });

  it('pairs with a sandbox PIN and shows the note naming the tenant', async () => {
    await page.getByLabel('Portal PIN').fill(sandbox.createPin());
    await page.getByRole('button', { name: 'Retrieve from portal' }).click();

    const note = page.getByTestId('pairing-note');
    await note.waitFor();
    const text = await note.textContent();
    expect(text).toContain('Connection confirmed');
    expect(text).toContain(`tenant “${TENANT}”`);
    await page.getByTestId('connection-tenant').filter({ hasText: TENANT }).waitFor();
  });

  it('saves the mail settings and sends the test mail, which arrives at the SMTP server', async () => {
    const mail = page.locator('#mail-settings');
    await mail.getByLabel('Mail addresses').fill(RECIPIENT);
    await mail.getByLabel('Mail addresses').press('Enter');
    await mail.getByLabel('Sender address').fill('wawi-bridge@klinikum-sonnenberg.example');
    await mail.getByLabel('Host').fill('127.0.0.1');
    await mail.getByText('None', { exact: true }).click();
    await mail.getByLabel('Port').fill(String(smtp.port));
    await mail.getByRole('button', { name: 'Save' }).click();
    await mail.getByText('Saved.').waitFor();
    await page
      .getByTestId('activation-state')
      .filter({ hasText: /^Active$/ })
      .waitFor();

    await page.getByRole('button', { name: 'Send test mail' }).click();
    await page.getByTestId('test-mail-result').filter({ hasText: 'Test mail sent' }).waitFor();

    const received = await waitFor(
      async () => smtp.received.find((m) => m.envelopeTo.includes(RECIPIENT)) ?? null,
    );
    expect(received.parsed.subject ?? '').not.toBe('');
    await screenshot('jomosoft-interface', { fullPage: true });
    expect(await unlabelledFields()).toEqual([]);
  });

  it('switches to German, remembers it across a reload, and switches back', async () => {
    await page.getByRole('banner').getByText('Deutsch', { exact: true }).click();
    await page.getByRole('button', { name: 'Vom Portal abrufen' }).waitFor();
    await page.getByRole('button', { name: 'Testmail senden' }).waitFor();
    await screenshot('jomosoft-interface.de', { fullPage: true });

    await page.reload();
    await page.getByRole('button', { name: 'Vom Portal abrufen' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('de');

    await page.getByRole('banner').getByText('English', { exact: true }).click();
    await page.getByRole('button', { name: 'Retrieve from portal' }).waitFor();
  });

  it('sets an abbreviation for export, an Interface ID and an interface no. in their dialogs', async () => {
    await navigate('Price levels');
    await page.getByRole('button', { name: 'Edit Gäste' }).click();
    await dialog().getByLabel('Abbreviation for export').fill('GAST');
    await screenshot('price-level-dialog');
    await dialog().getByRole('button', { name: 'Save' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await page
      .getByTestId('price-levels')
      .getByRole('row', { name: /Gäste/ })
      .filter({ hasText: 'GAST' })
      .waitFor();

    await navigate('Points of sale');
    await page.getByRole('button', { name: 'Edit Cafeteria' }).click();
    await dialog().getByRole('tab', { name: 'Master information', selected: true }).waitFor();
    await dialog().getByLabel('Interface ID').fill('KST-100');
    await screenshot('point-of-sale-dialog');
    expect(await unlabelledFields()).toEqual([]);
    await dialog().getByRole('button', { name: 'Save' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await page
      .getByTestId('points-of-sale')
      .getByRole('row', { name: /Cafeteria/ })
      .filter({ hasText: 'KST-100' })
      .waitFor();

    await navigate('Items');
    await page.getByLabel('Search').fill('Kartoffelsuppe');
    await page.getByRole('link', { name: /Kartoffelsuppe/ }).click();
    await dialog().getByLabel('Interface no.').fill('A-1009');
    await screenshot('item-dialog');
    expect(await unlabelledFields()).toEqual([]);
    await dialog().getByRole('button', { name: 'Save' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await page
      .getByTestId('items')
      .getByRole('row', { name: /Kartoffelsuppe/ })
      .filter({ hasText: 'A-1009' })
      .waitFor();

    expect(await stored('price_levels', 'pl-guest', 'export_abbreviation')).toBe('GAST');
    expect(await stored('points_of_sale', 'pos-cafeteria', 'interface_id')).toBe('KST-100');
    expect(await stored('items', '1009', 'interface_no')).toBe('A-1009');
  });

  it('pastes 50 interface numbers into table editing, shows a bad row in its row, and saves them', async () => {
    await navigate('Table editing');
    const grid = page.getByRole('grid', { name: 'Table editing' });
    await grid.waitFor();
    await page.getByLabel(/Missing interface no\. only/).check({ force: true });
    await grid.getByRole('columnheader', { name: 'Item no.' }).click();

    // Item 1015's value is too long: the save must refuse it, in its row, and store nothing.
    const values = PASTED.map((article) =>
      article.itemId === '1015' ? `${article.id}-${'X'.repeat(70)}` : article.id,
    );
    await cell('1011').click();
    await page.evaluate(
      `navigator.clipboard.writeText(${JSON.stringify(values.join('\r\n') + '\r\n')})`,
    );
    await page.keyboard.press('Control+V');
    await page
      .getByTestId('table-notice')
      .filter({ hasText: '50 interface numbers pasted' })
      .waitFor();
    expect(await grid.locator('[data-dirty]').count()).toBeGreaterThan(5);

    await page.getByRole('button', { name: 'Save 50 changes' }).click();
    await page
      .getByTestId('table-notice')
      .filter({ hasText: 'Nothing was saved: 1 row has an error' })
      .waitFor();
    const rowError = grid.locator('[data-item-id="1015"] [data-testid="row-error"]');
    expect(await rowError.textContent()).toContain('At most 64 characters');
    expect(await stored('items', '1011', 'interface_no')).toBeNull();
    await screenshot('table-editing');
    expect(await unlabelledFields()).toEqual([]);

    // Fixed with the keyboard alone: F2 edits, the old text is replaced, Enter takes it.
    await cell('1015').click();
    await page.keyboard.press('F2');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('A-1015');
    await page.keyboard.press('Enter');
    await cell('1015')
      .filter({ hasText: /^A-1015$/ })
      .waitFor();

    await page.getByRole('button', { name: 'Save 50 changes' }).click();
    await page.getByTestId('table-notice').filter({ hasText: '50 items saved.' }).waitFor();
    for (const article of PASTED) {
      expect(await stored('items', article.itemId, 'interface_no')).toBe(article.id);
    }
  });

  it('shows a closed register under transmissions, with its rejected line’s text', async () => {
    await closeRegister('reg-1', 57, [
      ['1001', '2', '19.60'],
      ['1009', '1', '3.90'],
      ['1047', '3', '5.40'],
      ['9002', '1', '8.50'], // interface no. A-9999, which the sandbox's JOMOsoft does not know
      ['1010', '1', '3.50'], // no interface no.: not transmitted
      ['9001', '2', '2.00'], // cup deposit, not relevant: left out
    ]);
    await closeRegister('reg-k', 23, [
      ['1047', '4', '7.20'],
      ['1034', '2', '3.00'],
    ]);

    await navigate('Transmissions');
    const table = page.getByTestId('transmissions');
    const closing = table.getByRole('row').filter({ hasText: 'Closing 57' });
    await closing.filter({ hasText: '1 rejected line' }).waitFor({ timeout: 30_000 });
    await table
      .getByRole('row')
      .filter({ hasText: 'Closing 23' })
      .filter({ has: page.locator('[data-status="done"]') })
      .waitFor();

    // A closing while JOMOsoft is unreachable waits and is retried; the list follows by itself.
    await sandbox.setFaults({ refuseConnections: true });
    await closeRegister('reg-2', 12, [['1001', '1', '9.80']]);
    await table
      .getByRole('row')
      .filter({ hasText: 'Closing 12' })
      .filter({ hasText: 'retrying since' })
      .waitFor({ timeout: 30_000 });
    await screenshot('transmissions');
    await sandbox.setFaults({ refuseConnections: false });

    await closing.getByRole('link', { name: 'Closing 57' }).click();
    const message = page
      .getByTestId('line-message')
      .filter({ hasText: 'Artikel A-9999 ist nicht angelegt' });
    await message.waitFor();
    await page
      .getByTestId('item-bookings')
      .getByText('not transmitted: missing interface number')
      .waitFor();
    await page.getByTestId('reconciliation').waitFor();
    await page.getByTestId('mail-text').first().waitFor({ timeout: 30_000 });
    await screenshot('transmission-detail', { fullPage: true });

    const href = await page
      .getByRole('link', { name: 'Export rejected lines (CSV)' })
      .getAttribute('href');
    const csv = await page.request.get(service.url + href);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('A-9999');
  });

  it('keeps table editing virtualised with 20,000 items: few rows in the page, keyboard to the last', async () => {
    for (let start = 0; start < 20_000; start += 10_000) {
      const items = Array.from({ length: 10_000 }, (_, index) => ({
        id: `S-${String(start + index).padStart(5, '0')}`,
        name: `Sortimentsartikel ${start + index}`,
        vatRate: '7',
      }));
      await pos('PUT', '/api/v1/items', { items });
    }

    await navigate('Table editing');
    const grid = page.getByRole('grid', { name: 'Table editing' });
    await grid.locator('[data-item-id]').first().waitFor();
    expect(Number(await grid.getAttribute('aria-rowcount'))).toBeGreaterThan(20_000);
    expect(await grid.locator('[role="row"][data-item-id]').count()).toBeLessThan(80);

    await grid.getByRole('columnheader', { name: 'Item no.' }).click();
    await grid.locator('[aria-sort="ascending"]').waitFor();

    await cell('1001').click();
    await page.keyboard.press('Control+End');
    await grid.locator('[data-item-id="S-19999"]').waitFor();
  });
});

/** Form fields a screen reader cannot name: every field must have a label. */
async function unlabelledFields(): Promise<string[]> {
  return (await page.evaluate(`[...document.querySelectorAll('input, select, textarea')]
    .filter((field) => field.type !== 'hidden' && field.offsetParent !== null)
    .filter((field) => !(field.labels && field.labels.length) && !field.getAttribute('aria-label')
      && !field.getAttribute('aria-labelledby'))
    .map((field) => field.outerHTML.slice(0, 120))`)) as string[];
}

function dialog(): Locator {
  return page.getByRole('dialog');
}

async function navigate(label: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { name: label, level: 1 }).waitFor();
}

function cell(itemId: string): Locator {
  return page.locator(`[data-item-id="${itemId}"] [data-column="interfaceNo"]`);
}

async function screenshot(name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const path = join(SCREENSHOTS, `${name}.png`);
  // Let transitions and the loaders settle, so the pictures show the page, not its arrival.
  await page.waitForTimeout(400);
  if (!options.fullPage) {
    await page.screenshot({ path });
    return;
  }

  // A window as tall as the page, rather than a stitched full-page picture, keeps the fixed header
  // and navbar where a reader sees them.
  const viewport = page.viewportSize()!;
  await page.evaluate('window.scrollTo(0, 0)');
  const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.waitForTimeout(300);
  await page.screenshot({ path });
  await page.setViewportSize(viewport);
}

async function stored(
  table: 'items' | 'price_levels' | 'points_of_sale',
  id: string,
  column: string,
) {
  const row = await service.context.db
    .selectFrom(table)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

  return (row as unknown as Record<string, unknown>)[column] ?? null;
}

async function pos(method: string, path: string, body: unknown): Promise<void> {
  const answer = await service.pos(method, path, body);
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(answer.body)}`);
}

/**
 * A clinic's canteen as its POS sends it: the catalogue's dishes and drinks as items, all
 * without interface no. but the first eight; one price level and one point of sale still
 * without their numbers; a deposit that is not relevant; and a special whose number JOMOsoft
 * does not know.
 */
async function loadMasterData(): Promise<void> {
  await pos('PUT', '/api/v1/price-levels', {
    priceLevels: [
      { id: 'pl-guest', name: 'Gäste' },
      { id: 'pl-staff', name: 'Mitarbeitende', exportAbbreviation: 'MA' },
      { id: 'pl-patient', name: 'Patienten', exportAbbreviation: 'PAT' },
    ],
  });
  await pos('PUT', '/api/v1/points-of-sale', {
    pointsOfSale: [
      { id: 'pos-cafeteria', name: 'Cafeteria' },
      { id: 'pos-kiosk', name: 'Kiosk', interfaceId: 'KST-200' },
      { id: 'pos-ward', name: 'Stationsküche', interfaceId: 'KST-300' },
    ],
  });
  await pos('PUT', '/api/v1/registers', {
    registers: [
      { id: 'reg-1', name: 'Kasse 1', pointOfSaleId: 'pos-cafeteria' },
      { id: 'reg-2', name: 'Kasse 2', pointOfSaleId: 'pos-cafeteria' },
      { id: 'reg-k', name: 'Kioskkasse', pointOfSaleId: 'pos-kiosk' },
    ],
  });
  await pos('PUT', '/api/v1/items', {
    items: [
      ...ARTICLES.map((article) => ({
        id: article.itemId,
        name: article.name,
        vatRate: article.vatRate,
        ...(Number(article.itemId) <= 1008 && { interfaceNo: article.id }),
      })),
      { id: '9001', name: 'Pfand Becher', vatRate: '19', excluded: true },
      { id: '9002', name: 'Aktionsgericht Kürbisrisotto', vatRate: '7', interfaceNo: 'A-9999' },
    ],
  });

  // Sold at the kiosk without interface no.: what the readiness report ranks by revenue.
  await book('reg-k', [
    ['1047', '38', '68.40'],
    ['1034', '21', '31.50'],
    ['1010', '9', '31.50'],
    ['1053', '12', '19.20'],
    ['1027', '5', '13.00'],
  ]);
  await pos('POST', '/api/v1/closings', closingBody('reg-k', 22));
}

let bookingNo = 0;

async function book(registerId: string, lines: Array<[string, string, string]>): Promise<void> {
  const article = (itemId: string) => ARTICLES.find((entry) => entry.itemId === itemId);
  await pos('POST', '/api/v1/bookings', {
    bookings: lines.map(([itemId, quantity, grossAmount]) => ({
      id: `e2e-${(bookingNo += 1)}`,
      registerId,
      itemId,
      priceLevelId: registerId === 'reg-k' ? 'pl-staff' : 'pl-guest',
      quantity,
      grossAmount,
      vatRate: article(itemId)?.vatRate ?? (itemId === '9001' ? '19' : '7'),
      bookedAt: new Date().toISOString(),
    })),
  });
}

function closingBody(registerId: string, number: number) {
  const now = new Date();
  return {
    id: `${registerId}-z${number}`,
    registerId,
    number,
    businessDate: now.toISOString().slice(0, 10),
    closedAt: now.toISOString(),
  };
}

async function closeRegister(
  registerId: string,
  number: number,
  lines: Array<[string, string, string]>,
) {
  await book(registerId, lines);
  await pos('POST', '/api/v1/closings', closingBody(registerId, number));
}
