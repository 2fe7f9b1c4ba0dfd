// What the four record schemas share around their fields: checks that span fields, reported the way the fast
// path in records.ts reports them, and an output of the contract fields without absent keys.
import { z } from 'zod';
import type { FieldError } from './field-readers';

/** `{ a: string | undefined }` → `{ a?: string }`, so the inferred contract types read like the contract. */
type Compact<T> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & { [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined> } extends infer O
  ? { [K in keyof O]: O[K] }
  : never;

/** Drops undefined values so outputs match the fast path's (which never sets absent keys). */
export function dropUndefined<T extends Record<string, unknown>>(o: T): Compact<T> {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o as unknown as Compact<T>;
}

const isDate = (v: unknown): v is Date => v instanceof Date;

/** Reports `later` when both dates are valid and it falls before `earlier` (e.g. churned_at before signup_at). */
export function checkDateOrder(o: Record<string, unknown>, earlier: string, later: string, errors: FieldError[]): void {
  const from = o[earlier];
  const to = o[later];
  if (isDate(from) && isDate(to) && to.getTime() < from.getTime()) {
    errors.push({ field: later, reason: `is before ${earlier}` });
  }
}

// Refinements run even when a field failed, so a record's problems are all reported at once, as the fast path does.
const ALWAYS = { when: () => true };

/** The parsed contract fields of a record, in contract order, without the other keys it carries. */
export type FieldsOf<S extends z.ZodRawShape> = { [K in keyof S]: z.output<S[K]> };

/**
 * A record schema: the contract fields (any other key passes through), then `check` for what spans fields, then
 * `finish`, which adds what the record derives from its other keys (attributes, properties) to the fields.
 */
export function defineRecordSchema<S extends z.ZodRawShape, T extends Record<string, unknown>>(
  shape: S,
  description: string,
  check: (o: Record<string, unknown>, errors: FieldError[]) => void,
  finish: (fields: FieldsOf<S>, o: Record<string, unknown>) => T,
) {
  const names = Object.keys(shape);
  return z
    .looseObject(shape)
    .describe(description)
    .superRefine((o, ctx) => {
      const errors: FieldError[] = [];
      check(o, errors);
      for (const e of errors) ctx.addIssue({ code: 'custom', path: [e.field], message: e.reason });
    }, ALWAYS)
    .transform((o: Record<string, unknown>) => {
      const fields: Record<string, unknown> = {};
      for (const name of names) fields[name] = o[name];
      // Each of `names` was parsed by its schema in `shape`.
      return dropUndefined(finish(fields as FieldsOf<S>, o));
    });
}
