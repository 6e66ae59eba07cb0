import { randomBytes } from 'node:crypto';

import type { Faults } from './faults.js';

/** Bearer tokens issued by the sandbox's token endpoint, as opaque random strings. */

export const TOKEN_LIFETIME_S = 3600;

interface TokenRecord {
  expiresAt: number;
  uses: number;
  revoked: boolean;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

export class TokenStore {
  readonly #tokens = new Map<string, TokenRecord>();
  readonly #now: () => number;
  #requests = 0;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  issue(): IssuedToken {
    const accessToken = randomBytes(32).toString('base64url');
    const expiresAt = this.#now() + TOKEN_LIFETIME_S * 1000;
    this.#tokens.set(accessToken, { expiresAt, uses: 0, revoked: false });

    return { accessToken, expiresIn: TOKEN_LIFETIME_S };
  }

  /** Counts every call of the token endpoint, answered or refused, for the caching tests. */
  countRequest(): void {
    this.#requests += 1;
  }

  requests(): number {
    return this.#requests;
  }

  /** Whether an API request with this bearer token is let through, given the faults. */
  accept(token: string | null, faults: Faults): boolean {
    const record = token === null ? undefined : this.#tokens.get(token);
    if (!record || record.revoked || record.expiresAt <= this.#now()) return false;
    if (faults.rejectTokens) return false;

    // With expireTokens a token lasts one request; once refused it stays expired, as in life.
    if (faults.expireTokens && record.uses > 0) {
      record.revoked = true;
      return false;
    }

    record.uses += 1;
    return true;
  }
}
