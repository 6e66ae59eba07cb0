import type { Catalogue } from './catalogue.js';
import type { Faults } from './faults.js';
import {
  checkSalesBookings,
  type ApiAnswer,
  type SalesBookingsRequest,
  type WireBooking,
} from './request-shape.js';

/**
 * What the sandbox's JOMOsoft has booked. It keeps JOMOsoft's two promises the bridge relies on:
 * a key is booked at most once (`duplicate` after that), and a repeated Idempotency-Key gets the
 * stored answer of the first request without anything being booked again.
 */

export interface SandboxBooking extends WireBooking {
  closingId: string;
  closingNumber: number;
  businessDate: string;
  idempotencyKey: string;
  bookedAt: string;
}

type ResultStatus = 'booked' | 'duplicate' | 'rejected';

interface Result {
  key: string;
  status: ResultStatus;
  message?: string;
}

/** What a request did, for the sandbox's log line. */
export interface Receipt {
  answer: ApiAnswer;
  replayed: boolean;
  counts: Record<ResultStatus, number>;
}

interface StoredAnswer {
  fingerprint: string;
  answer: ApiAnswer;
}

export class Ledger {
  readonly #catalogue: CatalogueIndex;
  readonly #now: () => Date;
  readonly #booked = new Map<string, SandboxBooking>();
  readonly #inOrder: SandboxBooking[] = [];
  readonly #answers = new Map<string, StoredAnswer>();
  #requests = 0;

  constructor(catalogue: Catalogue, now: () => Date = () => new Date()) {
    this.#catalogue = indexCatalogue(catalogue);
    this.#now = now;
  }

  countRequest(): void {
    this.#requests += 1;
  }

  requests(): number {
    return this.#requests;
  }

  count(): number {
    return this.#inOrder.length;
  }

  bookings(): SandboxBooking[] {
    return this.#inOrder.map((booking) => ({ ...booking }));
  }

  receive(body: unknown, idempotencyKey: string | undefined, faults: Faults): Receipt {
    if (!idempotencyKey)
      return receipt({ status: 400, body: { error: 'Header Idempotency-Key fehlt' } });

    const checked = checkSalesBookings(body);
    if (!checked.ok) return receipt(checked.answer);

    const fingerprint = JSON.stringify(body);
    const stored = this.#answers.get(idempotencyKey);
    if (stored) return replay(stored, fingerprint, idempotencyKey);

    if (faults.unprocessable !== 'off') {
      return receipt(unprocessable(checked.request, faults.unprocessable === 'with-details'));
    }

    const results = this.#book(checked.request, idempotencyKey, faults.incompleteAnswer);
    const answer: ApiAnswer = { status: 200, body: { results } };
    this.#answers.set(idempotencyKey, { fingerprint, answer });

    return { answer, replayed: false, counts: tally(results) };
  }

  #book(request: SalesBookingsRequest, idempotencyKey: string, incomplete: boolean): Result[] {
    // An incomplete answer is JOMOsoft skipping the last item booking: not booked, not answered.
    const handled = incomplete ? request.bookings.slice(0, -1) : request.bookings;

    return handled.map((booking) => {
      if (this.#booked.has(booking.key)) return { key: booking.key, status: 'duplicate' };

      const problem = this.#catalogue.problem(booking);
      if (problem) return { key: booking.key, status: 'rejected', message: problem };

      this.#record(request, booking, idempotencyKey);
      return { key: booking.key, status: 'booked' };
    });
  }

  #record(request: SalesBookingsRequest, booking: WireBooking, idempotencyKey: string): void {
    const entry: SandboxBooking = {
      key: booking.key,
      closingId: request.closing.id,
      closingNumber: request.closing.number,
      businessDate: request.closing.businessDate,
      costCentre: booking.costCentre,
      priceGroup: booking.priceGroup,
      article: booking.article,
      quantity: booking.quantity,
      grossAmount: booking.grossAmount,
      netAmount: booking.netAmount,
      vatRate: booking.vatRate,
      currency: booking.currency,
      idempotencyKey,
      bookedAt: this.#now().toISOString(),
    };

    this.#booked.set(entry.key, entry);
    this.#inOrder.push(entry);
  }
}

function replay(stored: StoredAnswer, fingerprint: string, idempotencyKey: string): Receipt {
  if (stored.fingerprint !== fingerprint) {
    const reused = 'wurde bereits für eine andere Anfrage verwendet';
    const error = `Idempotency-Key ${idempotencyKey} ${reused}`;
    return receipt({ status: 422, body: { error } });
  }

  const answer = { ...stored.answer, headers: { 'idempotent-replayed': 'true' } };
  return { answer, replayed: true, counts: { booked: 0, duplicate: 0, rejected: 0 } };
}

/** The 422 fault: the bookings of the first cost centre get a reason, the rest none. */
function unprocessable(request: SalesBookingsRequest, withDetails: boolean): ApiAnswer {
  const error = 'Die Anfrage konnte nicht verarbeitet werden';
  if (!withDetails) return { status: 422, body: { error } };

  const { businessDate } = request.closing;
  const costCentre = request.bookings[0]?.costCentre;
  const details = request.bookings
    .filter((booking) => booking.costCentre === costCentre)
    .map((booking) => ({
      key: booking.key,
      message:
        `Buchungszeitraum für Kostenstelle ${costCentre} ` +
        `ist für den ${businessDate} bereits abgeschlossen`,
    }));

  return { status: 422, body: { error, details } };
}

interface CatalogueIndex {
  problem(booking: WireBooking): string | null;
}

/** JOMOsoft's checks in its order: cost centre, price group, article. The first problem wins. */
function indexCatalogue(catalogue: Catalogue): CatalogueIndex {
  const costCentres = new Set(catalogue.costCentres.map((entry) => entry.id));
  const priceGroups = new Set(catalogue.priceGroups.map((entry) => entry.id));
  const articles = new Map(catalogue.articles.map((article) => [article.id, article]));

  return {
    problem(booking) {
      if (!costCentres.has(booking.costCentre)) {
        return `Kostenstelle ${booking.costCentre} ist nicht angelegt`;
      }
      if (!priceGroups.has(booking.priceGroup)) {
        return `Preisgruppe ${booking.priceGroup} ist nicht angelegt`;
      }

      const article = articles.get(booking.article);
      if (!article) return `Artikel ${booking.article} ist nicht angelegt`;
      if (article.blocked) return `Artikel ${booking.article} (${article.name}) ist gesperrt`;
      if (booking.currency !== 'EUR') return `Währung ${booking.currency} wird nicht unterstützt`;

      return null;
    },
  };
}

function receipt(answer: ApiAnswer): Receipt {
  return { answer, replayed: false, counts: { booked: 0, duplicate: 0, rejected: 0 } };
}

function tally(results: Result[]): Record<ResultStatus, number> {
  const counts = { booked: 0, duplicate: 0, rejected: 0 };
  for (const result of results) counts[result.status] += 1;
  return counts;
}
