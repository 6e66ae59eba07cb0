import type { z } from 'zod';

import { InputError, type Problem } from './errors.js';

/** The largest batch the POS API takes in one request. */
export const MAX_RECORDS = 10_000;

export const LIMITS = { id: 64, name: 200, interfaceNumber: 64 } as const;

/** Turns zod's issues into problems named as the API documents them: `bookings[3].quantity`. */
export function problemsOf(error: z.ZodError, root = ''): Problem[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: pathText(root, issue.path),
    message: issue.message,
  }));
}

export function pathText(root: string, path: ReadonlyArray<PropertyKey>): string {
  let text = root;
  for (const part of path) {
    text += typeof part === 'number' ? `[${part}]` : text ? `.${String(part)}` : String(part);
  }
  return text || 'body';
}

/** Parses with a zod schema or throws an InputError naming every field at fault. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input, { error: describeIssue });
  if (!result.success) throw new InputError(problemsOf(result.error));
  return result.data;
}

/**
 * Zod's own wording speaks of JavaScript ("expected string, received undefined"); a POS developer
 * reads JSON fields. Messages a schema sets itself (`.max(…, 'must be at most …')`) still win.
 */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    // JSON such as 1e400 arrives as Infinity, which zod counts as no number at all.
    if (issue.expected === 'number' && typeof issue.input === 'number') {
      return 'must be a finite number';
    }
    return `must be ${withArticle(String(issue.expected))}, not ${jsonType(issue.input)}`;
  }
  if (issue.code === 'invalid_union' && issue.input !== undefined) {
    // A union zod could not match at all (a string or null, given a number): name both types.
    const expected = issue.errors.flatMap((branch) =>
      branch.length === 1 && branch[0]!.code === 'invalid_type' ? [branch[0]!.expected] : [],
    );
    if (expected.length === issue.errors.length && expected.length > 0) {
      const types = expected.map((type) => (type === 'null' ? 'null' : withArticle(type)));
      return `must be ${types.join(' or ')}, not ${jsonType(issue.input)}`;
    }
  }
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    return `has ${issue.keys.length === 1 ? 'an unknown field' : 'unknown fields'} ${keys}`;
  }
  return undefined;
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return withArticle(typeof value);
}

/** Collects problems while a batch is checked, so one answer names all of them (up to a cap). */
export class ProblemList {
  readonly problems: Problem[] = [];

  add(path: string, message: string): void {
    if (this.problems.length < 50) this.problems.push({ path, message });
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new InputError(this.problems);
  }
}

/** Finds ids repeated inside one request; the second occurrence is the one at fault. */
export function checkUniqueIds(
  records: ReadonlyArray<{ id: string }>,
  collection: string,
  problems: ProblemList,
): void {
  const firstIndex = new Map<string, number>();
  records.forEach((record, index) => {
    const first = firstIndex.get(record.id);
    if (first === undefined) firstIndex.set(record.id, index);
    else
      problems.add(`${collection}[${index}].id`, `"${record.id}" repeats ${collection}[${first}]`);
  });
}
