/**
 * Typed errors. Expected outcomes of the domain (a rejected item booking, JOMOsoft offline) are
 * values, not exceptions; these classes are for requests that cannot be carried out. The HTTP
 * layer maps them to answers in one place (`src/http/errors.ts`).
 */

/** One thing wrong with a request: where (`records[3].quantity`) and why. */
export interface Problem {
  path: string;
  message: string;
}

export class InputError extends Error {
  readonly problems: Problem[];

  constructor(problems: Problem[], message = describe(problems)) {
    super(message);
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** The request is well-formed but contradicts what is stored. */
export class ConflictError extends Error {
  readonly problems: Problem[];

  constructor(message: string, problems: Problem[] = []) {
    super(message);
    this.name = 'ConflictError';
    this.problems = problems;
  }
}

export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export class UnauthorizedError extends Error {
  constructor(message = 'authentication required') {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends Error {
  constructor(message = 'not allowed') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** Too many attempts in a window (failed logins); try again after `retryAfterSeconds`. */
export class TooManyRequestsError extends Error {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.name = 'TooManyRequestsError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Bad configuration: stops a start or a command with one readable line. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function describe(problems: Problem[]): string {
  const first = problems[0];
  if (!first) return 'invalid request';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return `${first.path}: ${first.message}${more}`;
}
