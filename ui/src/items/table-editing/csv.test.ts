import { describe, expect, it } from 'vitest';

import { itemsToCsv, parseCsv, readItemsCsv } from './csv';

const headings = {
  id: 'Artikel-Nr.',
  name: 'Name',
  vatRate: 'MwSt.-Satz',
  interfaceNo: 'Schnittstellen-Nr.',
  excluded: 'nicht warenwirtschaftsrelevant',
  yes: 'ja',
  no: 'nein',
};

describe('items as CSV', () => {
  it('is written for Excel: BOM, semicolons, CRLF, quotes where needed, no formulas', () => {
    const csv = itemsToCsv(
      [
        { id: '1', name: 'Brot; "hell"', vatRate: '7', interfaceNo: '=A1', excluded: false },
        { id: '2', name: 'Pfand', vatRate: '19', interfaceNo: null, excluded: true },
      ],
      headings,
    );

    expect(csv.startsWith('\uFEFFArtikel-Nr.;Name;')).toBe(true);
    expect(csv).toContain('\r\n1;"Brot; ""hell""";7;"\t=A1";nein\r\n');
    expect(csv).toContain('\r\n2;Pfand;19;;ja\r\n');
  });

  it('reads back what it wrote', () => {
    const items = [
      { id: '1', name: 'Käsespätzle', vatRate: '7', interfaceNo: 'A-1005', excluded: false },
      { id: '2', name: 'Pfand', vatRate: '19', interfaceNo: null, excluded: true },
    ];
    const read = readItemsCsv(itemsToCsv(items, headings), new Set(['1', '2']));

    expect([...read.changes]).toEqual([
      ['1', { interfaceNo: 'A-1005', excluded: false }],
      ['2', { interfaceNo: null, excluded: true }],
    ]);
  });

  it('takes a hand-made two-column file and names the unknown item numbers', () => {
    const read = readItemsCsv('1,A-1\n99,A-2\n,\n', new Set(['1']));

    expect([...read.changes]).toEqual([['1', { interfaceNo: 'A-1' }]]);
    expect(read.unknownIds).toEqual(['99']);
  });

  it('keeps line breaks and separators inside quotes', () => {
    expect(parseCsv('a;"b\nc;d"\r\ne;f')).toEqual([
      ['a', 'b\nc;d'],
      ['e', 'f'],
    ]);
  });
});
