import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { JomosoftClient } from '../../src/jomosoft/client.js';
import { BUILT_IN_CATALOGUE, loadCatalogue, startSandbox } from '../../src/sandbox/index.js';
import { parseVatRate } from '../../src/shared/decimal.js';
import { aClosing, anIdempotencyKey, anItemBooking } from '../jomosoft/fixtures.js';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'wawi-catalogue-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function catalogueFile(content: unknown): Promise<string> {
  const path = join(directory, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const small = {
  tenant: { id: 'T-1', name: 'Mensa am Campus' },
  costCentres: [{ id: 'M-1', name: 'Mensa' }],
  priceGroups: [{ id: 'STUD', name: 'Studierende' }],
  articles: [{ id: 'X-1', name: 'Eintopf', vatRate: '7' }],
};

describe('the built-in catalogue', () => {
  it('is a clinic: cafeteria, kiosk and ward kitchen for guests, staff and patients', () => {
    expect(BUILT_IN_CATALOGUE.costCentres.map((entry) => entry.id)).toEqual([
      'KST-100',
      'KST-200',
      'KST-300',
    ]);
    expect(BUILT_IN_CATALOGUE.priceGroups.map((entry) => entry.id)).toEqual(['GAST', 'MA', 'PAT']);
  });

  it('has about sixty articles with different numbers and decimal VAT rates', () => {
    const { articles } = BUILT_IN_CATALOGUE;

    expect(articles.length).toBeGreaterThanOrEqual(55);
    expect(new Set(articles.map((article) => article.id)).size).toBe(articles.length);
    expect(articles.every((article) => parseVatRate(article.vatRate).ok)).toBe(true);
    expect(articles.map((article) => article.name)).toContain('Apfelschorle 0,5 l');
  });
});

describe('a catalogue from a file', () => {
  it('is loaded and used by the sandbox', async () => {
    const catalogue = await loadCatalogue(await catalogueFile(small));
    const sandbox = await startSandbox({ catalogue });
    const client = new JomosoftClient(sandbox.jomosoft);
    const closing = aClosing();

    try {
      const outcome = await client.sendBookings(
        closing,
        [
          anItemBooking(closing, { costCentre: 'M-1', priceGroup: 'STUD', article: 'X-1' }),
          anItemBooking(closing, { costCentre: 'M-1', priceGroup: 'STUD', article: 'A-1001' }),
        ],
        anIdempotencyKey(),
      );
      const status = await client.checkStatus();

      expect(outcome).toMatchObject({
        results: [
          { status: 'booked' },
          { status: 'rejected', message: 'Artikel A-1001 ist nicht angelegt' },
        ],
      });
      expect(status).toMatchObject({ tenant: { name: 'Mensa am Campus' } });
    } finally {
      await client.close();
      await sandbox.close();
    }
  });

  it('names the field that is wrong', async () => {
    const path = await catalogueFile({
      ...small,
      articles: [...small.articles, { id: 'X-2', name: 'Tee', vatRate: 19 }],
    });

    await expect(loadCatalogue(path)).rejects.toThrow(`catalogue ${path}: articles[1].vatRate: `);
  });

  it('names a number given twice', async () => {
    const path = await catalogueFile({
      ...small,
      costCentres: [small.costCentres[0], small.costCentres[0]],
    });

    await expect(loadCatalogue(path)).rejects.toThrow('costCentres[1].id: "M-1" twice');
  });

  it('names a field it does not know', async () => {
    const path = await catalogueFile({ ...small, colour: 'blue' });

    await expect(loadCatalogue(path)).rejects.toThrow(/colour/);
  });

  it('says when the file is not JSON', async () => {
    const path = await catalogueFile('{ articles: ');

    await expect(loadCatalogue(path)).rejects.toThrow(`catalogue ${path} is not valid JSON`);
  });

  it('says when the file cannot be read', async () => {
    const path = join(directory, 'missing.json');

    await expect(loadCatalogue(path)).rejects.toThrow(`catalogue ${path} cannot be read`);
  });
});
