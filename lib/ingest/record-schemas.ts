// The import contract (DATA_CONTRACT.md) as zod schemas: snake_case fields with descriptions, accepting CSV strings
// and JSON values alike, so the REST API, the upload form and the OpenAPI document share one definition.
// Each field delegates to the same reader as the fast path in records.ts; `z.toJSONSchema(schema, { io: 'input' })`
// documents what clients may send.
import { z } from 'zod';
import type { EntityKind, RawRecord, ValidationResult } from './types';
import {
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
  type FieldError,
  type TransactionStatus,
} from './field-readers';
import { CONTRACT_FIELD_SETS, buildAttributes, buildProperties } from './extra-columns';

type Reader<T> = (v: unknown, field: string, errors: FieldError[]) => T | undefined;
type Inputs = readonly [z.core.SomeType, ...z.core.SomeType[]];
type ErrorParam = { error: (issue: { input?: unknown }) => string };
/** Builds a field's accepted JSON types; every option reports through the same error function as the union. */
type InputsOf = (e: ErrorParam) => Inputs;

const TEXT_IN: InputsOf = (e) => [z.string(e), z.number(e), z.null(e)];
const ID_IN: InputsOf = (e) => [z.string(e), z.int(e), z.null(e)];
const NUMBER_IN: InputsOf = (e) => [z.number(e), z.string(e), z.null(e)];
const INT_IN: InputsOf = (e) => [z.int(e), z.string(e), z.null(e)];
const DATE_IN: InputsOf = (e) => [z.string(e), z.null(e)];
const BOOL_IN: InputsOf = (e) => [z.boolean(e), z.string(e), z.number(e), z.null(e)];
const TAGS_IN: InputsOf = (e) => [z.string(e), z.array(z.string(e), e), z.null(e)];
const OBJECT_IN: InputsOf = (e) => [z.record(z.string(e), z.unknown(), e), z.string(e), z.null(e)];

/** One contract field: the accepted JSON types (for documentation) plus the shared reader (for the rules). */
function contractField<T>(
  name: string,
  inputsOf: InputsOf,
  read: Reader<T>,
  description: string,
  required = false,
): z.ZodType<T | undefined> {
  // When the input type itself is wrong, the reader still writes the reason, so both paths word it identically.
  const error: ErrorParam = {
    error: (issue) => {
      const errors: FieldError[] = [];
      read(issue.input, name, errors);
      return errors[0]?.reason ?? 'is not valid';
    },
  };
  const union = z.union(inputsOf(error), error);
  const input: z.ZodType = required ? union : union.optional();
  return input
    .transform((v, ctx) => {
      const errors: FieldError[] = [];
      const out = read(v, name, errors);
      for (const e of errors) ctx.issues.push({ code: 'custom', message: e.reason, input: v });
      return errors.length > 0 ? z.NEVER : out;
    })
    .describe(description);
}

const dateDoc = (what: string) =>
  `${what}: ISO 8601 date (UTC midnight) or date-time; no offset means UTC. Years 1900–2100.`;
const textDoc = (what: string) => `${what}. Trimmed; at most 1,000 characters; no control characters.`;
const ID_DOC = 'At most 200 characters, no control characters; whole numbers are accepted and stored as text.';
const PROPERTIES_DOC =
  'JSON object (in CSV, a JSON string). Columns outside the contract are merged in; at most 65,536 characters as JSON.';

/** A date field whose outcome depends on the import's date pattern. */
function dateField(name: string, fmt: string | undefined, what: string, required = false) {
  return contractField(name, DATE_IN, (v, f, e) => readDate(v, f, e, required, fmt), dateDoc(what), required);
}

const isDate = (v: unknown): v is Date => v instanceof Date;
const asObject = (v: unknown) =>
  typeof v === 'object' && v !== null && v !== z.NEVER ? (v as Record<string, unknown>) : undefined;

/** `{ a: string | undefined }` → `{ a?: string }`, so the inferred contract types read like the contract. */
type Compact<T> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & { [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined> } extends infer O
  ? { [K in keyof O]: O[K] }
  : never;

/** Drops undefined values so outputs match the fast path's (which never sets absent keys). */
function defined<T extends Record<string, unknown>>(o: T): Compact<T> {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o as unknown as Compact<T>;
}

function addIssues(ctx: z.core.$RefinementCtx, errors: FieldError[]): void {
  for (const e of errors) ctx.addIssue({ code: 'custom', path: [e.field], message: e.reason });
}

// Refinements run even when a field failed, so a record's problems are all reported at once, as the fast path does.
const ALWAYS = { when: () => true };

function buildCustomerSchema(fmt: string | undefined) {
  const text = (name: string, what: string) => contractField(name, TEXT_IN, readText, textDoc(what));
  return z
    .looseObject({
      customer_id: contractField(
        'customer_id',
        ID_IN,
        (v, f, e) => readId(v, f, e, true),
        `The customer's id in the source system, unique per workspace (upsert key). ${ID_DOC}`,
        true,
      ),
      name: text('name', 'Full name (personal data: encrypted at rest)'),
      email: contractField('email', TEXT_IN, readEmail, 'Email address (personal data); lower-cased.'),
      phone: text('phone', 'Phone number (personal data)'),
      signup_at: dateField('signup_at', fmt, 'Start of the relationship'),
      churned_at: dateField(
        'churned_at',
        fmt,
        'When the customer left (contractual churn); empty = still a customer; not before signup_at',
      ),
      churned: contractField(
        'churned',
        BOOL_IN,
        readBoolean,
        'Snapshot churn label for data without dates: true/false, yes/no or 1/0 (any case).',
      ),
      segment: text('segment', 'Segment'),
      region: text('region', 'Region'),
      city: text('city', 'City'),
      channel: text('channel', 'Acquisition channel'),
      gender: text('gender', 'Gender'),
      plan: text('plan', 'Plan or product'),
      lifecycle_stage: text('lifecycle_stage', 'Lifecycle stage'),
      birth_year: contractField(
        'birth_year',
        INT_IN,
        (v, f, e) => readInteger(v, f, e, 1900, new Date().getUTCFullYear()),
        'Year of birth, 1900 to the current year.',
      ),
      tags: contractField(
        'tags',
        TAGS_IN,
        readTags,
        'Labels: a ;-separated string ("vip;price-sensitive") or a list; trimmed, de-duplicated, at most 50 of at most 100 characters.',
      ),
    })
    .describe(
      'A customer. Any other key is a custom attribute: numbers become numeric features, text categorical ones.',
    )
    .superRefine((o, ctx) => {
      const errors: FieldError[] = [];
      if (isDate(o.signup_at) && isDate(o.churned_at) && o.churned_at.getTime() < o.signup_at.getTime()) {
        errors.push({ field: 'churned_at', reason: 'is before signup_at' });
      }
      buildAttributes(o, CONTRACT_FIELD_SETS.customers, errors);
      addIssues(ctx, errors);
    }, ALWAYS)
    .transform((o) =>
      defined({
        customer_id: o.customer_id as string,
        name: o.name,
        email: o.email,
        phone: o.phone,
        signup_at: o.signup_at,
        churned_at: o.churned_at,
        churned: o.churned,
        segment: o.segment,
        region: o.region,
        city: o.city,
        channel: o.channel,
        gender: o.gender,
        plan: o.plan,
        lifecycle_stage: o.lifecycle_stage,
        birth_year: o.birth_year,
        tags: o.tags ?? [],
        attributes: buildAttributes(o, CONTRACT_FIELD_SETS.customers, []),
      }),
    );
}

function propertiesField() {
  return contractField('properties', OBJECT_IN, readJsonObject, PROPERTIES_DOC);
}

function refineProperties(kind: EntityKind) {
  return (o: Record<string, unknown>, errors: FieldError[]) =>
    buildProperties(asObject(o.properties), o, CONTRACT_FIELD_SETS[kind], errors);
}

/** The required customer_id of an event, transaction or ticket: the customer it belongs to. */
function ownerIdField() {
  return contractField('customer_id', ID_IN, (v, f, e) => readId(v, f, e, true), `The customer's id. ${ID_DOC}`, true);
}

function buildEventSchema(fmt: string | undefined) {
  const props = refineProperties('events');
  return z
    .looseObject({
      customer_id: ownerIdField(),
      occurred_at: dateField('occurred_at', fmt, 'When it happened', true),
      type: contractField(
        'type',
        TEXT_IN,
        (v, f, e) => readText(v, f, e, true),
        textDoc('Event type, free vocabulary: login, page_view, session, feature_use, cancel, …'),
        true,
      ),
      value: contractField('value', NUMBER_IN, readNumber, 'A finite number, e.g. session seconds.'),
      event_id: contractField(
        'event_id',
        ID_IN,
        readId,
        `Idempotency key: a repeated event_id is stored once. ${ID_DOC}`,
      ),
      properties: propertiesField(),
    })
    .describe('A behavioural event. Any other key is added to properties.')
    .superRefine((o, ctx) => {
      const errors: FieldError[] = [];
      props(o, errors);
      addIssues(ctx, errors);
    }, ALWAYS)
    .transform((o) =>
      defined({
        customer_id: o.customer_id as string,
        occurred_at: o.occurred_at as Date,
        type: o.type as string,
        value: o.value,
        event_id: o.event_id,
        properties: props(o, []),
      }),
    );
}

function buildTransactionSchema(fmt: string | undefined) {
  const props = refineProperties('transactions');
  return z
    .looseObject({
      customer_id: ownerIdField(),
      occurred_at: dateField('occurred_at', fmt, 'When it happened', true),
      amount: contractField(
        'amount',
        NUMBER_IN,
        (v, f, e) => readNumber(v, f, e, true),
        'A finite number; negative = refund.',
        true,
      ),
      transaction_id: contractField('transaction_id', ID_IN, readId, `Idempotency key. ${ID_DOC}`),
      currency: contractField(
        'currency',
        TEXT_IN,
        readCurrency,
        'ISO 4217 code (upper-cased); default from the workspace.',
      ),
      status: contractField('status', TEXT_IN, readStatus, 'paid | refunded | failed (default paid).'),
      quantity: contractField('quantity', NUMBER_IN, readNonNegative, 'A finite number, not negative.'),
      payment_method: contractField('payment_method', TEXT_IN, readText, textDoc('Payment method')),
      properties: propertiesField(),
    })
    .describe('A transaction. Any other key is added to properties.')
    .superRefine((o, ctx) => {
      const errors: FieldError[] = [];
      props(o, errors);
      addIssues(ctx, errors);
    }, ALWAYS)
    .transform((o) =>
      defined({
        customer_id: o.customer_id as string,
        occurred_at: o.occurred_at as Date,
        amount: o.amount as number,
        transaction_id: o.transaction_id,
        currency: o.currency,
        status: (o.status ?? 'paid') as TransactionStatus,
        quantity: o.quantity,
        payment_method: o.payment_method,
        properties: props(o, []),
      }),
    );
}

function buildTicketSchema(fmt: string | undefined) {
  const props = refineProperties('tickets');
  return z
    .looseObject({
      customer_id: ownerIdField(),
      ticket_id: contractField('ticket_id', ID_IN, readId, `Idempotency key. ${ID_DOC}`),
      opened_at: dateField('opened_at', fmt, 'When the ticket was opened', true),
      resolved_at: dateField('resolved_at', fmt, 'When it was resolved; empty = unresolved; not before opened_at'),
      category: contractField('category', TEXT_IN, readText, textDoc('complaint, inquiry, billing, …')),
      satisfaction: contractField('satisfaction', INT_IN, (v, f, e) => readInteger(v, f, e, 1, 5), 'Whole number 1–5.'),
      properties: propertiesField(),
    })
    .describe('A service ticket. Any other key is added to properties.')
    .superRefine((o, ctx) => {
      const errors: FieldError[] = [];
      if (isDate(o.opened_at) && isDate(o.resolved_at) && o.resolved_at.getTime() < o.opened_at.getTime()) {
        errors.push({ field: 'resolved_at', reason: 'is before opened_at' });
      }
      props(o, errors);
      addIssues(ctx, errors);
    }, ALWAYS)
    .transform((o) =>
      defined({
        customer_id: o.customer_id as string,
        ticket_id: o.ticket_id,
        opened_at: o.opened_at as Date,
        resolved_at: o.resolved_at,
        category: o.category,
        satisfaction: o.satisfaction,
        properties: props(o, []),
      }),
    );
}

type RecordSchemas = {
  customers: ReturnType<typeof buildCustomerSchema>;
  events: ReturnType<typeof buildEventSchema>;
  transactions: ReturnType<typeof buildTransactionSchema>;
  tickets: ReturnType<typeof buildTicketSchema>;
};
const schemaCache = new Map<string, RecordSchemas>();

/** The four contract schemas for one date pattern (cached: building schemas is not free). */
export function buildRecordSchemas(dateFormat?: string): RecordSchemas {
  const key = dateFormat ?? '';
  let schemas = schemaCache.get(key);
  if (!schemas) {
    schemas = {
      customers: buildCustomerSchema(dateFormat),
      events: buildEventSchema(dateFormat),
      transactions: buildTransactionSchema(dateFormat),
      tickets: buildTicketSchema(dateFormat),
    };
    schemaCache.set(key, schemas);
  }
  return schemas;
}
export const ZCustomerRecord = buildRecordSchemas().customers;
export type TCustomerRecord = z.infer<typeof ZCustomerRecord>;
export const ZEventRecord = buildRecordSchemas().events;
export type TEventRecord = z.infer<typeof ZEventRecord>;
export const ZTransactionRecord = buildRecordSchemas().transactions;
export type TTransactionRecord = z.infer<typeof ZTransactionRecord>;
export const ZTicketRecord = buildRecordSchemas().tickets;
export type TTicketRecord = z.infer<typeof ZTicketRecord>;

function toNormalized(kind: EntityKind, d: Record<string, unknown>): Record<string, unknown> {
  const rename: Record<string, string> = {
    customer_id: 'customerId',
    signup_at: 'signupAt',
    churned_at: 'churnedAt',
    lifecycle_stage: 'lifecycleStage',
    birth_year: 'birthYear',
    occurred_at: 'occurredAt',
    event_id: 'eventId',
    transaction_id: 'transactionId',
    payment_method: 'paymentMethod',
    ticket_id: 'ticketId',
    opened_at: 'openedAt',
    resolved_at: 'resolvedAt',
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) out[rename[k] ?? k] = v;
  return kind === 'customers' ? out : defined(out);
}

/** Validates with the zod contract schemas; same result as validateRecord, slower. For tests and the API. */
export function validateRecordWithSchema<K extends EntityKind>(
  kind: K,
  raw: RawRecord,
  opts: { dateFormat?: string } = {},
): ValidationResult<K> {
  const result = buildRecordSchemas(opts.dateFormat)[kind].safeParse(raw);
  if (!result.success) {
    const errors = result.error.issues.map((i) => ({ field: String(i.path[0] ?? 'record'), reason: i.message }));
    return { ok: false, errors };
  }
  return { ok: true, record: toNormalized(kind, result.data) } as ValidationResult<K>;
}
