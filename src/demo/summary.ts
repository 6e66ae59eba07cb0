import type { TransmissionView } from '../transmission/read-model.js';
import type { DemoCheck } from './demo.js';
import type { CaughtMail } from './mail-catcher.js';

/** The demo's printing: each caught mail as it arrives, and the closing summary. */

export interface DemoTransmission {
  view: TransmissionView;
  pointOfSale: string;
  failedAttempts: number;
  mail: CaughtMail | null;
}

type Print = (line: string) => void;

const MAIL_LINES = 30;

export function printMail(print: Print, mail: CaughtMail): void {
  print('');
  print(`   ✉ mail #${mail.number} to ${mail.to.join(', ')}: ${mail.subject}`);
  const lines = mail.text.trimEnd().split('\n');
  for (const line of lines.slice(0, MAIL_LINES)) print(`   │ ${line}`);
  if (lines.length > MAIL_LINES) print(`   │ … ${lines.length - MAIL_LINES} more lines`);
}

export function printSummary(
  print: Print,
  transmissions: DemoTransmission[],
  mails: CaughtMail[],
  checks: DemoCheck[],
): void {
  print('');
  print('Summary');
  print('');
  print('Transmissions');
  for (const transmission of transmissions) printTransmission(print, transmission);

  print('');
  print('Mails in the catcher');
  for (const mail of mails) print(`  #${mail.number} ${mail.subject}  → ${mail.to.join(', ')}`);

  print('');
  const failed = checks.filter((check) => !check.ok);
  print(
    failed.length === 0
      ? `Every step went as described (${checks.length} checks).`
      : `${failed.length} of ${checks.length} checks FAILED: ` +
          failed.map((check) => check.name).join('; '),
  );
}

function printTransmission(print: Print, { view, pointOfSale, failedAttempts }: DemoTransmission) {
  const { closing, counts, reconciliation: r } = view;
  const retries = failedAttempts > 0 ? ` after ${failedAttempts} failed attempt(s)` : '';
  print(
    `  ${pointOfSale}, closing ${closing.number} of ${closing.businessDate}: ` +
      `${view.status}${retries}`,
  );
  print(
    `    ${counts.transmitted} item bookings transmitted, ${counts.rejected} rejected, ` +
      `${counts.notTransmitted} not transmitted (missing interface number), ` +
      `${counts.leftOut} left out (not relevant)`,
  );
  for (const line of view.itemBookings.filter((item) => item.status === 'rejected')) {
    const items = line.items.map((item) => item.name).join(', ');
    print(`    rejected: ${line.article} ${line.priceGroup} (${items}): ${line.message}`);
  }
  print(
    `    reconciliation: POS ${r.pos.grossAmount} = booked ${r.booked.grossAmount} + ` +
      `rejected ${r.rejected.grossAmount} + not transmitted ${r.notTransmitted.grossAmount} + ` +
      `left out ${r.leftOut.grossAmount} ${r.balanced ? '✓' : '✗ (does not balance)'}`,
  );
}
