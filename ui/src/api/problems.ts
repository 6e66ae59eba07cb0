import type { TFunction } from 'i18next';

import { ApiError, type Problem } from './client';

/**
 * Turns the server's error answers into text in the reader's language. The server writes English
 * sentences; the ones it is known to write are recognised here and said again in the chosen
 * language, anything else is shown as the server wrote it rather than hidden.
 */

type Translator = (match: RegExpExecArray, t: TFunction) => string;

const KNOWN: Array<[RegExp, Translator]> = [
  [/^must not be empty$/, (_, t) => t('problems.empty')],
  [/^is required$/, (_, t) => t('problems.required')],
  [/^Too small: expected string to have >=1 characters?$/, (_, t) => t('problems.empty')],
  [/^must be at most (\d+) characters$/, (m, t) => t('problems.tooLong', { max: m[1] })],
  [
    /^Too big: expected string to have <=(\d+) characters?$/,
    (m, t) => t('problems.tooLong', { max: m[1] }),
  ],
  [/^must not contain control characters$/, (_, t) => t('problems.controlCharacters')],
  [/^Too small: expected number to be >=(-?\d+)$/, (m, t) => t('problems.tooSmall', { min: m[1] })],
  [/^Too big: expected number to be <=(-?\d+)$/, (m, t) => t('problems.tooBig', { max: m[1] })],
  [/^Invalid input: expected number/, (_, t) => t('problems.notANumber')],
  [/^Invalid option/, (_, t) => t('problems.invalidOption')],
  [/^"(.*)" is not a valid mail address$/, (m, t) => t('problems.notAnAddress', { address: m[1] })],
  [/^not a valid mail address$/, (_, t) => t('problems.notAnAddressShort')],
  [/^at least one mail address is needed$/, (_, t) => t('problems.noRecipients')],
  [/^Too small: expected array to have >=1 items?$/, (_, t) => t('problems.noRecipients')],
  [/^user and password are given together or not at all$/, (_, t) => t('problems.userAndPassword')],
  [/^"(.+)" repeats /, (m, t) => t('problems.repeated', { value: m[1] })],
  [/^no item "(.+)"$|^unknown item/, (_, t) => t('problems.unknownItem')],
  [/duration/i, (_, t) => t('problems.duration')],
];

export function translateProblem(message: string, t: TFunction): string {
  for (const [pattern, translate] of KNOWN) {
    const match = pattern.exec(message);
    if (match) return translate(match, t);
  }

  return message;
}

/** One sentence for an error that belongs to no single field. */
export function describeError(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiError)) return t('errors.unexpected');

  switch (error.code) {
    case 'network':
      return t('errors.network');
    case 'forbidden':
      return t('errors.forbidden');
    case 'not-found':
      return t('errors.notFound');
    case 'too-large':
      return t('errors.tooLarge');
    case 'internal':
      return t('errors.internal', { detail: error.message });
  }
  if (error.status === 401) return t('errors.sessionEnded');
  if (error.status === 429) return t('errors.rateLimited');
  if (error.status === 409) return t('errors.conflict', { detail: error.message });
  if (error.problems.length > 0) return t('errors.checkFields');

  return error.message ? translateProblem(error.message, t) : t('errors.unexpected');
}

/** `recipients[1]` and `recipients.1` are the same place. */
export function normalisePath(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

export type FieldErrors = Record<string, string>;

/**
 * Assigns each problem to the closest field the form knows: `smtp.host` to `smtp.host`,
 * `recipients.1` to `recipients`. Problems no field claims are returned as `rest`.
 */
export function fieldErrors(
  error: unknown,
  fields: readonly string[],
  t: TFunction,
): { fields: FieldErrors; rest: string[] } {
  const result: FieldErrors = {};
  const rest: string[] = [];
  if (!(error instanceof ApiError)) return { fields: result, rest };

  for (const problem of error.problems) {
    const field = closestField(normalisePath(problem.path), fields);
    const text = translateProblem(problem.message, t);
    if (field === null) rest.push(`${problem.path}: ${text}`);
    else result[field] = result[field] ? `${result[field]} ${text}` : text;
  }

  return { fields: result, rest };
}

function closestField(path: string, fields: readonly string[]): string | null {
  let candidate = path;
  while (candidate !== '') {
    if (fields.includes(candidate)) return candidate;
    const cut = candidate.lastIndexOf('.');
    candidate = cut < 0 ? '' : candidate.slice(0, cut);
  }

  return null;
}

/** The row index a bulk problem names: `items[12].interfaceNo` → 12. */
export function rowOf(problem: Problem): number | null {
  if (typeof problem.index === 'number') return problem.index;
  const match = /^[A-Za-z]+\[(\d+)\]/.exec(problem.path);

  return match ? Number(match[1]) : null;
}
