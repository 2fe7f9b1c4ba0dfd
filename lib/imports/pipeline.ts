import { parseCsv } from '../ingest/csv';
import { parseNdjson } from '../ingest/ndjson';
import type { RawRecord, RowError } from '../ingest/types';

export type SourceItem = { line: number; raw: RawRecord } | { line: number; error: RowError };

/**
 * Turns a text stream into raw records with their line numbers: CSV (header row first) or NDJSON. Broken rows
 * come out as errors and reading goes on.
 */
export async function* readRawRecords(
  chunks: AsyncIterable<string>,
  format: 'csv' | 'ndjson',
  opts: { delimiter?: string },
): AsyncGenerator<SourceItem> {
  if (format === 'ndjson') {
    for await (const row of parseNdjson(chunks)) {
      if ('error' in row) yield { line: row.line, error: { line: row.line, field: '(line)', reason: row.error } };
      else yield { line: row.line, raw: row.record };
    }
    return;
  }
  let header: string[] | null = null;
  for await (const row of parseCsv(chunks, { delimiter: opts.delimiter })) {
    if ('error' in row) {
      yield { line: row.line, error: { line: row.line, field: header ? '(row)' : '(header)', reason: row.error } };
      continue;
    }
    if (!header) {
      header = row.fields.map((h) => h.trim());
      const dup = header.find((h, i) => header!.indexOf(h) !== i);
      if (dup !== undefined) throw new Error(`The header names column "${dup}" twice.`);
      continue;
    }
    if (row.fields.length !== header.length) {
      yield { line: row.line, error: { line: row.line, field: '(row)', reason: `expected ${header.length} fields, found ${row.fields.length}` } };
      continue;
    }
    const raw: RawRecord = {};
    for (let i = 0; i < header.length; i++) raw[header[i]!] = row.fields[i];
    yield { line: row.line, raw };
  }
}
