// Shapes shared by every way data comes in (REST API, file import, CLI): DATA_CONTRACT.md, normalised.

export const ENTITY_KINDS = ['customers', 'events', 'transactions', 'tickets'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** One problem with one input record: `line` is the 1-based physical line (files) or the array index (API). */
export type RowError = { line: number; field: string; reason: string };

/** A record as it arrives, before validation: CSV gives strings, JSON gives any JSON values. */
export type RawRecord = Record<string, unknown>;

export type NormalizedCustomer = {
  customerId: string;
  name?: string;
  email?: string;
  phone?: string;
  signupAt?: Date;
  churnedAt?: Date;
  churned?: boolean;
  segment?: string;
  region?: string;
  city?: string;
  channel?: string;
  gender?: string;
  plan?: string;
  lifecycleStage?: string;
  birthYear?: number;
  tags: string[];
  /** Every other column: numbers stay numbers (numeric features), everything else is a string. */
  attributes: Record<string, number | string>;
};

export type NormalizedEvent = {
  customerId: string;
  occurredAt: Date;
  type: string;
  value?: number;
  eventId?: string;
  properties?: Record<string, unknown>;
};

export type NormalizedTransaction = {
  customerId: string;
  occurredAt: Date;
  amount: number;
  transactionId?: string;
  currency?: string;
  status: 'paid' | 'refunded' | 'failed';
  quantity?: number;
  paymentMethod?: string;
  properties?: Record<string, unknown>;
};

export type NormalizedTicket = {
  customerId: string;
  ticketId?: string;
  openedAt: Date;
  resolvedAt?: Date;
  category?: string;
  satisfaction?: number;
  properties?: Record<string, unknown>;
};

export type NormalizedRecord<K extends EntityKind> = K extends 'customers'
  ? NormalizedCustomer
  : K extends 'events'
    ? NormalizedEvent
    : K extends 'transactions'
      ? NormalizedTransaction
      : NormalizedTicket;

/** Options that shape how raw records are read; shared by the CLI flags, the upload form and the API. */
export type ReadOptions = {
  /** source column → contract field, e.g. { customerID: 'customer_id', Churn: 'churned' }. */
  map?: Record<string, string>;
  /** A single character, 'tab', or 'whitespace' (runs of spaces/tabs, as in CDNOW). Default ','. */
  delimiter?: string;
  /** A pattern such as 'yyyyMMdd' or 'dd/MM/yyyy HH:mm' for date fields; ISO 8601 is always accepted. */
  dateFormat?: string;
};

export type ValidationResult<K extends EntityKind> =
  { ok: true; record: NormalizedRecord<K> } | { ok: false; errors: { field: string; reason: string }[] };
