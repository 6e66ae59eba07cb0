import { describe, expect, it } from 'vitest';

import type { Item } from '../../api/types';
import { changesToSave, pasteColumn, splitClipboard, viewRows, withChange } from './grid-model';

const item = (
  id: string,
  name: string,
  interfaceNo: string | null = null,
  excluded = false,
): Item => ({
  id,
  name,
  interfaceNo,
  vatRate: '7',
  excluded,
});

const items = [
  item('3', 'Tagessuppe'),
  item('1', 'Apfelkuchen', 'A-1027'),
  item('2', 'Pfand Becher', null, true),
  item('10', 'Kaffee'),
];

describe('table editing', () => {
  it('a column copied from a spreadsheet is one value per line, without the trailing break', () => {
    expect(splitClipboard('A-1\r\nA-2\r\n\r\nA-4\r\n')).toEqual(['A-1', 'A-2', '', 'A-4']);
    expect(splitClipboard('A-1\tSchnitzel\nA-2\tSuppe')).toEqual(['A-1', 'A-2']);
  });

  it('a paste fills the rows in view from the given one down and counts what did not fit', () => {
    const rows = viewRows(items, {
      search: '',
      missingOnly: false,
      sort: { key: 'id', direction: 'ascending' },
    });
    const result = pasteColumn(rows, 2, ['A-9', 'A-8', 'A-7'], new Map());

    expect(rows.map((row) => row.id)).toEqual(['1', '2', '3', '10']);
    expect(result.applied).toBe(2);
    expect(result.overflow).toBe(1);
    expect(result.drafts.get('3')).toEqual({ interfaceNo: 'A-9' });
    expect(result.drafts.get('10')).toEqual({ interfaceNo: 'A-8' });
  });

  it('a change back to the saved value is no change', () => {
    const apple = items[1]!;
    const changed = withChange(new Map(), apple, { interfaceNo: ' A-1 ' });
    const undone = withChange(changed, apple, { interfaceNo: 'A-1027' });

    expect(changed.get('1')).toEqual({ interfaceNo: 'A-1' });
    expect(undone.size).toBe(0);
  });

  it('the missing filter leaves out items with a number and items that are not relevant', () => {
    const rows = viewRows(items, {
      search: '',
      missingOnly: true,
      sort: { key: 'name', direction: 'descending' },
    });

    expect(rows.map((row) => row.name)).toEqual(['Tagessuppe', 'Kaffee']);
  });

  it('saving sends every changed item with both of its values', () => {
    const drafts = withChange(new Map(), items[0]!, { excluded: true });

    expect(changesToSave(items, drafts)).toEqual([{ id: '3', interfaceNo: null, excluded: true }]);
  });
});
