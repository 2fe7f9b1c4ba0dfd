import { checkColumnMap, renameColumns } from '../ingest/column-map';
import { headerToRecord, normalizeHeader, parseCsv } from '../ingest/csv';
import { parseNdjson } from '../ingest/ndjson';
import { applyColumnMap } from '../ingest/records';
import type { RawRecord, RowError } from '../ingest/types';
import { AppError } from '../errors';

export type SourceItem = { line: number; raw: RawRecord } | { line: number; error: RowError };

/**
 * Turns a text stream into raw records (already renamed by the column map) with their line numbers: CSV with a
 * header row, or NDJSON. Broken rows come out as errors and reading goes on; a broken header or a map naming
 * columns the file lacks stops the import before anything is written.
 */
export async function* readRawRecords(
  chunks: AsyncIterable<string>,
  format: 'csv' | 'ndjson',
  opts: { delimiter?: string; map?: Record<string, string> },
): AsyncGenerator<SourceItem> {
  if (format === 'ndjson') {
    for await (const row of parseNdjson(chunks)) {
      if ('error' in row) yield { line: row.line, error: { line: row.line, field: '(line)', reason: row.error } };
      else yield { line: row.line, raw: applyColumnMap(row.record, opts.map) };
    }
    return;
  }
  let columns: string[] | null = null;
  for await (const row of parseCsv(chunks, { delimiter: opts.delimiter })) {
    if (!columns) {
      if ('error' in row) throw new AppError('invalid_input', `header (line ${row.line}): ${row.error}`);
      const header = normalizeHeader(row.fields);
      if ('error' in header) throw new AppError('invalid_input', `header (line ${row.line}): ${header.error}`);
      const problems = checkColumnMap(header.columns, opts.map);
      if (problems.length) throw new AppError('invalid_input', `map: ${problems.join('; ')}`);
      columns = renameColumns(header.columns, opts.map);
      continue;
    }
    if ('error' in row) {
      yield { line: row.line, error: { line: row.line, field: '(row)', reason: row.error } };
      continue;
    }
    const rec = headerToRecord(columns, row.fields);
    if ('error' in rec) yield { line: row.line, error: { line: row.line, field: '(row)', reason: rec.error } };
    else yield { line: row.line, raw: rec.record };
  }
}
