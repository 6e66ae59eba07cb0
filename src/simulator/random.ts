/**
 * A small seeded PRNG (mulberry32): the same seed gives the same day of bookings on every
 * machine, so a simulator run can be repeated exactly. Not for anything secret.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform integer in [0, 2^32). */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform integer in [0, bound). */
  below(bound: number): number {
    return bound <= 1 ? 0 : this.nextUint32() % bound;
  }

  /** True with a probability of `perMillion` in a million. */
  chance(perMillion: number): boolean {
    return this.below(1_000_000) < perMillion;
  }
}

/** Picks entries as often as their integer weights say, in O(log n) a pick. */
export class WeightedTable<T> {
  private readonly values: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: ReadonlyArray<{ weight: number; value: T }>) {
    const used = entries.filter((entry) => entry.weight > 0);
    if (used.length === 0) throw new RangeError('a weighted table needs a positive weight');

    let sum = 0;
    this.values = used.map((entry) => entry.value);
    this.cumulative = used.map((entry) => (sum += entry.weight));
    this.total = sum;
  }

  pick(random: Random): T {
    const ticket = random.below(this.total);
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle]! > ticket) high = middle;
      else low = middle + 1;
    }
    return this.values[low]!;
  }
}
