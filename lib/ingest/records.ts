// Validation and normalisation of one input record per DATA_CONTRACT.md. This is the hand-written fast path that
// imports run on millions of rows; record-schemas.ts holds the same rules as zod schemas (the documented contract,
// used for OpenAPI), and a unit test runs both over one corpus to prove they agree.
import { hash as digest } from 'node:crypto';
import type {
  EntityKind,
  NormalizedCustomer,
  NormalizedEvent,
  NormalizedRecord,
  NormalizedTicket,
  NormalizedTransaction,
  RawRecord,
  ValidationResult,
} from './types';
import {
  isAbsent,
  readBoolean,
  readCurrency,
  readDate,
  readEmail,
  readId,
  readInteger,
  readJsonObject,
  readNonNegative,
  readNumber,
  readStatus,
  readTags,
  readText,
  setOwn,
  type FieldError,
} from './field-readers';
import { CONTRACT_FIELD_SETS, buildAttributes, buildProperties } from './extra-columns';

export {
  ZCustomerRecord,
  ZEventRecord,
  ZTicketRecord,
  ZTransactionRecord,
  buildRecordSchemas,
  validateRecordWithSchema,
  type TCustomerRecord,
  type TEventRecord,
  type TTicketRecord,
  type TTransactionRecord,
} from './record-schemas';
export { CONTRACT_FIELDS } from './extra-columns';
export { applyColumnMap, checkColumnMap, renameColumns } from './column-map';
export type { FieldError } from './field-readers';

export type ValidateOptions = { dateFormat?: string };

/** Sets an optional key only when it has a value, so normalised records carry no `undefined` keys. */
function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function birthYearOf(raw: RawRecord, errors: FieldError[]): number | undefined {
  if (isAbsent(raw.birth_year)) return undefined;
  return readInteger(raw.birth_year, 'birth_year', errors, 1900, new Date().getUTCFullYear());
}

function validateCustomer(raw: RawRecord, fmt: string | undefined): ValidationResult<'customers'> {
  const errors: FieldError[] = [];
  const customerId = readId(raw.customer_id, 'customer_id', errors, true);
  const name = readText(raw.name, 'name', errors);
  const email = readEmail(raw.email, 'email', errors);
  const phone = readText(raw.phone, 'phone', errors);
  const signupAt = readDate(raw.signup_at, 'signup_at', errors, false, fmt);
  const churnedAt = readDate(raw.churned_at, 'churned_at', errors, false, fmt);
  const churned = readBoolean(raw.churned, 'churned', errors);
  const segment = readText(raw.segment, 'segment', errors);
  const region = readText(raw.region, 'region', errors);
  const city = readText(raw.city, 'city', errors);
  const channel = readText(raw.channel, 'channel', errors);
  const gender = readText(raw.gender, 'gender', errors);
  const plan = readText(raw.plan, 'plan', errors);
  const lifecycleStage = readText(raw.lifecycle_stage, 'lifecycle_stage', errors);
  const birthYear = birthYearOf(raw, errors);
  const tags = readTags(raw.tags, 'tags', errors);
  if (signupAt && churnedAt && churnedAt.getTime() < signupAt.getTime()) {
    errors.push({ field: 'churned_at', reason: 'is before signup_at' });
  }
  const attributes = buildAttributes(raw, CONTRACT_FIELD_SETS.customers, errors);
  if (errors.length > 0 || customerId === undefined) return { ok: false, errors };
  const record: NormalizedCustomer = { customerId, tags, attributes };
  put(record, 'name', name);
  put(record, 'email', email);
  put(record, 'phone', phone);
  put(record, 'signupAt', signupAt);
  put(record, 'churnedAt', churnedAt);
  put(record, 'churned', churned);
  put(record, 'segment', segment);
  put(record, 'region', region);
  put(record, 'city', city);
  put(record, 'channel', channel);
  put(record, 'gender', gender);
  put(record, 'plan', plan);
  put(record, 'lifecycleStage', lifecycleStage);
  put(record, 'birthYear', birthYear);
  return { ok: true, record };
}

function validateEvent(raw: RawRecord, fmt: string | undefined): ValidationResult<'events'> {
  const errors: FieldError[] = [];
  const customerId = readId(raw.customer_id, 'customer_id', errors, true);
  const occurredAt = readDate(raw.occurred_at, 'occurred_at', errors, true, fmt);
  const type = readText(raw.type, 'type', errors, true);
  const value = readNumber(raw.value, 'value', errors);
  const eventId = readId(raw.event_id, 'event_id', errors);
  const base = readJsonObject(raw.properties, 'properties', errors);
  const properties = buildProperties(base, raw, CONTRACT_FIELD_SETS.events, errors);
  if (errors.length > 0 || customerId === undefined || occurredAt === undefined || type === undefined) {
    return { ok: false, errors };
  }
  const record: NormalizedEvent = { customerId, occurredAt, type };
  put(record, 'value', value);
  put(record, 'eventId', eventId);
  put(record, 'properties', properties);
  return { ok: true, record };
}

function validateTransaction(raw: RawRecord, fmt: string | undefined): ValidationResult<'transactions'> {
  const errors: FieldError[] = [];
  const customerId = readId(raw.customer_id, 'customer_id', errors, true);
  const occurredAt = readDate(raw.occurred_at, 'occurred_at', errors, true, fmt);
  const amount = readNumber(raw.amount, 'amount', errors, true);
  const transactionId = readId(raw.transaction_id, 'transaction_id', errors);
  const currency = readCurrency(raw.currency, 'currency', errors);
  const status = readStatus(raw.status, 'status', errors);
  const quantity = readNonNegative(raw.quantity, 'quantity', errors);
  const paymentMethod = readText(raw.payment_method, 'payment_method', errors);
  const base = readJsonObject(raw.properties, 'properties', errors);
  const properties = buildProperties(base, raw, CONTRACT_FIELD_SETS.transactions, errors);
  if (errors.length > 0 || customerId === undefined || occurredAt === undefined || amount === undefined) {
    return { ok: false, errors };
  }
  const record: NormalizedTransaction = { customerId, occurredAt, amount, status: status ?? 'paid' };
  put(record, 'transactionId', transactionId);
  put(record, 'currency', currency);
  put(record, 'quantity', quantity);
  put(record, 'paymentMethod', paymentMethod);
  put(record, 'properties', properties);
  return { ok: true, record };
}

function validateTicket(raw: RawRecord, fmt: string | undefined): ValidationResult<'tickets'> {
  const errors: FieldError[] = [];
  const customerId = readId(raw.customer_id, 'customer_id', errors, true);
  const ticketId = readId(raw.ticket_id, 'ticket_id', errors);
  const openedAt = readDate(raw.opened_at, 'opened_at', errors, true, fmt);
  const resolvedAt = readDate(raw.resolved_at, 'resolved_at', errors, false, fmt);
  const category = readText(raw.category, 'category', errors);
  const satisfaction = readInteger(raw.satisfaction, 'satisfaction', errors, 1, 5);
  const base = readJsonObject(raw.properties, 'properties', errors);
  if (openedAt && resolvedAt && resolvedAt.getTime() < openedAt.getTime()) {
    errors.push({ field: 'resolved_at', reason: 'is before opened_at' });
  }
  const properties = buildProperties(base, raw, CONTRACT_FIELD_SETS.tickets, errors);
  if (errors.length > 0 || customerId === undefined || openedAt === undefined) return { ok: false, errors };
  const record: NormalizedTicket = { customerId, openedAt };
  put(record, 'ticketId', ticketId);
  put(record, 'resolvedAt', resolvedAt);
  put(record, 'category', category);
  put(record, 'satisfaction', satisfaction);
  put(record, 'properties', properties);
  return { ok: true, record };
}

/**
 * Validates one raw record (CSV strings or JSON values, keys already mapped to contract names) and returns the
 * normalised record, or every problem found as `{ field, reason }`. Throws only for an invalid `dateFormat`.
 */
export function validateRecord<K extends EntityKind>(
  kind: K,
  raw: RawRecord,
  opts: ValidateOptions = {},
): ValidationResult<K> {
  const fmt = opts.dateFormat;
  switch (kind) {
    case 'customers':
      return validateCustomer(raw, fmt) as ValidationResult<K>;
    case 'events':
      return validateEvent(raw, fmt) as ValidationResult<K>;
    case 'transactions':
      return validateTransaction(raw, fmt) as ValidationResult<K>;
    case 'tickets':
      return validateTicket(raw, fmt) as ValidationResult<K>;
    default:
      throw new Error(`Unknown entity kind: ${String(kind)}`);
  }
}

/** A copy with object keys sorted at every level, so equal content always serialises (and hashes) equally. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null || v instanceof Date) return v;
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) setOwn(out, k, sortKeys(o[k]));
  return out;
}

/**
 * The fields that identify a record without its own id. Events are immutable, so all of their content counts.
 * For transactions and tickets the mutable parts (status; resolution, satisfaction, properties) are left out,
 * so a re-export after a refund or a resolution updates the row instead of adding a second one.
 */
function identityOf(kind: EntityKind, record: NormalizedRecord<EntityKind>): unknown[] {
  if (kind === 'events') {
    const r = record as NormalizedEvent;
    return [kind, r.customerId, r.occurredAt, r.type, r.value, sortKeys(r.properties)];
  }
  if (kind === 'transactions') {
    const r = record as NormalizedTransaction;
    return [
      kind,
      r.customerId,
      r.occurredAt,
      r.amount,
      r.currency,
      r.quantity,
      r.paymentMethod,
      sortKeys(r.properties),
    ];
  }
  const r = record as NormalizedTicket;
  return [kind, r.customerId, r.openedAt, r.category];
}

/** The record's own idempotency key (customer_id, event_id, transaction_id, ticket_id), if it has one. */
function ownIdOf(kind: EntityKind, r: NormalizedRecord<EntityKind>): string | undefined {
  if (kind === 'customers') return (r as NormalizedCustomer).customerId;
  if (kind === 'events') return (r as NormalizedEvent).eventId;
  if (kind === 'transactions') return (r as NormalizedTransaction).transactionId;
  return (r as NormalizedTicket).ticketId;
}

function contentHash(kind: EntityKind, r: NormalizedRecord<EntityKind>): string {
  return `~${digest('sha1', JSON.stringify(identityOf(kind, r)), 'hex')}`;
}

/**
 * The key a record is stored under at most once: its own id (customer_id, event_id, transaction_id, ticket_id)
 * when given, else `~` + sha1 of its identifying content. `occurrence` (1-based) tells apart identical rows that
 * genuinely repeat in one file (255 rows of CDNOW repeat an earlier one), giving `~<sha1>.2`, `~<sha1>.3`, …
 */
export function idempotencyKey<K extends EntityKind>(kind: K, record: NormalizedRecord<K>, occurrence = 1): string {
  const r = record as NormalizedRecord<EntityKind>;
  const own = ownIdOf(kind, r);
  if (own !== undefined) return own;
  const hash = contentHash(kind, r);
  return occurrence > 1 ? `${hash}.${occurrence}` : hash;
}

/**
 * idempotencyKey with occurrence counting for one import: the n-th identical id-less record of a file gets the
 * same key every time the file is imported. Holds one map entry per distinct id-less record (~100 bytes each).
 */
export function createIdempotencyKeyer(): <K extends EntityKind>(kind: K, record: NormalizedRecord<K>) => string {
  const seen = new Map<string, number>();
  return (kind, record) => {
    const r = record as NormalizedRecord<EntityKind>;
    const own = ownIdOf(kind, r);
    if (own !== undefined) return own;
    const hash = contentHash(kind, r);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return n > 1 ? `${hash}.${n}` : hash;
  };
}
