import { z } from 'zod';
import { ENTITY_KINDS } from '../ingest/types';

/** "source=target,source2=target2" → { source: target, … }; also accepts an object. */
export const ZColumnMap = z
  .union([z.string().trim().max(4000), z.record(z.string().min(1).max(200), z.string().min(1).max(200))])
  .transform((value, ctx) => {
    if (typeof value !== 'string') return value;
    const map: Record<string, string> = {};
    for (const pair of value
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq <= 0 || eq === pair.length - 1) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" must look like source=target` });
        return z.NEVER;
      }
      map[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
    return map;
  });

export const ZImportOptions = z.object({
  kind: z.enum(ENTITY_KINDS, { message: `must be one of ${ENTITY_KINDS.join(', ')}` }),
  map: ZColumnMap.optional(),
  delimiter: z
    .string()
    .refine(
      (d) => d === 'tab' || d === 'whitespace' || (d.length === 1 && d !== '"' && d !== '\n' && d !== '\r'),
      'must be one character, "tab" or "whitespace"',
    )
    .optional(),
  dateFormat: z
    .string()
    .max(40)
    .regex(/^[yMdHmsS\s\-/.:T_]+$/, 'may use yyyy, yy, MM, M, dd, d, HH, H, mm, ss, SSS and separators')
    .optional(),
  createMissingCustomers: z.boolean().default(false),
  strict: z.boolean().default(false),
});
export type TImportOptions = z.infer<typeof ZImportOptions>;

export const ZImportId = z.object({ id: z.string().min(1).max(40) });
