/** The admin API's answers, as docs/admin-api.md describes them. */

export type Role = 'admin' | 'viewer';

export interface SessionAnswer {
  user: { name: string; role: Role };
  csrfToken: string;
}

export type PairingCode =
  | 'ok'
  | 'pin-unknown'
  | 'pin-used'
  | 'portal-unreachable'
  | 'jomosoft-unreachable'
  | 'credentials-refused'
  | 'tls-untrusted'
  | 'unexpected-answer';

export interface ConnectionCheck {
  at: string;
  ok: boolean;
  code: PairingCode | string;
  note: string;
  tenant: string | null;
  apiVersion: string | null;
}

export interface ConnectionAnswer {
  connection: {
    apiUrl: string;
    tokenUrl: string;
    clientId: string;
    source: string;
    verified: boolean;
    check: ConnectionCheck | null;
  } | null;
  installationId: string;
  portalUrl: string;
}

export interface PairingAnswer {
  ok: boolean;
  code: PairingCode | string;
  note: string;
  tenant?: string | null;
  apiVersion?: string | null;
}

export type SmtpTls = 'none' | 'starttls' | 'implicit';
export type MailLanguage = 'de' | 'en';

export interface MailSettingsView {
  smtp: { host: string; port: number; tls: SmtpTls; user: string | null; passwordSet: boolean };
  from: string;
  recipients: string[];
  language: MailLanguage;
}

export interface MailSettingsAnswer {
  settings: MailSettingsView | null;
}

export interface MailSettingsBody {
  smtp: { host: string; port: number; tls: SmtpTls; user: string | null; password?: string | null };
  from: string;
  recipients: string[];
  language: MailLanguage;
}

export interface TestMailAnswer {
  ok: boolean;
  accepted: string[];
  rejected: string[];
  error?: string | null;
}

export interface SettingsAnswer {
  retryInterval: string;
}

export type ActivationGap =
  'connection' | 'connection-not-verified' | 'mail-settings' | 'mail-recipients';

export interface ActivationAnswer {
  active: boolean;
  missing: ActivationGap[];
}

export interface PriceLevel {
  id: string;
  name: string;
  exportAbbreviation: string | null;
}

export interface PointOfSale {
  id: string;
  name: string;
  interfaceId: string | null;
  registers: Array<{ id: string; name: string }>;
}

export interface Item {
  id: string;
  name: string;
  interfaceNo: string | null;
  vatRate: string;
  excluded: boolean;
}

export interface ReadinessAnswer {
  items: Array<{ id: string; name: string; revenue: string; quantity: string; bookings: number }>;
  priceLevels: Array<{ id: string; name: string }>;
  pointsOfSale: Array<{ id: string; name: string }>;
}

export type TransmissionStatus =
  'waiting' | 'sending' | 'retrying' | 'done' | 'skipped' | 'not-active';

export interface TransmissionCounts {
  itemBookings: number;
  transmitted: number;
  rejected: number;
  notTransmitted: number;
  leftOut: number;
}

export interface TransmissionSummary {
  id: string;
  status: TransmissionStatus;
  reason: string | null;
  closing: {
    id: string;
    number: number;
    businessDate: string;
    registerName: string | null;
    pointOfSaleName: string | null;
  };
  counts: TransmissionCounts;
  attempts: number;
  nextAttemptAt: string | null;
  waitingSince: string | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export type ItemBookingStatus =
  'pending' | 'booked' | 'duplicate' | 'rejected' | 'failed' | 'not-transmitted' | 'left-out';

export interface ItemBookingView {
  key: string;
  status: ItemBookingStatus;
  costCentre: string | null;
  priceGroup: string | null;
  article: string | null;
  vatRate: string;
  quantity: string;
  grossAmount: string;
  netAmount: string;
  pointOfSaleId: string;
  pointOfSaleName?: string | null;
  priceLevelId: string;
  priceLevelName?: string | null;
  items: Array<{ id: string; name: string; quantity: string; grossAmount: string }>;
  missing: string[] | null;
  message: string | null;
}

export interface Totals {
  quantity: string;
  grossAmount: string;
}

export interface ReconciliationView {
  pos: Totals;
  booked: Totals;
  rejected: Totals;
  notTransmitted: Totals;
  leftOut: Totals;
  pending: Totals;
  balanced: boolean;
}

export interface TransmissionAttempt {
  attempt: number;
  requestNo?: number | null;
  startedAt: string;
  finishedAt: string | null;
  outcome: string;
  httpStatus: number | null;
  error: string | null;
}

export interface TransmissionMail {
  id: string;
  kind: 'result' | 'test' | 'attention' | 'cleared' | string;
  status: 'queued' | 'sent' | 'failed' | string;
  subject: string;
  recipients: string[];
  sentAt: string | null;
  lastError: string | null;
  text: string;
}

export interface TransmissionDetail {
  id: string;
  closingId: string;
  status: TransmissionStatus;
  reason: string | null;
  attemptCount: number;
  attempts: TransmissionAttempt[];
  nextAttemptAt: string | null;
  lastError: string | null;
  waitingSince: string | null;
  createdAt: string;
  finishedAt: string | null;
  closing: {
    id: string;
    registerId: string;
    pointOfSaleId: string;
    number: number;
    businessDate: string;
    closedAt: string;
    bookings: number;
    quantity: string;
    grossAmount: string;
    registerName?: string | null;
    pointOfSaleName?: string | null;
  };
  counts: TransmissionCounts;
  itemBookings: ItemBookingView[];
  reconciliation: ReconciliationView;
  mails: TransmissionMail[];
  names?: {
    pointsOfSale?: Record<string, string>;
    priceLevels?: Record<string, string>;
    registers?: Record<string, string>;
  };
}
