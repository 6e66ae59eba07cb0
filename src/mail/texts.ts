/**
 * Every text of every mail, in English and German, side by side.
 *
 * The English seed sentences are quoted verbatim from the onboarding text and the German ones
 * from the glossary; tests hold them to the letter. They stay whole on one line each, past the
 * line width, so that a search for the sentence finds this file. Counts arrive as numbers (for
 * the plural), dates and amounts already formatted for the language (see format.ts).
 */
import type { MailLanguage } from './format.js';

export type { MailLanguage };

/** What JOMOsoft said is unknown: shown for every 'failed' item booking, in mails, UI and API. */
export const STANDARD_ERROR_TEXT: Record<MailLanguage, string> = {
  en: 'An error occurred during the transfer to JOMOsoft. Item details are not available.',
  de: 'Bei der Übertragung an JOMOsoft ist ein Fehler aufgetreten. Details zu den Artikeln liegen nicht vor.',
};

export interface ClosingFacts {
  pointOfSale: string;
  closingNumber: number;
  businessDate: string;
}

/** The five sums of the reconciliation, each already formatted. */
export interface ReconciliationFigures {
  pos: string;
  booked: string;
  rejected: string;
  notTransmitted: string;
  leftOut: string;
}

export interface MailTexts {
  standardError: string;
  footer: string;
  labels: {
    status: string;
    errorText: string;
    item: string;
    items: string;
    pointOfSale: string;
    priceLevel: string;
    interfaceNo: string;
    quantity: string;
    amount: string;
    missing: string;
    register: string;
    closing: string;
    businessDate: string;
    closedAt: string;
  };
  result: {
    subject(closing: ClosingFacts, problems: string[]): string;
    rejectedCount(count: number): string;
    failedCount(count: number): string;
    missingCount(count: number): string;
    pointOfSale(name: string, interfaceId: string): string;
    success(transmitted: number): string;
    partial(transmitted: number): string;
    faultyHeading(count: number): string;
    faultyAdvice: string;
    status: Record<'rejected' | 'failed', string>;
    missingHeading: string;
    missingAdvice: string;
    missingWhat: Record<'item' | 'price-level', string>;
    reconciliationHeading: string;
    reconciliation(figures: ReconciliationFigures, balanced: boolean): string;
    unbalanced: string;
  };
  test: {
    subject(installationName?: string): string;
    intro(sentAt: string, installationName?: string): string;
    reports: string;
    junk: string;
  };
  attention: {
    subject(waitingClosings: number, waitingSince: string): string;
    waiting(waitingClosings: number, waitingSince: string): string;
    reason: Record<'offline' | 'credentials-refused', string>;
    waitingSinceLabel: string;
    waitingClosingsLabel: string;
    lastErrorLabel: string;
    whatToDoHeading: string;
    whatToDo: Record<'offline' | 'credentials-refused', string>;
    repeat: string;
  };
  cleared: {
    subject(closingsSent: number): string;
    working(clearedAt: string, waitingSince: string): string;
    sent(closingsSent: number): string;
  };
}

const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);

const en: MailTexts = {
  standardError: STANDARD_ERROR_TEXT.en,
  footer: 'This mail was sent automatically by the Merchandise Management Booking Interface.',
  labels: {
    status: 'Status',
    errorText: 'Error text',
    item: 'Item',
    items: 'Items',
    pointOfSale: 'Point of sale',
    priceLevel: 'Price level',
    interfaceNo: 'Interface no.',
    quantity: 'Quantity',
    amount: 'Amount',
    missing: 'Missing',
    register: 'Register',
    closing: 'Closing',
    businessDate: 'Business date',
    closedAt: 'Closed at',
  },
  result: {
    subject: (c, problems) => {
      const closing = `JOMOsoft: ${c.pointOfSale}, closing ${c.closingNumber} of ${c.businessDate}`;
      return problems.length === 0
        ? `${closing} transmitted without errors`
        : `${closing}: ${problems.join(', ')}`;
    },
    rejectedCount: (n) => `${n} ${plural(n, 'item booking', 'item bookings')} rejected`,
    failedCount: (n) => `${n} ${plural(n, 'item booking', 'item bookings')} failed`,
    missingCount: (n) => `${n} not transmitted (missing interface number)`,
    pointOfSale: (name, id) => `${name} (Interface ID ${id})`,
    success: (x) =>
      `The transmission to JOMOsoft has taken place without errors. ${x} item bookings have been transmitted.`,
    partial: (x) =>
      `Not everything could be transmitted to JOMOsoft. ${x} item bookings have been transmitted.`,
    faultyHeading: (n) => `Faulty item bookings (${n})`,
    faultyAdvice:
      'A retransmission of faulty item bookings is not possible. After the cause has been ' +
      'corrected in JOMOsoft, only the subsequent bookings are transmitted again; book the item ' +
      'bookings listed here by hand in JOMOsoft if needed.',
    status: { rejected: 'Rejected', failed: 'Failed' },
    missingHeading: 'Not transmitted: missing interface number',
    missingAdvice:
      'These bookings could not be transmitted because an interface number is missing. Enter it ' +
      '(items: field "interface no." or table editing; price levels: field "abbreviation for ' +
      'export") so that later closings are transmitted completely. The bookings listed here are ' +
      'not transmitted later.',
    missingWhat: {
      item: 'interface no. (item)',
      'price-level': 'abbreviation for export (price level)',
    },
    reconciliationHeading: 'Reconciliation',
    reconciliation: (f, balanced) =>
      `POS total ${f.pos} ${balanced ? '=' : '≠'} booked ${f.booked} + ` +
      `rejected ${f.rejected} + not transmitted ${f.notTransmitted} + left out ${f.leftOut}`,
    unbalanced: 'The totals do not add up. Please report this closing to your IT administrator.',
  },
  test: {
    subject: (name) => `JOMOsoft: test mail${name ? ` from ${name}` : ''}`,
    intro: (sentAt, name) =>
      `This is a test mail of the JOMOsoft connection${name ? ` of ${name}` : ''}, ` +
      `sent at ${sentAt}.`,
    reports: 'After every transmission to JOMOsoft, a report is sent to this address.',
    junk:
      'If this mail landed in your junk folder, please mark the sender as trusted so that the ' +
      'reports arrive in your inbox.',
  },
  attention: {
    subject: (n, since) =>
      `JOMOsoft connection needs attention: ${n} ${plural(n, 'closing', 'closings')} ` +
      `waiting since ${since}`,
    waiting: (n, since) =>
      `The transmission to JOMOsoft has been waiting since ${since}. ${n} ` +
      `${plural(n, 'closing is', 'closings are')} waiting to be transmitted.`,
    reason: {
      offline:
        'JOMOsoft cannot be reached: the internet connection of this server or JOMOsoft itself ' +
        'is down.',
      'credentials-refused': 'JOMOsoft refuses the credentials of the connection.',
    },
    waitingSinceLabel: 'Waiting since',
    waitingClosingsLabel: 'Waiting closings',
    lastErrorLabel: 'Last error',
    whatToDoHeading: 'What to do',
    whatToDo: {
      offline:
        'Check the internet connection of this server. Nothing is lost: the service tries again ' +
        'every few minutes and transmits the waiting closings in order as soon as JOMOsoft can ' +
        'be reached.',
      'credentials-refused':
        'Retrieve the JOMOsoft connection from the portal again (Interfaces → Merchandise ' +
        'Management Booking Interface → Retrieve from portal), or have the access checked in ' +
        'JOMOsoft. The waiting closings are transmitted in order as soon as the credentials are ' +
        'accepted.',
    },
    repeat: 'Until the transmission works again, this mail is repeated at most once a day.',
  },
  cleared: {
    subject: (n) =>
      `JOMOsoft connection works again: ${n} waiting ` +
      `${plural(n, 'closing', 'closings')} transmitted`,
    working: (clearedAt, since) =>
      `The transmission to JOMOsoft has been working again since ${clearedAt}. It had been ` +
      `waiting since ${since}.`,
    sent: (n) =>
      `${n} ${plural(n, 'closing', 'closings')} that had been waiting ` +
      `${plural(n, 'has', 'have')} been transmitted; a separate mail reports the result of each.`,
  },
};

const de: MailTexts = {
  standardError: STANDARD_ERROR_TEXT.de,
  footer: 'Diese Mail wurde automatisch von der Warenwirtschafts-Buchungsschnittstelle gesendet.',
  labels: {
    status: 'Status',
    errorText: 'Fehlertext',
    item: 'Artikel',
    items: 'Artikel',
    pointOfSale: 'Verkaufsstelle',
    priceLevel: 'Preisebene',
    interfaceNo: 'Schnittstellen-Nr.',
    quantity: 'Menge',
    amount: 'Betrag',
    missing: 'Fehlt',
    register: 'Kasse',
    closing: 'Kassenabschluss',
    businessDate: 'Geschäftstag',
    closedAt: 'Abgeschlossen am',
  },
  result: {
    subject: (c, problems) => {
      const closing =
        `JOMOsoft: ${c.pointOfSale}, ` + `Kassenabschluss ${c.closingNumber} vom ${c.businessDate}`;
      return problems.length === 0
        ? `${closing} fehlerfrei übertragen`
        : `${closing}: ${problems.join(', ')}`;
    },
    rejectedCount: (n) => `${n} ${plural(n, 'Artikelbuchung', 'Artikelbuchungen')} abgelehnt`,
    failedCount: (n) => `${n} ${plural(n, 'Artikelbuchung', 'Artikelbuchungen')} fehlgeschlagen`,
    missingCount: (n) => `${n} nicht übertragen (Schnittstellennummer fehlt)`,
    pointOfSale: (name, id) => `${name} (Schnittstellen-ID ${id})`,
    success: (x) =>
      `Die Übertragung an JOMOsoft ist fehlerfrei erfolgt. Es wurden ${x} Artikelbuchungen übertragen.`,
    partial: (x) =>
      'Nicht alles konnte an JOMOsoft übertragen werden. ' +
      `Es wurden ${x} Artikelbuchungen übertragen.`,
    faultyHeading: (n) => `Fehlerhafte Artikelbuchungen (${n})`,
    faultyAdvice:
      'Fehlerhafte Artikelbuchungen können nicht erneut übertragen werden. Nach der ' +
      'Korrektur in JOMOsoft werden nur die nachfolgenden Buchungen wieder übertragen; ' +
      'buchen Sie die hier aufgeführten Artikelbuchungen bei Bedarf in JOMOsoft von Hand nach.',
    status: { rejected: 'Abgelehnt', failed: 'Fehlgeschlagen' },
    missingHeading: 'Nicht übertragen: Schnittstellennummer fehlt',
    missingAdvice:
      'Diese Buchungen konnten nicht übertragen werden, weil eine Schnittstellennummer ' +
      'fehlt. Tragen Sie sie nach (Artikel: Feld „Schnittstellen-Nr.“ oder ' +
      'Tabellenbearbeitung; Preisebenen: Feld „Kürzel für Export“), damit spätere ' +
      'Kassenabschlüsse vollständig übertragen werden. Die hier aufgeführten Buchungen ' +
      'werden nicht nachträglich übertragen.',
    missingWhat: {
      item: 'Schnittstellen-Nr. (Artikel)',
      'price-level': 'Kürzel für Export (Preisebene)',
    },
    reconciliationHeading: 'Abstimmung',
    reconciliation: (f, balanced) =>
      `Kassensumme ${f.pos} ${balanced ? '=' : '≠'} gebucht ${f.booked} + ` +
      `abgelehnt ${f.rejected} + nicht übertragen ${f.notTransmitted} + ` +
      `nicht warenwirtschaftsrelevant ${f.leftOut}`,
    unbalanced:
      'Die Summen gehen nicht auf. ' +
      'Bitte melden Sie diesen Kassenabschluss Ihrer IT-Administration.',
  },
  test: {
    subject: (name) => `JOMOsoft: Testmail${name ? ` von ${name}` : ''}`,
    intro: (sentAt, name) =>
      `Dies ist eine Testmail der JOMOsoft-Anbindung${name ? ` von ${name}` : ''}, ` +
      `gesendet am ${sentAt}.`,
    reports: 'Nach jeder Übertragung an JOMOsoft wird ein Bericht an diese Adresse gesendet.',
    junk:
      'Falls diese Mail im Junk-E-Mail-Ordner gelandet ist, markieren Sie den Absender bitte als ' +
      'vertrauenswürdig, damit die Berichte in Ihrem Posteingang ankommen.',
  },
  attention: {
    subject: (n, since) =>
      `JOMOsoft-Anbindung braucht Aufmerksamkeit: ${n} ` +
      `${plural(n, 'Kassenabschluss wartet', 'Kassenabschlüsse warten')} seit ${since}`,
    waiting: (n, since) =>
      `Die Übertragung an JOMOsoft wartet seit ${since}. ${n} ` +
      `${plural(n, 'Kassenabschluss wartet', 'Kassenabschlüsse warten')} auf die Übertragung.`,
    reason: {
      offline:
        'JOMOsoft ist nicht erreichbar: Die Internetverbindung dieses Servers oder ' +
        'JOMOsoft selbst ist gestört.',
      'credentials-refused': 'JOMOsoft lehnt die Zugangsdaten der Anbindung ab.',
    },
    waitingSinceLabel: 'Wartet seit',
    waitingClosingsLabel: 'Wartende Kassenabschlüsse',
    lastErrorLabel: 'Letzter Fehler',
    whatToDoHeading: 'Was zu tun ist',
    whatToDo: {
      offline:
        'Prüfen Sie die Internetverbindung dieses Servers. Es geht nichts verloren: ' +
        'Der Dienst versucht es alle paar Minuten erneut und überträgt die wartenden ' +
        'Kassenabschlüsse der Reihe nach, sobald JOMOsoft erreichbar ist.',
      'credentials-refused':
        'Rufen Sie die JOMOsoft-Anbindung erneut vom Portal ab (Schnittstellen → ' +
        'Warenwirtschafts-Buchungsschnittstelle → Vom Portal abrufen) oder lassen Sie ' +
        'den Zugang in JOMOsoft prüfen. Die wartenden Kassenabschlüsse werden der Reihe ' +
        'nach übertragen, sobald die Zugangsdaten angenommen werden.',
    },
    repeat:
      'Bis die Übertragung wieder funktioniert, ' +
      'wird diese Mail höchstens einmal täglich wiederholt.',
  },
  cleared: {
    subject: (n) =>
      `JOMOsoft-Anbindung funktioniert wieder: ${n} ` +
      `${plural(n, 'wartender Kassenabschluss', 'wartende Kassenabschlüsse')} übertragen`,
    working: (clearedAt, since) =>
      `Die Übertragung an JOMOsoft funktioniert seit ${clearedAt} wieder. ` +
      `Sie hatte seit ${since} gewartet.`,
    sent: (n) =>
      `${n} ${plural(n, 'wartender Kassenabschluss wurde', 'wartende Kassenabschlüsse wurden')} ` +
      'übertragen; das Ergebnis jedes Kassenabschlusses steht in einer eigenen Mail.',
  },
};

export const MAIL_TEXTS: Record<MailLanguage, MailTexts> = { en, de };
