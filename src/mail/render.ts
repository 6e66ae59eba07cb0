/**
 * The mails of the JOMOsoft connection as pure functions of their data: subject, plain text and
 * HTML, in the installation's language. No I/O here; the mail outbox stores what these return.
 */
import {
  formatBusinessDate,
  formatCount,
  formatDateTime,
  formatMoney,
  formatTimestamp,
} from './format.js';
import type { MailLanguage } from './format.js';
import { singleLine, toHtml, toText, type Block, type Column, type MailRecord } from './layout.js';
import { MAIL_TEXTS, type MailTexts, type ReconciliationFigures } from './texts.js';

export type { MailLanguage };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface Totals {
  quantity: number;
  grossAmount: number;
}

export interface FaultyItemBooking {
  status: 'rejected' | 'failed';
  /** JOMOsoft's error text; null when it gave none, and the standard text is shown instead. */
  message: string | null;
  article: string;
  priceGroup: string;
  pointOfSaleName: string;
  priceLevelName: string;
  quantity: number;
  grossAmount: number;
  items: Array<{ name: string }>;
}

export interface MissingInterfaceNumber {
  itemName: string;
  pointOfSaleName: string;
  priceLevelName: string;
  missing: Array<'item' | 'price-level'>;
  quantity: number;
  grossAmount: number;
}

export interface ResultMailData {
  language: MailLanguage;
  closing: {
    id: string;
    number: number;
    businessDate: string;
    closedAt: string;
    registerName: string;
  };
  pointOfSale: { name: string; interfaceId: string };
  /** Booked and duplicate item bookings: both are in JOMOsoft now. */
  transmitted: number;
  faulty: FaultyItemBooking[];
  missingInterfaceNumber: MissingInterfaceNumber[];
  reconciliation: {
    pos: Totals;
    booked: Totals;
    rejected: Totals;
    notTransmitted: Totals;
    leftOut: Totals;
  };
  /** IANA zone for the times shown; the process's zone when absent. */
  timeZone?: string;
}

export interface TestMailData {
  language: MailLanguage;
  sentAt: Date;
  installationName?: string;
  timeZone?: string;
}

export interface AttentionMailData {
  language: MailLanguage;
  waitingSince: Date;
  waitingClosings: number;
  lastError: string;
  reason: 'offline' | 'credentials-refused';
  timeZone?: string;
}

export interface ClearedMailData {
  language: MailLanguage;
  waitingSince: Date;
  clearedAt: Date;
  closingsSent: number;
  timeZone?: string;
}

export function renderResultMail(data: ResultMailData): RenderedMail {
  const texts = MAIL_TEXTS[data.language];
  const complete = data.faulty.length === 0 && data.missingInterfaceNumber.length === 0;

  const blocks: Block[] = [
    closingFields(data, texts),
    complete
      ? { kind: 'paragraph', tone: 'success', text: texts.result.success(data.transmitted) }
      : { kind: 'paragraph', tone: 'warning', text: texts.result.partial(data.transmitted) },
    ...faultySection(data, texts),
    ...missingSection(data, texts),
    ...reconciliationSection(data, texts),
    footer(texts),
  ];

  return assemble(resultSubject(data, texts), blocks, data.language);
}

export function renderTestMail(data: TestMailData): RenderedMail {
  const texts = MAIL_TEXTS[data.language];
  const sentAt = formatDateTime(data.sentAt, data.language, data.timeZone);
  const name = data.installationName ? singleLine(data.installationName) : undefined;

  const blocks: Block[] = [
    { kind: 'paragraph', text: texts.test.intro(sentAt, name) },
    { kind: 'paragraph', text: texts.test.reports },
    { kind: 'paragraph', tone: 'warning', text: texts.test.junk },
    footer(texts),
  ];

  return assemble(texts.test.subject(name), blocks, data.language);
}

export function renderAttentionMail(data: AttentionMailData): RenderedMail {
  const texts = MAIL_TEXTS[data.language].attention;
  const since = formatDateTime(data.waitingSince, data.language, data.timeZone);

  const blocks: Block[] = [
    { kind: 'paragraph', tone: 'warning', text: texts.waiting(data.waitingClosings, since) },
    { kind: 'paragraph', text: texts.reason[data.reason] },
    {
      kind: 'fields',
      rows: [
        [texts.waitingSinceLabel, since],
        [texts.waitingClosingsLabel, String(data.waitingClosings)],
        [texts.lastErrorLabel, data.lastError],
      ],
    },
    { kind: 'heading', text: texts.whatToDoHeading },
    { kind: 'paragraph', text: texts.whatToDo[data.reason] },
    { kind: 'paragraph', text: texts.repeat },
    footer(MAIL_TEXTS[data.language]),
  ];

  return assemble(texts.subject(data.waitingClosings, since), blocks, data.language);
}

export function renderClearedMail(data: ClearedMailData): RenderedMail {
  const texts = MAIL_TEXTS[data.language].cleared;
  const since = formatDateTime(data.waitingSince, data.language, data.timeZone);
  const clearedAt = formatDateTime(data.clearedAt, data.language, data.timeZone);

  const blocks: Block[] = [
    { kind: 'paragraph', tone: 'success', text: texts.working(clearedAt, since) },
    { kind: 'paragraph', text: texts.sent(data.closingsSent) },
    footer(MAIL_TEXTS[data.language]),
  ];

  return assemble(texts.subject(data.closingsSent), blocks, data.language);
}

function assemble(subject: string, blocks: Block[], language: MailLanguage): RenderedMail {
  const cleanSubject = singleLine(subject);

  return {
    subject: cleanSubject,
    text: toText(blocks),
    html: toHtml(blocks, language, cleanSubject),
  };
}

function resultSubject(data: ResultMailData, texts: MailTexts): string {
  const rejected = data.faulty.filter((booking) => booking.status === 'rejected').length;
  const failed = data.faulty.length - rejected;
  const missing = data.missingInterfaceNumber.length;

  const problems = [
    rejected > 0 ? texts.result.rejectedCount(rejected) : null,
    failed > 0 ? texts.result.failedCount(failed) : null,
    missing > 0 ? texts.result.missingCount(missing) : null,
  ].filter((problem): problem is string => problem !== null);

  const closing = {
    pointOfSale: singleLine(data.pointOfSale.name),
    closingNumber: data.closing.number,
    businessDate: formatBusinessDate(data.closing.businessDate, data.language),
  };
  return texts.result.subject(closing, problems);
}

function closingFields(data: ResultMailData, texts: MailTexts): Block {
  const { labels } = texts;
  const pointOfSale = texts.result.pointOfSale(data.pointOfSale.name, data.pointOfSale.interfaceId);

  const rows: Array<[string, string]> = [
    [labels.pointOfSale, pointOfSale],
    [labels.register, data.closing.registerName],
    [labels.closing, String(data.closing.number)],
    [labels.businessDate, formatBusinessDate(data.closing.businessDate, data.language)],
    [labels.closedAt, formatTimestamp(data.closing.closedAt, data.language, data.timeZone)],
  ];
  return { kind: 'fields', rows: rows.map(([label, value]) => [label, singleLine(value)]) };
}

function faultySection(data: ResultMailData, texts: MailTexts): Block[] {
  if (data.faulty.length === 0) return [];

  const { labels } = texts;
  const columns: Column[] = [
    { label: labels.items },
    { label: labels.pointOfSale },
    { label: labels.priceLevel },
    { label: labels.interfaceNo },
    { label: labels.quantity, align: 'right' },
    { label: labels.amount, align: 'right' },
  ];
  const records = data.faulty.map((booking) => faultyRecord(booking, data.language, texts));

  return [
    { kind: 'heading', text: texts.result.faultyHeading(data.faulty.length) },
    { kind: 'paragraph', text: texts.result.faultyAdvice },
    { kind: 'records', titleLabel: labels.errorText, columns, records },
  ];
}

function faultyRecord(
  booking: FaultyItemBooking,
  language: MailLanguage,
  texts: MailTexts,
): MailRecord {
  const message = booking.message?.trim() ? booking.message.trim() : texts.standardError;
  const items = booking.items.map((item) => singleLine(item.name)).join(', ');

  return {
    title: `${texts.result.status[booking.status]}: ${message}`,
    values: [
      items || '–',
      booking.pointOfSaleName,
      `${booking.priceLevelName} (${booking.priceGroup})`,
      booking.article,
      formatCount(booking.quantity, language),
      formatMoney(booking.grossAmount, language),
    ].map(singleLine),
  };
}

function missingSection(data: ResultMailData, texts: MailTexts): Block[] {
  if (data.missingInterfaceNumber.length === 0) return [];

  const { labels } = texts;
  const columns: Column[] = [
    { label: labels.item },
    { label: labels.pointOfSale },
    { label: labels.priceLevel },
    { label: labels.missing },
    { label: labels.quantity, align: 'right' },
    { label: labels.amount, align: 'right' },
  ];
  const rows = data.missingInterfaceNumber.map((line) => [
    line.itemName,
    line.pointOfSaleName,
    line.priceLevelName,
    line.missing.map((what) => texts.result.missingWhat[what]).join(', '),
    formatCount(line.quantity, data.language),
    formatMoney(line.grossAmount, data.language),
  ]);

  return [
    { kind: 'heading', text: texts.result.missingHeading },
    { kind: 'paragraph', text: texts.result.missingAdvice },
    { kind: 'table', columns, rows },
  ];
}

function reconciliationSection(data: ResultMailData, texts: MailTexts): Block[] {
  const quantity = reconciliationLine(data, 'quantity', texts, (n) =>
    formatCount(n, data.language),
  );
  const amount = reconciliationLine(data, 'grossAmount', texts, (n) =>
    formatMoney(n, data.language),
  );

  const blocks: Block[] = [
    { kind: 'heading', text: texts.result.reconciliationHeading },
    {
      kind: 'fields',
      rows: [
        [texts.labels.quantity, quantity.line],
        [texts.labels.amount, amount.line],
      ],
    },
  ];
  if (!quantity.balanced || !amount.balanced) {
    blocks.push({ kind: 'paragraph', tone: 'warning', text: texts.result.unbalanced });
  }

  return blocks;
}

function reconciliationLine(
  data: ResultMailData,
  measure: keyof Totals,
  texts: MailTexts,
  format: (value: number) => string,
): { line: string; balanced: boolean } {
  const { pos, booked, rejected, notTransmitted, leftOut } = data.reconciliation;
  const parts = booked[measure] + rejected[measure] + notTransmitted[measure] + leftOut[measure];

  const figures: ReconciliationFigures = {
    pos: format(pos[measure]),
    booked: format(booked[measure]),
    rejected: format(rejected[measure]),
    notTransmitted: format(notTransmitted[measure]),
    leftOut: format(leftOut[measure]),
  };
  const balanced = parts === pos[measure];

  return { line: texts.result.reconciliation(figures, balanced), balanced };
}

function footer(texts: MailTexts): Block {
  return { kind: 'paragraph', tone: 'muted', text: texts.footer };
}
