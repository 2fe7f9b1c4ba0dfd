import type { z } from 'zod';
import { AppError } from './errors';

export type FieldIssue = { field: string; message: string };

export function describeIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ field: i.path.join('.') || '(input)', message: i.message }));
}

/** Validates untrusted input against a boundary schema; failures name each field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = describeIssues(result.error);
  const summary = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  throw new AppError('invalid_input', summary, { issues });
}
