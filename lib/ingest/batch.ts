import { applyColumnMap, createIdempotencyKeyer, validateRecord } from './records';
import type { Staged } from './repo';
import type { EntityKind, NormalizedRecord, RawRecord, RowError } from './types';

/**
 * Validates a batch of raw records: the good ones become staged rows keyed for idempotency, the bad ones become
 * errors naming line, field and reason. A record repeating an explicit id seen earlier in the batch is a
 * duplicate, skipped. Records without an id are keyed by content, numbered by occurrence within the batch, so
 * two genuinely identical rows are both kept and sending the same batch again still changes nothing (batches
 * of a file always break at the same lines).
 */
export function prepareBatch<K extends EntityKind>(
  kind: K,
  items: { line: number; raw: RawRecord }[],
  opts: { map?: Record<string, string>; dateFormat?: string },
) {
  const staged: Staged<NormalizedRecord<K>>[] = [];
  const errors: RowError[] = [];
  const seen = new Set<string>();
  const keyOf = createIdempotencyKeyer();
  let duplicates = 0;
  for (const { line, raw } of items) {
    const result = validateRecord(kind, applyColumnMap(raw, opts.map), { dateFormat: opts.dateFormat });
    if (!result.ok) {
      for (const e of result.errors) errors.push({ line, field: e.field, reason: e.reason });
      continue;
    }
    const key = keyOf(kind, result.record);
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    staged.push({ line, key, record: result.record });
  }
  return { staged, errors, duplicates };
}
