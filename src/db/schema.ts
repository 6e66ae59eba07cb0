import type { Generated, Selectable } from 'kysely';

/**
 * The tables as TypeScript sees them. Conventions, the same on SQLite and PostgreSQL:
 * - amounts are integer cents, quantities integer thousandths, VAT rates hundredths of a percent;
 * - times are ISO 8601 strings in UTC (`2026-12-03T21:04:11.000Z`), which sort as they compare;
 *   times received from the POS keep the text it sent;
 * - flags are integers 0/1, JSON values are text.
 */
export interface Tables {
  price_levels: PriceLevelRow;
  points_of_sale: PointOfSaleRow;
  registers: RegisterRow;
  items: ItemRow;
  bookings: BookingRow;
  closings: ClosingRow;
  api_tokens: ApiTokenRow;
  settings: SettingRow;
  transmissions: TransmissionRow;
  item_bookings: ItemBookingRow;
  transmission_attempts: TransmissionAttemptRow;
  mails: MailRow;
  users: UserRow;
  sessions: SessionRow;
  login_failures: LoginFailureRow;
  audit_log: AuditLogRow;
}

export interface PriceLevelRow {
  id: string;
  name: string;
  export_abbreviation: string | null;
  updated_at: string;
}

export interface PointOfSaleRow {
  id: string;
  name: string;
  interface_id: string | null;
  updated_at: string;
}

export interface RegisterRow {
  id: string;
  name: string;
  point_of_sale_id: string;
  updated_at: string;
}

export interface ItemRow {
  id: string;
  name: string;
  interface_no: string | null;
  vat_rate: number;
  excluded: number;
  updated_at: string;
}

export interface BookingRow {
  seq: Generated<number>;
  id: string;
  register_id: string;
  item_id: string;
  price_level_id: string;
  quantity: number;
  gross_amount: number;
  vat_rate: number;
  booked_at: string;
  closing_id: string | null;
}

export interface ClosingRow {
  seq: Generated<number>;
  id: string;
  register_id: string;
  point_of_sale_id: string;
  number: number;
  business_date: string;
  closed_at: string;
  bookings: number;
  quantity: number;
  gross_amount: number;
  created_at: string;
}

export interface ApiTokenRow {
  id: Generated<number>;
  name: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface SettingRow {
  key: string;
  value: string;
  updated_at: string;
}

export type TransmissionStatus =
  'waiting' | 'sending' | 'retrying' | 'done' | 'skipped' | 'not-active';

export interface TransmissionRow {
  seq: Generated<number>;
  id: string;
  closing_id: string;
  status: TransmissionStatus;
  /** Why it is skipped or not active, for a person. */
  reason: string | null;
  attempts: number;
  next_attempt_at: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  /** Since when it has been failing, for the attention mails; null while it is not failing. */
  waiting_since: string | null;
  /** Whether `item_bookings` holds the grouped lines; they are grouped once and then frozen. */
  grouped: number;
  item_bookings: number;
  transmitted: number;
  rejected: number;
  created_at: string;
  finished_at: string | null;
}

export type ItemBookingStatus =
  'pending' | 'booked' | 'duplicate' | 'rejected' | 'failed' | 'not-transmitted' | 'left-out';

export interface ItemBookingRow {
  transmission_id: string;
  position: number;
  key: string;
  status: ItemBookingStatus;
  cost_centre: string | null;
  price_group: string | null;
  article: string | null;
  vat_rate: number;
  quantity: number;
  gross_amount: number;
  net_amount: number;
  point_of_sale_id: string;
  price_level_id: string;
  /** JSON: the POS items behind this line, `[{id, name, quantity, grossAmount, bookings}]`. */
  items: string;
  /** JSON: which interface numbers are missing, `["item", "price-level"]`; null when sendable. */
  missing: string | null;
  message: string | null;
  request_no: number | null;
}

export interface TransmissionAttemptRow {
  id: Generated<number>;
  transmission_id: string;
  attempt: number;
  request_no: number | null;
  started_at: string;
  finished_at: string | null;
  outcome: string;
  http_status: number | null;
  error: string | null;
}

export type MailKind = 'result' | 'test' | 'attention' | 'cleared';
export type MailStatus = 'queued' | 'sent' | 'failed';

export interface MailRow {
  seq: Generated<number>;
  id: string;
  kind: MailKind;
  transmission_id: string | null;
  message_id: string;
  language: string;
  subject: string;
  text: string;
  html: string;
  /** JSON array of addresses. */
  recipients: string;
  status: MailStatus;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  /** JSON array of addresses the SMTP server refused. */
  refused_recipients: string | null;
  created_at: string;
  sent_at: string | null;
}

export type UserRole = 'admin' | 'viewer';

export interface UserRow {
  id: Generated<number>;
  /** Lower case; the login compares it that way. */
  name: string;
  role: UserRole;
  /** `scrypt:N:r:p:salt:hash`, so the cost can be raised later without breaking stored ones. */
  password_hash: string;
  created_at: string;
}

export interface SessionRow {
  /** SHA-256 of the session id in the cookie; the id itself is never stored. */
  id_hash: string;
  user_id: number;
  address: string;
  created_at: string;
  expires_at: string;
}

export interface LoginFailureRow {
  id: Generated<number>;
  user_name: string;
  address: string;
  at: string;
}

export interface AuditLogRow {
  id: Generated<number>;
  at: string;
  /** A back-office user, or `cli:<system user>` for a command. */
  user_name: string;
  action: string;
  subject: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
}

/** Rows as they come back from a query. */
export type Transmission = Selectable<TransmissionRow>;
export type Closing = Selectable<ClosingRow>;
export type Mail = Selectable<MailRow>;
