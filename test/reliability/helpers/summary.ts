/**
 * The suite's summary table: each test names its scenario, counts its trials and says what held,
 * on its task's meta; the reporter below prints one row per test when the run ends, failed ones
 * included, so CI's log ends with what was tried and what held.
 */
export interface SummaryRow {
  scenario: string;
  trials: number;
  /** Short sentences, one per property checked after every trial. */
  held: string[];
}

declare module 'vitest' {
  interface TaskMeta {
    reliability?: SummaryRow;
  }
}

export function scenario(task: { meta: { reliability?: SummaryRow } }, name: string): SummaryRow {
  const row: SummaryRow = { scenario: name, trials: 0, held: [] };
  task.meta.reliability = row;
  return row;
}
