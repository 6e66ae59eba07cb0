/**
 * A mail body is built once as a list of blocks and then written twice, as aligned plain text and
 * as simple inline-styled HTML, so the two parts of a mail can never say different things.
 *
 * Every value that reaches the HTML goes through escapeHtml: item and point-of-sale names come
 * from the POS and error texts from JOMOsoft, and neither is trusted.
 */
import type { MailLanguage } from './format.js';

export type Align = 'left' | 'right';

export interface Column {
  label: string;
  align?: Align;
}

export type Tone = 'success' | 'warning' | 'muted';

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; tone?: Tone }
  | { kind: 'fields'; rows: Array<[label: string, value: string]> }
  | { kind: 'table'; columns: Column[]; rows: string[][] }
  | { kind: 'records'; titleLabel: string; columns: Column[]; records: MailRecord[] };

/** One entry of a numbered list: a title line, then one value per column. */
export interface MailRecord {
  title: string;
  values: string[];
}

// Tabs, CR and other control characters would break the alignment or the markup.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/g;

/** Strips control characters and line breaks: for a subject or a table cell. */
export function singleLine(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(CONTROL, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function toText(blocks: Block[]): string {
  return blocks.map(blockToText).join('\n\n') + '\n';
}

function blockToText(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${singleLine(block.text)}\n${'='.repeat(width(singleLine(block.text)))}`;
    case 'paragraph':
      return multiLine(block.text);
    case 'fields':
      return fieldsToText(block.rows, '');
    case 'table':
      return tableToText(block.columns, block.rows);
    case 'records':
      return block.records.map((record, index) => recordToText(block, record, index)).join('\n\n');
  }
}

function fieldsToText(rows: Array<[string, string]>, indent: string): string {
  const labelWidth = Math.max(...rows.map(([label]) => width(label))) + 1;

  return rows
    .map(([label, value]) => {
      const prefix = `${indent}${pad(`${label}:`, labelWidth + 1, 'left')} `;
      return prefix + multiLine(value).replace(/\n/g, `\n${' '.repeat(width(prefix))}`);
    })
    .join('\n');
}

function recordToText(
  block: Extract<Block, { kind: 'records' }>,
  record: MailRecord,
  index: number,
) {
  const number = `${index + 1}. `;
  const indent = ' '.repeat(number.length);
  const title = multiLine(record.title).replace(/\n/g, `\n${indent}`);
  const rows = block.columns.map((column, i): [string, string] => [
    column.label,
    record.values[i] ?? '',
  ]);

  return `${number}${title}\n${fieldsToText(rows, indent)}`;
}

function tableToText(columns: Column[], rows: string[][]): string {
  const cells = rows.map((row) => columns.map((_, i) => singleLine(row[i] ?? '')));
  const widths = columns.map((column, i) =>
    Math.max(width(column.label), ...cells.map((row) => width(row[i] ?? ''))),
  );
  const line = (values: string[]) =>
    values
      .map((value, i) => pad(value, widths[i] ?? 0, columns[i]?.align ?? 'left'))
      .join('  ')
      .trimEnd();

  const header = line(columns.map((column) => column.label));
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');

  return [header, rule, ...cells.map(line)].join('\n');
}

function multiLine(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((part) => part.replace(CONTROL, ' ').trimEnd())
    .join('\n');
}

/** Width in code points, so an "ü" counts once. */
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, size: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));

  return align === 'right' ? fill + text : text + fill;
}

const STYLE = {
  body:
    'margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:14px;' +
    'line-height:1.45;color:#1f2328;background:#ffffff',
  heading: 'font-size:16px;margin:24px 0 8px 0',
  paragraph: 'margin:0 0 12px 0',
  success: 'margin:0 0 12px 0;padding:8px 12px;border-left:4px solid #2da44e;background:#eefbf1',
  warning: 'margin:0 0 12px 0;padding:8px 12px;border-left:4px solid #d4a72c;background:#fff8e5',
  muted: 'margin:24px 0 0 0;font-size:12px;color:#656d76',
  table: 'border-collapse:collapse;margin:0 0 12px 0',
  th:
    'padding:4px 8px;border:1px solid #d0d7de;background:#f6f8fa;font-weight:bold;' +
    'vertical-align:top',
  td: 'padding:4px 8px;border:1px solid #d0d7de;vertical-align:top',
  label: 'padding:2px 12px 2px 0;font-weight:bold;vertical-align:top;white-space:nowrap',
  value: 'padding:2px 0;vertical-align:top',
};

export function toHtml(blocks: Block[], language: MailLanguage, title: string): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(singleLine(title))}</title></head>`,
    `<body style="${STYLE.body}">`,
    ...blocks.map(blockToHtml),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function blockToHtml(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h2 style="${STYLE.heading}">${escapeHtml(singleLine(block.text))}</h2>`;
    case 'paragraph':
      return `<p style="${STYLE[block.tone ?? 'paragraph']}">${htmlText(block.text)}</p>`;
    case 'fields':
      return fieldsToHtml(block.rows);
    case 'table':
      return tableToHtml(block.columns, block.rows);
    case 'records':
      return tableToHtml(
        [{ label: block.titleLabel }, ...block.columns],
        block.records.map((record) => [record.title, ...record.values]),
      );
  }
}

function fieldsToHtml(rows: Array<[string, string]>): string {
  const body = rows
    .map(
      ([label, value]) =>
        `<tr><td style="${STYLE.label}">${escapeHtml(singleLine(label))}</td>` +
        `<td style="${STYLE.value}">${htmlText(value)}</td></tr>`,
    )
    .join('\n');

  return `<table style="${STYLE.table}">\n${body}\n</table>`;
}

function tableToHtml(columns: Column[], rows: string[][]): string {
  const cell = (tag: 'th' | 'td', value: string, column: Column | undefined) => {
    // Numbers stay on one line: "1.234,56 €" must not break before its euro sign.
    const align =
      column?.align === 'right' ? 'text-align:right;white-space:nowrap' : 'text-align:left';
    const style = `${STYLE[tag]};${align}`;
    return `<${tag} style="${style}">${htmlText(value)}</${tag}>`;
  };

  const header = `<tr>${columns.map((column) => cell('th', column.label, column)).join('')}</tr>`;
  const body = rows.map(
    (row) => `<tr>${columns.map((column, i) => cell('td', row[i] ?? '', column)).join('')}</tr>`,
  );

  return `<table style="${STYLE.table}">\n${[header, ...body].join('\n')}\n</table>`;
}

/** Escaped text whose line breaks survive as <br>. */
function htmlText(text: string): string {
  return multiLine(text).split('\n').map(escapeHtml).join('<br>');
}
