// Streaming RFC 4180 CSV parser. A push parser (CsvParser) does the work so chunk boundaries can fall anywhere,
// including inside "\r\n" or a doubled quote; parseCsv wraps it as an async generator. Fields are sliced out of
// the buffer, never built per character, and nothing older than the current field is kept, so memory stays
// bounded by the field/record limits however broken the input is.
import type { RawRecord } from './types';
import { setOwn } from './field-readers';

export type CsvRow = { line: number; fields: string[] } | { line: number; error: string };

export type CsvOptions = {
  /** A single character, 'tab', or 'whitespace' (runs of spaces/tabs, no quoting). Default ','. */
  delimiter?: string;
  maxFieldLength?: number;
  maxRecordLength?: number;
};

export const MAX_FIELD_LENGTH = 1_048_576;
export const MAX_RECORD_LENGTH = 16 * MAX_FIELD_LENGTH;

const LF = 10;
const CR = 13;
const QUOTE = 34;
const SPACE = 32;
const TAB = 9;
const WHITESPACE = -1;

// Parser states: at the start of a field, inside an unquoted field, inside a quoted field, just after a closing
// quote, or discarding the rest of a broken line.
const S_FIELD = 0;
const S_UNQUOTED = 1;
const S_QUOTED = 2;
const S_CLOSED = 3;
const S_SKIP = 4;

/** Resolves the delimiter option to a char code (or WHITESPACE); throws on values that cannot work. */
export function resolveDelimiter(delimiter: string | undefined): number {
  if (delimiter === undefined || delimiter === '') return 44;
  if (delimiter === 'tab') return TAB;
  if (delimiter === 'whitespace') return WHITESPACE;
  const code = delimiter.charCodeAt(0);
  if (delimiter.length !== 1 || code === QUOTE || code === LF || code === CR) {
    throw new Error(`Invalid delimiter ${JSON.stringify(delimiter)}: use a single character (not a quote or newline), 'tab' or 'whitespace'.`);
  }
  return code;
}

export class CsvParser {
  private readonly delim: number;
  private readonly maxField: number;
  private readonly maxRecord: number;
  private buf = '';
  private pos = 0;
  private state = S_FIELD;
  private started = false;
  private line = 1;
  private recordLine = 1;
  private fields: string[] = [];
  private recordChars = 0;
  private recordQuoted = false;
  private pendingLF = false;
  private fieldStart = 0;
  private closeAt = 0;
  private escaped = false;
  private quoteLine = 1;
  /** Index just after the first line break inside the open quoted field: where to resume if that quote was a mistake. */
  private firstBreak = -1;
  private firstBreakLine = 1;
  /** Whitespace mode: how far the current line has been searched for its end. */
  private lineScan = 0;
  private out: CsvRow[] = [];

  constructor(opts: CsvOptions = {}) {
    this.delim = resolveDelimiter(opts.delimiter);
    this.maxField = opts.maxFieldLength ?? MAX_FIELD_LENGTH;
    this.maxRecord = opts.maxRecordLength ?? MAX_RECORD_LENGTH;
  }

  /** Feeds a chunk; returns the rows completed by it. */
  push(chunk: string): CsvRow[] {
    if (!this.started) {
      if (chunk.length === 0) return [];
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.buf = this.buf.length === 0 ? chunk : this.buf + chunk;
    this.scan(false);
    this.compact();
    return this.take();
  }

  /** Signals end of input; returns the rows still pending (a last line without newline, an unclosed quote). */
  end(): CsvRow[] {
    this.scan(true);
    this.buf = '';
    this.pos = 0;
    return this.take();
  }

  private take(): CsvRow[] {
    const rows = this.out;
    this.out = [];
    return rows;
  }

  /** Drops everything before the current field (or line) so the buffer holds at most one field plus a chunk. */
  private compact(): void {
    const n = this.buf.length;
    if (this.delim === WHITESPACE) {
      const keep = this.state === S_SKIP ? n : this.pos;
      this.buf = this.buf.slice(keep);
      this.pos -= keep;
      this.lineScan = Math.max(0, this.lineScan - keep);
      return;
    }
    const keep = this.state === S_SKIP ? n : this.state === S_FIELD ? this.pos : this.fieldStart;
    if (keep === 0) return;
    this.buf = this.buf.slice(keep);
    this.pos -= keep;
    this.fieldStart -= keep;
    this.closeAt -= keep;
    if (this.firstBreak >= 0) this.firstBreak -= keep;
  }

  private scan(final: boolean): void {
    if (this.delim === WHITESPACE) this.scanWhitespace(final);
    else this.scanDelimited(final);
  }

  private emitRecord(): void {
    const fields = this.fields;
    // Blank (or whitespace-only) lines are not records.
    const blank = fields.length === 1 && !this.recordQuoted && (fields[0] as string).trim() === '';
    if (!blank) this.out.push({ line: this.recordLine, fields });
    this.resetRecord();
  }

  private resetRecord(): void {
    this.fields = [];
    this.recordChars = 0;
    this.recordQuoted = false;
    this.recordLine = this.line;
    this.state = S_FIELD;
  }

  /** Adds a field; false (after reporting) when the record grew past the record limit. */
  private addField(value: string): boolean {
    this.fields.push(value);
    this.recordChars += value.length + 1;
    if (this.recordChars <= this.maxRecord) return true;
    this.out.push({ line: this.recordLine, error: `record longer than ${this.maxRecord} characters` });
    return false;
  }

  /** Ends the current physical line at the break character `c`: counts it and swallows the LF of a CRLF later. */
  private breakLine(c: number): void {
    this.line++;
    this.pendingLF = c === CR;
  }

  /** Reports the record as broken and discards input up to the next line break. */
  private fail(reason: string): void {
    this.out.push({ line: this.recordLine, error: reason });
    this.state = S_SKIP;
  }

  /** Returns the index to continue from after a broken quoted field: the line after the opening quote. */
  private failQuoted(reason: string, at: number): number {
    if (this.firstBreak < 0) {
      this.fail(reason);
      return at;
    }
    this.out.push({ line: this.recordLine, error: reason });
    this.line = this.firstBreakLine;
    this.pendingLF = this.buf.charCodeAt(this.firstBreak - 1) === CR;
    this.resetRecord();
    return this.firstBreak;
  }

  /** Skip state: finds the next line break from `i`; returns the index after it, or the buffer end. */
  private skipLine(s: string, i: number): number {
    const n = s.length;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === LF || c === CR) {
        this.breakLine(c);
        this.resetRecord();
        return i + 1;
      }
      i++;
    }
    return n;
  }

  private scanDelimited(final: boolean): void {
    const s = this.buf;
    const n = s.length;
    const D = this.delim;
    let i = this.pos;
    for (;;) {
      if (this.state === S_FIELD) {
        if (i >= n) {
          // A trailing delimiter at EOF ends the record with one more empty field.
          if (final && this.fields.length > 0 && this.addField('')) this.emitRecord();
          break;
        }
        if (this.pendingLF) {
          this.pendingLF = false;
          if (s.charCodeAt(i) === LF) {
            i++;
            continue;
          }
        }
        this.fieldStart = i;
        if (s.charCodeAt(i) === QUOTE) {
          this.state = S_QUOTED;
          this.quoteLine = this.line;
          this.firstBreak = -1;
          this.escaped = false;
          this.recordQuoted = true;
          i++;
        } else this.state = S_UNQUOTED;
      } else if (this.state === S_UNQUOTED) {
        let j = i;
        let c = 0;
        while (j < n) {
          c = s.charCodeAt(j);
          if (c === D || c === LF || c === CR || c === QUOTE) break;
          j++;
        }
        if (j - this.fieldStart > this.maxField) {
          this.fail(`field longer than ${this.maxField} characters (column ${this.fields.length + 1})`);
          i = j;
        } else if (j >= n) {
          i = n;
          if (final && this.addField(s.slice(this.fieldStart, n))) this.emitRecord();
          break;
        } else if (c === QUOTE) {
          this.fail(`unexpected quote in unquoted field (column ${this.fields.length + 1}); quote the whole field and double inner quotes`);
          i = j;
        } else {
          const ok = this.addField(s.slice(this.fieldStart, j));
          i = j + 1;
          if (c === D) {
            this.state = ok ? S_FIELD : S_SKIP;
          } else {
            this.breakLine(c);
            if (ok) this.emitRecord();
            else this.resetRecord();
          }
        }
      } else if (this.state === S_QUOTED) {
        let j = i;
        let needMore = false;
        while (j < n) {
          const c = s.charCodeAt(j);
          if (c === QUOTE) {
            if (j + 1 >= n) {
              needMore = !final;
              break;
            }
            if (s.charCodeAt(j + 1) !== QUOTE) break;
            this.escaped = true;
            j += 2;
            continue;
          }
          if (c === CR || (c === LF && s.charCodeAt(j - 1) !== CR)) {
            this.line++;
            if (this.firstBreak < 0) {
              this.firstBreak = j + 1;
              this.firstBreakLine = this.line;
            }
          }
          j++;
        }
        if (j - this.fieldStart > this.maxField + 2) {
          i = this.failQuoted(`field longer than ${this.maxField} characters (column ${this.fields.length + 1})`, j);
        } else if (j < n && !needMore) {
          this.state = S_CLOSED;
          this.closeAt = j;
          i = j + 1;
        } else if (final) {
          const where = `column ${this.fields.length + 1}, opened on line ${this.quoteLine}`;
          i = this.failQuoted(`unclosed quote (${where}): the file ends inside a quoted field`, j);
        } else {
          i = j;
          break;
        }
      } else if (this.state === S_CLOSED) {
        if (i >= n) {
          if (final && this.addField(this.quotedValue(s))) this.emitRecord();
          break;
        }
        const c = s.charCodeAt(i);
        if (c === D || c === LF || c === CR) {
          const ok = this.addField(this.quotedValue(s));
          i++;
          if (c === D) {
            this.state = ok ? S_FIELD : S_SKIP;
          } else {
            this.breakLine(c);
            if (ok) this.emitRecord();
            else this.resetRecord();
          }
        } else {
          this.fail(`unexpected character ${JSON.stringify(s[i])} after closing quote (column ${this.fields.length + 1})`);
        }
      } else {
        i = this.skipLine(s, i);
        if (this.state === S_SKIP) break;
      }
    }
    this.pos = i;
  }

  private quotedValue(s: string): string {
    const v = s.slice(this.fieldStart + 1, this.closeAt);
    return this.escaped ? v.replaceAll('""', '"') : v;
  }

  /** Whitespace mode (CDNOW-style): one record per line, fields are runs of non-blank characters, no quoting. */
  private scanWhitespace(final: boolean): void {
    const s = this.buf;
    const n = s.length;
    let i = this.pos;
    for (;;) {
      if (this.state === S_SKIP) {
        i = this.skipLine(s, i);
        if (this.state === S_SKIP) break;
        this.lineScan = i;
        continue;
      }
      if (i >= n) break;
      if (this.pendingLF) {
        this.pendingLF = false;
        if (s.charCodeAt(i) === LF) {
          this.lineScan = ++i;
          continue;
        }
      }
      // Resume the search for this line's end where the previous chunk left off, so long lines are scanned once.
      let j = Math.max(i, this.lineScan);
      let c = 0;
      while (j < n) {
        c = s.charCodeAt(j);
        if (c === LF || c === CR) break;
        j++;
      }
      if (j >= n) {
        if (final) {
          this.splitWhitespaceLine(s, i, n);
          i = n;
        } else if (j - i > this.maxRecord) {
          this.fail(`record longer than ${this.maxRecord} characters`);
          i = n;
        } else this.lineScan = j;
        break;
      }
      this.splitWhitespaceLine(s, i, j);
      this.breakLine(c);
      this.resetRecord();
      i = this.lineScan = j + 1;
    }
    this.pos = i;
  }

  private splitWhitespaceLine(s: string, start: number, end: number): void {
    const fields: string[] = [];
    let i = start;
    while (i < end) {
      let c = s.charCodeAt(i);
      while (i < end && (c === SPACE || c === TAB)) c = s.charCodeAt(++i);
      if (i >= end) break;
      const from = i;
      while (i < end && c !== SPACE && c !== TAB) c = s.charCodeAt(++i);
      if (i - from > this.maxField) {
        this.out.push({ line: this.recordLine, error: `field longer than ${this.maxField} characters (column ${fields.length + 1})` });
        return;
      }
      fields.push(s.slice(from, i));
    }
    if (end - start > this.maxRecord) this.out.push({ line: this.recordLine, error: `record longer than ${this.maxRecord} characters` });
    else if (fields.length > 0) this.out.push({ line: this.recordLine, fields });
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
