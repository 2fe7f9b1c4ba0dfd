// The import contract (DATA_CONTRACT.md) as zod schemas: snake_case fields with descriptions, accepting CSV strings
// and JSON values alike, so the REST API, the upload form and the OpenAPI document share one definition.
// Each field delegates to the same reader as the fast path in records.ts; `z.toJSONSchema(schema, { io: 'input' })`
// documents what clients may send. The fields are in field-schemas.ts, the records in customer-schema.ts and
// activity-schemas.ts.
import type { z } from 'zod';
import type { EntityKind, RawRecord, ValidationResult } from './types';
import { buildCustomerSchema } from './customer-schema';
import { buildEventSchema, buildTicketSchema, buildTransactionSchema } from './activity-schemas';
import { dropUndefined } from './define-record-schema';

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
  return kind === 'customers' ? out : dropUndefined(out);
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
