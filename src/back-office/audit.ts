import { userInfo } from 'node:os';

import { sql } from 'kysely';

import type { Executor } from '../db/database.js';

/**
 * The audit log: who changed which interface number or setting when, from what to what. Entries
 * are written in the same transaction as the change, so a change without its entry cannot exist.
 * Secrets are never written here; a changed secret is recorded as "(changed)".
 */

export interface AuditChange {
  action: string;
  /** What was changed: `item:<id>`, `price-level:<id>`, `point-of-sale:<id>`, `setting`, … */
  subject: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

export interface AuditEntry extends AuditChange {
  at: string;
  user: string;
}

export const SECRET_CHANGED = '(changed)';

/** Four values a row: 1,000 rows keep a statement well below every parameter limit. */
const CHUNK = 1_000;

/** The actor of a command-line change: the system user who ran it. */
export function commandLineActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

export async function recordChanges(
  db: Executor,
  user: string,
  changes: AuditChange[],
  now: Date,
): Promise<void> {
  // Time, user and action are the same for a whole save: they are written once a statement,
  // not once a row, which keeps a bulk save of 20,000 rows fast.
  for (const [action, group] of byAction(changes)) {
    for (let start = 0; start < group.length; start += CHUNK) {
      const values = group
        .slice(start, start + CHUNK)
        .map(
          (change) =>
            sql`(${change.subject}, ${change.field}, ${change.oldValue}, ${change.newValue})`,
        );
      await sql`
        insert into audit_log (at, user_name, action, subject, field, old_value, new_value)
        select cast(${now.toISOString()} as text), cast(${user} as text), cast(${action} as text),
               v.column1, v.column2, v.column3, v.column4
        from (values ${sql.join(values)}) as v
      `.execute(db);
    }
  }
}

function byAction(changes: AuditChange[]): Map<string, AuditChange[]> {
  const groups = new Map<string, AuditChange[]>();
  for (const change of changes) {
    const group = groups.get(change.action);
    if (group) group.push(change);
    else groups.set(change.action, [change]);
  }

  return groups;
}

/** The newest entries first. */
export async function latestEntries(db: Executor, limit: number): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();

  return rows.map((row) => ({
    at: row.at,
    user: row.user_name,
    action: row.action,
    subject: row.subject,
    field: row.field,
    oldValue: row.old_value,
    newValue: row.new_value,
  }));
}

/** One change per field whose value differs; unchanged fields leave no entry. */
export function changesOf(
  action: string,
  subject: string,
  before: Record<string, string | null>,
  after: Record<string, string | null>,
): AuditChange[] {
  return Object.keys(after)
    .filter((field) => (before[field] ?? null) !== after[field])
    .map((field) => ({
      action,
      subject,
      field,
      oldValue: before[field] ?? null,
      newValue: after[field] ?? null,
    }));
}
