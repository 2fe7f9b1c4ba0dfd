// Streaming CSV parser. A push parser (CsvParser) does the work so chunk boundaries can fall anywhere; parseCsv
// wraps it as an async generator. The scanning lives in csv-delimited.ts (RFC 4180) and csv-whitespace.ts (CDNOW
// style). Nothing older than the current field is kept, so memory stays bounded by the field and record limits
// however broken the input is.
import type { RawRecord } from './types';
import { setOwn } from './field-readers';
import { DelimitedScanner } from './csv-delimited';
import { WhitespaceScanner } from './csv-whitespace';

export type CsvRow = { line: number; fields: string[] } | { line: number; error: string };

export type CsvOptions = {
  /** A single character, 'tab', or 'whitespace' (runs of spaces/tabs, no quoting). Default ','. */
  delimiter?: string;
  maxFieldLength?: number;
  maxRecordLength?: number;
};

export const MAX_FIELD_LENGTH = 1_048_576;
export const MAX_RECORD_LENGTH = 16 * MAX_FIELD_LENGTH;

/** What both scanners do: take text, return the rows it completed; end() flushes the rest. */
export interface CsvScanner {
  push(text: string): CsvRow[];
  end(): CsvRow[];
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const TAB = 9;
const WHITESPACE = -1;

/** Resolves the delimiter option to a char code (or WHITESPACE); throws on values that cannot work. */
export function resolveDelimiter(delimiter: string | undefined): number {
  if (delimiter === undefined || delimiter === '') return 44;
  if (delimiter === 'tab') return TAB;
  if (delimiter === 'whitespace') return WHITESPACE;
  const code = delimiter.charCodeAt(0);
  if (delimiter.length !== 1 || code === QUOTE || code === LF || code === CR) {
    throw new Error(
      `Invalid delimiter ${JSON.stringify(delimiter)}: use a single character (not a quote or newline), 'tab' or 'whitespace'.`,
    );
  }
  return code;
}

/** Push parser: feed chunks, get completed rows back. Strips a UTF-8 BOM at the very start. */
export class CsvParser {
  private readonly scanner: CsvScanner;
  private started = false;

  constructor(opts: CsvOptions = {}) {
    const delim = resolveDelimiter(opts.delimiter);
    const maxField = opts.maxFieldLength ?? MAX_FIELD_LENGTH;
    const maxRecord = opts.maxRecordLength ?? MAX_RECORD_LENGTH;
    this.scanner =
      delim === WHITESPACE
        ? new WhitespaceScanner(maxField, maxRecord)
        : new DelimitedScanner(delim, maxField, maxRecord);
  }

  /** Feeds a chunk; returns the rows completed by it. */
  push(chunk: string): CsvRow[] {
    if (!this.started) {
      if (chunk.length === 0) return [];
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    return this.scanner.push(chunk);
  }

  /** Signals end of input; returns the rows still pending (a last line without newline, an unclosed quote). */
  end(): CsvRow[] {
    return this.scanner.end();
  }
}

/** Parses CSV text chunks into rows with their physical line numbers; malformed records become error rows. */
export async function* parseCsv(input: AsyncIterable<string>, opts: CsvOptions = {}): AsyncGenerator<CsvRow> {
  const parser = new CsvParser(opts);
  for await (const chunk of input) {
    const rows = parser.push(chunk);
    for (let k = 0; k < rows.length; k++) yield rows[k] as CsvRow;
  }
  yield* parser.end();
}

/**
 * Cleans a header row: trims names and names empty ones `column_<n>` (so their values are kept, not dropped).
 * Duplicate names are an error because one of the columns would silently overwrite the other.
 */
export function normalizeHeader(fields: string[]): { columns: string[] } | { error: string } {
  const columns = fields.map((f, k) => f.trim() || `column_${k + 1}`);
  const seen = new Map<string, number>();
  for (let k = 0; k < columns.length; k++) {
    const name = columns[k] as string;
    const first = seen.get(name);
    if (first !== undefined) return { error: `duplicate column "${name}" (columns ${first + 1} and ${k + 1})` };
    seen.set(name, k);
  }
  return { columns };
}

/** Pairs a data row with the header; a wrong field count is an error for that row. */
export function headerToRecord(columns: string[], fields: string[]): { record: RawRecord } | { error: string } {
  if (fields.length !== columns.length) return { error: `expected ${columns.length} fields, found ${fields.length}` };
  const record: RawRecord = {};
  for (let k = 0; k < columns.length; k++) setOwn(record, columns[k] as string, fields[k]);
  return { record };
}
