import { readFile } from 'node:fs/promises';
import { z } from 'zod';

import { ConfigError } from '../shared/errors.js';

/**
 * What the sandbox's JOMOsoft tenant knows: cost centres, price groups and articles. An item
 * booking naming anything else is rejected with JOMOsoft's German text. The demo builds its POS
 * master data from the same catalogue, so interface numbers match.
 */

export interface CatalogueEntry {
  id: string;
  name: string;
}

export interface CatalogueArticle extends CatalogueEntry {
  /** The usual VAT rate, a decimal string in percent as on the wire ("7", "19"). */
  vatRate: string;
  /** A typical guest price, a decimal string ("9.80"); for simulators, not checked by JOMOsoft. */
  price?: string;
  /** A blocked article exists but takes no bookings ("Artikel … ist gesperrt"). */
  blocked?: boolean;
}

export interface Catalogue {
  tenant: CatalogueEntry;
  costCentres: CatalogueEntry[];
  priceGroups: CatalogueEntry[];
  articles: CatalogueArticle[];
}

const food = (id: string, name: string, price: string): CatalogueArticle => ({
  id,
  name,
  vatRate: '7',
  price,
});
const drink = (id: string, name: string, price: string): CatalogueArticle => ({
  id,
  name,
  vatRate: '19',
  price,
});

/** A clinic's catering: cafeteria, kiosk and ward kitchen, guests, staff and patients. */
export const BUILT_IN_CATALOGUE: Catalogue = {
  tenant: { id: 'T-4711', name: 'Klinikum Sonnenberg – Küche' },
  costCentres: [
    { id: 'KST-100', name: 'Cafeteria' },
    { id: 'KST-200', name: 'Kiosk' },
    { id: 'KST-300', name: 'Stationsküche' },
  ],
  priceGroups: [
    { id: 'GAST', name: 'Gäste' },
    { id: 'MA', name: 'Mitarbeitende' },
    { id: 'PAT', name: 'Patienten' },
  ],
  articles: [
    food('A-1001', 'Schnitzel Wiener Art mit Pommes frites', '9.80'),
    food('A-1002', 'Gemüselasagne', '7.90'),
    food('A-1003', 'Hähnchenbrust mit Reis und Currysauce', '8.90'),
    food('A-1004', 'Spaghetti Bolognese', '7.50'),
    food('A-1005', 'Käsespätzle mit Röstzwiebeln', '7.20'),
    food('A-1006', 'Seelachsfilet mit Kartoffelsalat', '9.20'),
    food('A-1007', 'Rinderroulade mit Rotkohl und Klößen', '10.90'),
    food('A-1008', 'Linseneintopf mit Würstchen', '5.90'),
    food('A-1009', 'Kartoffelsuppe', '3.90'),
    food('A-1010', 'Tagessuppe', '3.50'),
    food('A-1011', 'Gemüsecurry mit Basmatireis', '7.40'),
    food('A-1012', 'Putengeschnetzeltes mit Nudeln', '8.40'),
    food('A-1013', 'Schweinebraten mit Knödel', '9.50'),
    food('A-1014', 'Ofenkartoffel mit Kräuterquark', '6.20'),
    food('A-1015', 'Milchreis mit Zimt und Zucker', '4.80'),
    food('A-1016', 'Pfannkuchen mit Apfelmus', '5.60'),
    food('A-1017', 'Salatteller groß', '6.90'),
    food('A-1018', 'Salatteller klein', '3.90'),
    food('A-1019', 'Beilagensalat', '2.20'),
    food('A-1020', 'Pommes frites', '2.80'),
    food('A-1021', 'Bratkartoffeln', '2.80'),
    food('A-1022', 'Gemüsebeilage', '2.40'),
    food('A-1023', 'Dessert des Tages', '2.50'),
    food('A-1024', 'Obstsalat', '2.90'),
    food('A-1025', 'Joghurt natur', '1.20'),
    food('A-1026', 'Pudding Vanille', '1.60'),
    food('A-1027', 'Apfelkuchen', '2.60'),
    food('A-1028', 'Käsekuchen', '2.80'),
    food('A-1029', 'Butterbrezel', '1.90'),
    food('A-1030', 'Laugenstange', '1.20'),
    food('A-1031', 'Käsebrötchen', '2.70'),
    food('A-1032', 'Schinkenbrötchen', '2.90'),
    food('A-1033', 'Vollkornbrötchen mit Frischkäse', '2.60'),
    food('A-1034', 'Croissant', '1.50'),
    food('A-1035', 'Müsli mit Joghurt', '3.40'),
    food('A-1036', 'Frühstücksteller', '5.90'),
    food('A-1037', 'Rührei mit Brot', '4.20'),
    food('A-1038', 'Banane', '0.70'),
    food('A-1039', 'Apfel', '0.60'),
    food('A-1040', 'Schokoriegel', '1.40'),
    food('A-1041', 'Müsliriegel', '1.30'),
    food('A-1042', 'Gummibärchen', '1.50'),
    food('A-1043', 'Patientenmenü Vollkost', '6.50'),
    food('A-1044', 'Patientenmenü leichte Vollkost', '6.50'),
    food('A-1045', 'Patientenmenü vegetarisch', '6.50'),
    food('A-1046', 'Abendbrot Patienten', '3.80'),
    drink('A-1047', 'Kaffee', '1.80'),
    drink('A-1048', 'Cappuccino', '2.60'),
    drink('A-1049', 'Latte macchiato', '2.90'),
    drink('A-1050', 'Espresso', '1.60'),
    drink('A-1051', 'Tee', '1.50'),
    drink('A-1052', 'Heiße Schokolade', '2.40'),
    drink('A-1053', 'Mineralwasser 0,5 l', '1.60'),
    drink('A-1054', 'Mineralwasser still 0,5 l', '1.60'),
    drink('A-1055', 'Apfelschorle 0,5 l', '2.20'),
    drink('A-1056', 'Orangensaft 0,2 l', '2.10'),
    drink('A-1057', 'Cola 0,33 l', '2.30'),
    drink('A-1058', 'Eistee Pfirsich 0,5 l', '2.20'),
    drink('A-1059', 'Spezi 0,5 l', '2.30'),
    { ...drink('A-1060', 'Smoothie Mango (ausgelistet)', '3.20'), blocked: true },
  ],
};

const id = z.string().trim().min(1, 'must not be empty');
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string such as "7"');

const entrySchema = z.strictObject({ id, name: z.string().min(1, 'must not be empty') });

const articleSchema = z.strictObject({
  id,
  name: z.string().min(1, 'must not be empty'),
  vatRate: decimal,
  price: decimal.optional(),
  blocked: z.boolean().optional(),
});

const catalogueSchema = z.strictObject({
  tenant: entrySchema.default(BUILT_IN_CATALOGUE.tenant),
  costCentres: z.array(entrySchema).min(1, 'needs at least one cost centre'),
  priceGroups: z.array(entrySchema).min(1, 'needs at least one price group'),
  articles: z.array(articleSchema).min(1, 'needs at least one article'),
});

/** Reads and checks a catalogue file; the error names the file, the field and what is wrong. */
export async function loadCatalogue(path: string): Promise<Catalogue> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`catalogue ${path} cannot be read: ${reason}`);
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`catalogue ${path} is not valid JSON: ${reason}`);
  }

  return parseCatalogue(json, path);
}

export function parseCatalogue(json: unknown, source = 'catalogue'): Catalogue {
  const parsed = catalogueSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? formatPath(issue.path) : '';
    throw new ConfigError(`catalogue ${source}: ${where ? `${where}: ` : ''}${issue?.message}`);
  }

  assertUniqueIds(parsed.data, source);
  return parsed.data;
}

function assertUniqueIds(catalogue: Catalogue, source: string): void {
  for (const field of ['costCentres', 'priceGroups', 'articles'] as const) {
    const seen = new Set<string>();
    catalogue[field].forEach((entry, index) => {
      if (seen.has(entry.id)) {
        throw new ConfigError(`catalogue ${source}: ${field}[${index}].id: "${entry.id}" twice`);
      }
      seen.add(entry.id);
    });
  }
}

/** `articles[3].vatRate`, the way a reader of the JSON file would point at it. */
function formatPath(path: PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index ? '.' : ''}${String(part)}`,
    )
    .join('');
}
