import type { z } from 'zod';

import { InputError, type Problem } from './errors.js';

/** The largest batch the POS API takes in one request. */
export const MAX_RECORDS = 10_000;

export const LIMITS = { id: 64, name: 200, interfaceNumber: 64 } as const;

/** Turns zod's issues into problems named the way the API documents them: `bookings[3].quantity`. */
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
  const result = schema.safeParse(input);
  if (!result.success) throw new InputError(problemsOf(result.error));
  return result.data;
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
