// One contract field as a zod schema: the JSON types it accepts (for the OpenAPI document) around the same reader
// the fast path in records.ts calls (for the rules), so the two paths cannot disagree on what a value means.
import { z } from 'zod';
import { readDate, readId, readJsonObject, readText, type FieldError } from './field-readers';

type Reader<T> = (v: unknown, field: string, errors: FieldError[]) => T;
/** What a parsed field holds: the reader's value, never undefined when required (the reader reports it missing). */
type FieldOutput<T, R extends boolean> = R extends true ? Exclude<T, undefined> : T;
type Inputs = readonly [z.core.SomeType, ...z.core.SomeType[]];
type ErrorParam = { error: (issue: { input?: unknown }) => string };
/** Builds a field's accepted JSON types; every option reports through the same error function as the union. */
type InputsOf = (e: ErrorParam) => Inputs;

export const TEXT_IN: InputsOf = (e) => [z.string(e), z.number(e), z.null(e)];
export const ID_IN: InputsOf = (e) => [z.string(e), z.int(e), z.null(e)];
export const NUMBER_IN: InputsOf = (e) => [z.number(e), z.string(e), z.null(e)];
export const INT_IN: InputsOf = (e) => [z.int(e), z.string(e), z.null(e)];
const DATE_IN: InputsOf = (e) => [z.string(e), z.null(e)];
export const BOOL_IN: InputsOf = (e) => [z.boolean(e), z.string(e), z.number(e), z.null(e)];
export const TAGS_IN: InputsOf = (e) => [z.string(e), z.array(z.string(e), e), z.null(e)];
const OBJECT_IN: InputsOf = (e) => [z.record(z.string(e), z.unknown(), e), z.string(e), z.null(e)];

/** One contract field: the accepted JSON types (for documentation) plus the shared reader (for the rules). */
export function contractField<T, R extends boolean = false>(
  name: string,
  inputsOf: InputsOf,
  read: Reader<T>,
  description: string,
  required?: R,
): z.ZodType<FieldOutput<T, R>> {
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
    .describe(description) as z.ZodType<FieldOutput<T, R>>;
}

const dateDoc = (what: string) =>
  `${what}: ISO 8601 date (UTC midnight) or date-time; no offset means UTC. Years 1900–2100.`;
const textDoc = (what: string) => `${what}. Trimmed; at most 1,000 characters; no control characters.`;
const ID_DOC = 'At most 200 characters, no control characters; whole numbers are accepted and stored as text.';
const PROPERTIES_DOC =
  'JSON object (in CSV, a JSON string). Columns outside the contract are merged in; at most 65,536 characters as JSON.';

/** A free-text field; `what` is its description, followed by the text rules. */
export function textField<R extends boolean = false>(name: string, what: string, required?: R) {
  return contractField(name, TEXT_IN, (v, f, e) => readText(v, f, e, required ?? false), textDoc(what), required);
}

/** A date field whose outcome depends on the import's date pattern. */
export function dateField<R extends boolean = false>(
  name: string,
  fmt: string | undefined,
  what: string,
  required?: R,
) {
  return contractField(name, DATE_IN, (v, f, e) => readDate(v, f, e, required ?? false, fmt), dateDoc(what), required);
}

/** An optional id of the record itself (its idempotency key). */
export function ownIdField(name: string, doc: string) {
  return contractField(name, ID_IN, readId, `${doc} ${ID_DOC}`);
}

/** A required customer_id: the customer's own upsert key, or the customer a record belongs to. */
export function customerIdField(doc: string) {
  return contractField('customer_id', ID_IN, (v, f, e) => readId(v, f, e, true), `${doc} ${ID_DOC}`, true);
}

/** The explicit `properties` object of an event, transaction or ticket. */
export function propertiesField() {
  return contractField('properties', OBJECT_IN, readJsonObject, PROPERTIES_DOC);
}
