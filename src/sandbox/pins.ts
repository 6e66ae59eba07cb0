import { randomInt } from 'node:crypto';

/** The portal's one-time PINs: six digits, valid 24 hours, good for one pairing. */

export const PIN_LIFETIME_MS = 24 * 60 * 60 * 1000;

interface PinRecord {
  expiresAt: number;
  usedBy: string | null;
}

export type Redemption = 'paired' | 'unknown' | 'used';

export class PinStore {
  readonly #pins = new Map<string, PinRecord>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  create(): string {
    let pin: string;
    do {
      pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
    } while (this.#pins.has(pin));

    this.#pins.set(pin, { expiresAt: this.#now() + PIN_LIFETIME_MS, usedBy: null });
    return pin;
  }

  /** An expired PIN is as unknown as one never issued: the portal cannot tell them apart either. */
  redeem(pin: string, installationId: string): Redemption {
    const record = this.#pins.get(pin);
    if (!record || record.expiresAt <= this.#now()) return 'unknown';
    if (record.usedBy !== null) return 'used';

    record.usedBy = installationId;
    return 'paired';
  }

  counts(): { active: number; used: number } {
    let active = 0;
    let used = 0;
    for (const record of this.#pins.values()) {
      if (record.usedBy !== null) used += 1;
      else if (record.expiresAt > this.#now()) active += 1;
    }

    return { active, used };
  }
}
