/** The command line of `npm run bench`. */

export type StoreName = 'sqlite' | 'postgres';
export type FigureName = 'ingest' | 'closing' | 'backlog' | 'bulk';

export const FIGURES: FigureName[] = ['ingest', 'closing', 'backlog', 'bulk'];

export interface BenchOptions {
  stores: StoreName[];
  /** Closing sizes, in bookings. */
  sizes: number[];
  figures: FigureName[];
  quick: boolean;
  /** Bookings posted for the ingest figure. */
  ingestBookings: number;
  /** Closings made while JOMOsoft is away, for the backlog figure. */
  backlogClosings: number;
  /** Items in the bulk interface-number update. */
  bulkItems: number;
}

const USAGE = `usage: npm run bench -- [--store sqlite|postgres|both] [--sizes 10000,100000,1000000]
                        [--quick] [--only ingest|closing|backlog|bulk[,…]]`;

export function parseOptions(argv: string[]): BenchOptions {
  let store = 'both';
  let sizes: number[] | null = null;
  let only: FigureName[] = FIGURES;
  let quick = false;

  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    const [name, inline] = arg.includes('=') ? arg.split('=', 2) : [arg, undefined];
    const value = () => inline ?? argv[++index] ?? fail(`${name} needs a value`);

    if (name === '--store') store = value();
    else if (name === '--sizes') sizes = value().split(',').map(parseSize);
    else if (name === '--only') only = value().split(',').map(parseFigure);
    else if (name === '--quick') quick = true;
    else if (name === '--help' || name === '-h') fail('');
    else fail(`unknown option ${arg}`);
  }

  const stores: StoreName[] = store === 'both' ? ['sqlite', 'postgres'] : [parseStore(store)];

  return {
    stores,
    sizes: sizes ?? (quick ? [2_000, 10_000] : [10_000, 100_000, 1_000_000]),
    figures: only,
    quick,
    ingestBookings: quick ? 10_000 : 200_000,
    backlogClosings: quick ? 50 : 1_000,
    bulkItems: quick ? 2_000 : 20_000,
  };
}

function parseStore(text: string): StoreName {
  if (text === 'sqlite' || text === 'postgres') return text;
  return fail(`--store must be sqlite, postgres or both, not "${text}"`);
}

function parseFigure(text: string): FigureName {
  const figure = FIGURES.find((name) => name === text);
  return figure ?? fail(`--only takes ${FIGURES.join(', ')}, not "${text}"`);
}

function parseSize(text: string): number {
  const size = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(size) || size < 1 || size > 10_000_000) {
    fail(`--sizes takes whole numbers from 1 to 10,000,000, not "${text}"`);
  }
  return size;
}

function fail(message: string): never {
  throw new UsageError(message ? `${message}\n${USAGE}` : USAGE);
}

export class UsageError extends Error {
  override name = 'UsageError';
}
