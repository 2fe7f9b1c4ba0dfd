import { idempotencyKey, validateRecord, applyColumnMap } from './records';
import type { Staged } from './repo';
import type { EntityKind, NormalizedRecord, RawRecord, RowError } from './types';

/**
 * Validates a batch of raw records: the good ones become staged rows keyed for idempotency, the bad ones become
 * errors naming line, field and reason. A key seen earlier in the same batch is a duplicate, skipped.
 */
export function prepareBatch<K extends EntityKind>(
  kind: K,
  items: { line: number; raw: RawRecord }[],
  opts: { map?: Record<string, string>; dateFormat?: string },
) {
  const staged: Staged<NormalizedRecord<K>>[] = [];
  const errors: RowError[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const { line, raw } of items) {
    const result = validateRecord(kind, applyColumnMap(raw, opts.map), { dateFormat: opts.dateFormat });
    if (!result.ok) {
      for (const e of result.errors) errors.push({ line, field: e.field, reason: e.reason });
      continue;
    }
    const key = idempotencyKey(kind, result.record);
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    staged.push({ line, key, record: result.record });
  }
  return { staged, errors, rejectedLines: new Set(errors.map((e) => e.line)).size, duplicates };
}
