// The event, transaction and ticket records of the import contract (DATA_CONTRACT.md) as zod schemas. All three
// belong to a customer and carry `properties`, into which every key outside the contract is merged.
import { z } from 'zod';
import type { EntityKind } from './types';
import { readCurrency, readInteger, readNonNegative, readNumber, readStatus, type FieldError } from './field-readers';
import { CONTRACT_FIELD_SETS, buildProperties } from './extra-columns';
import {
  INT_IN,
  NUMBER_IN,
  TEXT_IN,
  contractField,
  customerIdField,
  dateField,
  ownIdField,
  propertiesField,
  textField,
} from './field-schemas';
import { checkDateOrder, defineRecordSchema } from './define-record-schema';

// A `properties` value that failed to parse reaches the refinement as z.NEVER, and then adds nothing.
const asObject = (v: unknown) =>
  typeof v === 'object' && v !== null && v !== z.NEVER ? (v as Record<string, unknown>) : undefined;

/**
 * An event, transaction or ticket schema: `fields` stand between the required customer_id (the customer it
 * belongs to) and `properties`, which takes the record's keys outside the contract. `check` runs first, so its
 * problems are listed before those of properties.
 */
function defineActivitySchema<S extends z.ZodRawShape>(
  kind: Exclude<EntityKind, 'customers'>,
  fields: S,
  description: string,
  check?: (o: Record<string, unknown>, errors: FieldError[]) => void,
) {
  const props = (o: Record<string, unknown>, errors: FieldError[]) =>
    buildProperties(asObject(o.properties), o, CONTRACT_FIELD_SETS[kind], errors);
  return defineRecordSchema(
    { customer_id: customerIdField("The customer's id."), ...fields, properties: propertiesField() },
    description,
    (o, errors) => {
      check?.(o, errors);
      props(o, errors);
    },
    (parsed, o) => ({ ...parsed, properties: props(o, []) }),
  );
}

export function buildEventSchema(fmt: string | undefined) {
  return defineActivitySchema(
    'events',
    {
      occurred_at: dateField('occurred_at', fmt, 'When it happened', true),
      type: textField('type', 'Event type, free vocabulary: login, page_view, session, feature_use, cancel, …', true),
      value: contractField('value', NUMBER_IN, readNumber, 'A finite number, e.g. session seconds.'),
      event_id: ownIdField('event_id', 'Idempotency key: a repeated event_id is stored once.'),
    },
    'A behavioural event. Any other key is added to properties.',
  );
}

export function buildTransactionSchema(fmt: string | undefined) {
  return defineActivitySchema(
    'transactions',
    {
      occurred_at: dateField('occurred_at', fmt, 'When it happened', true),
      amount: contractField(
        'amount',
        NUMBER_IN,
        (v, f, e) => readNumber(v, f, e, true),
        'A finite number; negative = refund.',
        true,
      ),
      transaction_id: ownIdField('transaction_id', 'Idempotency key.'),
      currency: contractField(
        'currency',
        TEXT_IN,
        readCurrency,
        'ISO 4217 code (upper-cased); default from the workspace.',
      ),
      status: contractField(
        'status',
        TEXT_IN,
        (v, f, e) => readStatus(v, f, e) ?? 'paid',
        'paid | refunded | failed (default paid).',
      ),
      quantity: contractField('quantity', NUMBER_IN, readNonNegative, 'A finite number, not negative.'),
      payment_method: textField('payment_method', 'Payment method'),
    },
    'A transaction. Any other key is added to properties.',
  );
}

export function buildTicketSchema(fmt: string | undefined) {
  return defineActivitySchema(
    'tickets',
    {
      ticket_id: ownIdField('ticket_id', 'Idempotency key.'),
      opened_at: dateField('opened_at', fmt, 'When the ticket was opened', true),
      resolved_at: dateField('resolved_at', fmt, 'When it was resolved; empty = unresolved; not before opened_at'),
      category: textField('category', 'complaint, inquiry, billing, …'),
      satisfaction: contractField('satisfaction', INT_IN, (v, f, e) => readInteger(v, f, e, 1, 5), 'Whole number 1–5.'),
    },
    'A service ticket. Any other key is added to properties.',
    (o, errors) => checkDateOrder(o, 'opened_at', 'resolved_at', errors),
  );
}
