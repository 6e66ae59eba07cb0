import type { Item } from '../../api/types';
import { normaliseNumber } from './grid-model';

/**
 * CSV as Excel in German-speaking countries writes and reads it: semicolons, CRLF line ends, and
 * a UTF-8 byte order mark so umlauts survive a double click.
 */

const BOM = '\uFEFF';

export interface CsvHeadings {
  id: string;
  name: string;
  vatRate: string;
  interfaceNo: string;
  excluded: string;
  yes: string;
  no: string;
}

export function itemsToCsv(items: readonly Item[], headings: CsvHeadings): string {
  const lines = [
    [headings.id, headings.name, headings.vatRate, headings.interfaceNo, headings.excluded],
    ...items.map((item) => [
      item.id,
      item.name,
      item.vatRate,
      item.interfaceNo ?? '',
      item.excluded ? headings.yes : headings.no,
    ]),
  ];

  return BOM + lines.map((cells) => cells.map(quote).join(';')).join('\r\n') + '\r\n';
}

function quote(cell: string): string {
  // A leading = + - @ would make Excel run the cell as a formula; a tab before it stops that.
  const safe = /^[=+\-@]/.test(cell) ? `\t${cell}` : cell;
  return /[;"\r\n\t]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Splits CSV text into rows of cells; quotes may hold separators and line breaks. */
export function parseCsv(text: string): string[][] {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const delimiter = guessDelimiter(body);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;

  for (let index = 0; index < body.length; index += 1) {
    const char = body[index]!;
    if (quoted) {
      if (char === '"' && body[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"' && cell === '') {
      quoted = true;
    } else if (char === delimiter) {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[index + 1] === '\n') index += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += char;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }

  return rows.filter((cells) => cells.some((value) => value.trim() !== ''));
}

function guessDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const counts = [';', '\t', ','].map((candidate) => [
    candidate,
    firstLine.split(candidate).length,
  ]);
  counts.sort((a, b) => Number(b[1]) - Number(a[1]));

  return Number(counts[0]![1]) > 1 ? String(counts[0]![0]) : ';';
}

export interface CsvImport {
  /** Item id → the values the file gives it. */
  changes: Map<string, { interfaceNo: string | null; excluded?: boolean }>;
  unknownIds: string[];
  skippedLines: number;
}

const ID_HEADINGS = [
  'artikel-nr.',
  'artikelnummer',
  'artikel',
  'item no.',
  'item',
  'item id',
  'id',
];
const NUMBER_HEADINGS = [
  'schnittstellen-nr.',
  'schnittstellennummer',
  'interface no.',
  'interface number',
  'interfaceno',
];
const EXCLUDED_HEADINGS = [
  'nicht warenwirtschaftsrelevant',
  'not relevant for merchandise management',
  'excluded',
];
const YES = ['ja', 'yes', 'x', '1', 'true', 'wahr'];

/**
 * Reads a file written by the export or typed by hand. With a heading row the columns are found
 * by name (German or English); without one the first column is the item no. and the second the
 * interface no., or the export's layout when there are five columns.
 */
export function readItemsCsv(text: string, known: ReadonlySet<string>): CsvImport {
  const rows = parseCsv(text);
  const heading = (rows[0] ?? []).map((cell) => cell.trim().toLocaleLowerCase());
  const find = (names: string[]) => heading.findIndex((cell) => names.includes(cell));
  let idColumn = find(ID_HEADINGS);
  let numberColumn = find(NUMBER_HEADINGS);
  let excludedColumn = find(EXCLUDED_HEADINGS);
  const hasHeading = idColumn >= 0 && numberColumn >= 0;
  if (!hasHeading) {
    const wide = (rows[0]?.length ?? 0) >= 5;
    idColumn = 0;
    numberColumn = wide ? 3 : 1;
    excludedColumn = wide ? 4 : -1;
  }

  const result: CsvImport = { changes: new Map(), unknownIds: [], skippedLines: 0 };
  for (const cells of rows.slice(hasHeading ? 1 : 0)) {
    const id = (cells[idColumn] ?? '').trim();
    const number = cells[numberColumn];
    if (id === '' || number === undefined) {
      result.skippedLines += 1;
      continue;
    }
    if (!known.has(id)) {
      result.unknownIds.push(id);
      continue;
    }

    const excludedCell = excludedColumn >= 0 ? cells[excludedColumn] : undefined;
    result.changes.set(id, {
      interfaceNo: normaliseNumber(number.replace(/^\t/, '')),
      ...(excludedCell !== undefined && {
        excluded: YES.includes(excludedCell.trim().toLocaleLowerCase()),
      }),
    });
  }

  return result;
}
