import type { Item } from '../../api/types';

/**
 * The table editing's state without React: the items as saved, the unsaved changes (drafts) on
 * top of them, the rows in view, and what a paste does. Rows are filtered and sorted by their
 * saved values, so a row does not jump away while its number is being typed.
 */

export interface Draft {
  interfaceNo?: string | null;
  excluded?: boolean;
}

export type Drafts = ReadonlyMap<string, Draft>;

export type SortKey = 'id' | 'name' | 'vatRate' | 'interfaceNo' | 'excluded';

export interface Sort {
  key: SortKey;
  direction: 'ascending' | 'descending';
}

export interface View {
  search: string;
  missingOnly: boolean;
  sort: Sort;
}

/** An interface number as stored: trimmed, and nothing is null. */
export function normaliseNumber(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}

export function effective(item: Item, draft: Draft | undefined): Item {
  if (!draft) return item;

  return {
    ...item,
    interfaceNo: draft.interfaceNo !== undefined ? draft.interfaceNo : item.interfaceNo,
    excluded: draft.excluded ?? item.excluded,
  };
}

export function isMissing(item: Item): boolean {
  return !item.interfaceNo && !item.excluded;
}

export function matchesSearch(item: Item, search: string): boolean {
  const needle = search.trim().toLocaleLowerCase();
  if (needle === '') return true;

  return (
    item.name.toLocaleLowerCase().includes(needle) ||
    item.id.toLocaleLowerCase().includes(needle) ||
    (item.interfaceNo ?? '').toLocaleLowerCase().includes(needle)
  );
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compare(a: Item, b: Item, key: SortKey): number {
  switch (key) {
    case 'excluded':
      return Number(a.excluded) - Number(b.excluded);
    case 'vatRate':
      return compareDecimal(a.vatRate, b.vatRate);
    case 'interfaceNo':
      // Missing numbers first when ascending: they are what the reader is looking for.
      if (!a.interfaceNo || !b.interfaceNo)
        return Number(Boolean(a.interfaceNo)) - Number(Boolean(b.interfaceNo));
      return collator.compare(a.interfaceNo, b.interfaceNo);
    default:
      return collator.compare(a[key], b[key]);
  }
}

/** Compares decimal strings such as "7" and "19.5" exactly. */
function compareDecimal(a: string, b: string): number {
  const [aWhole = '0', aFraction = ''] = a.split('.');
  const [bWhole = '0', bFraction = ''] = b.split('.');
  if (aWhole.length !== bWhole.length) return aWhole.length - bWhole.length;
  if (aWhole !== bWhole) return aWhole < bWhole ? -1 : 1;

  const width = Math.max(aFraction.length, bFraction.length);
  const left = aFraction.padEnd(width, '0');
  const right = bFraction.padEnd(width, '0');
  return left === right ? 0 : left < right ? -1 : 1;
}

export function viewRows(items: readonly Item[], view: View): Item[] {
  const rows = items.filter(
    (item) => (!view.missingOnly || isMissing(item)) && matchesSearch(item, view.search),
  );
  const sign = view.sort.direction === 'ascending' ? 1 : -1;
  rows.sort((a, b) => sign * compare(a, b, view.sort.key) || collator.compare(a.id, b.id));

  return rows;
}

/**
 * Records a change of one item. A change back to the saved value removes the draft, so "dirty"
 * means "differs from what is saved", not "was touched".
 */
export function withChange(drafts: Drafts, item: Item, change: Draft): Map<string, Draft> {
  const next = new Map(drafts);
  const merged: Draft = { ...drafts.get(item.id), ...change };
  if (merged.interfaceNo !== undefined) merged.interfaceNo = normaliseNumber(merged.interfaceNo);
  if (merged.interfaceNo !== undefined && merged.interfaceNo === item.interfaceNo)
    delete merged.interfaceNo;
  if (merged.excluded !== undefined && merged.excluded === item.excluded) delete merged.excluded;

  if (merged.interfaceNo === undefined && merged.excluded === undefined) next.delete(item.id);
  else next.set(item.id, merged);

  return next;
}

/**
 * A column copied from a spreadsheet: one value per line. Only the first column of each line is
 * taken; the trailing line break that spreadsheets add is not an extra (empty) value.
 */
export function splitClipboard(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();

  return lines.map((line) => (line.split('\t')[0] ?? '').trim());
}

export interface PasteResult {
  drafts: Map<string, Draft>;
  applied: number;
  /** Values beyond the last row, which had no row to go to. */
  overflow: number;
}

/** Puts the values into the interface no. of consecutive rows, from the given row down. */
export function pasteColumn(
  rows: readonly Item[],
  start: number,
  values: readonly string[],
  drafts: Drafts,
): PasteResult {
  let next = new Map(drafts);
  const room = Math.max(0, rows.length - start);
  const applied = Math.min(room, values.length);
  for (let offset = 0; offset < applied; offset += 1) {
    const item = rows[start + offset]!;
    next = withChange(next, item, { interfaceNo: values[offset] ?? null });
  }

  return { drafts: next, applied, overflow: values.length - applied };
}

/** The body of PUT /items/interface-numbers for every changed item. */
export function changesToSave(
  items: readonly Item[],
  drafts: Drafts,
): Array<{ id: string; interfaceNo: string | null; excluded: boolean }> {
  const changes: Array<{ id: string; interfaceNo: string | null; excluded: boolean }> = [];
  for (const item of items) {
    const draft = drafts.get(item.id);
    if (!draft) continue;
    const next = effective(item, draft);
    changes.push({ id: item.id, interfaceNo: next.interfaceNo, excluded: next.excluded });
  }

  return changes;
}
