// The RFC 4180 half of the CSV parser (csv.ts): quoted fields, doubled quotes, embedded delimiters and newlines.
// It keeps only the current field in its buffer and slices values out of it rather than building them per
// character; state carries over between chunks, so a chunk may end anywhere, even between "\r" and "\n" or
// inside a doubled quote.
import type { CsvRow, CsvScanner } from './csv';

const LF = 10;
const CR = 13;
const QUOTE = 34;

// Parser states: at the start of a field, inside an unquoted field, inside a quoted field, just after a closing
// quote, or discarding the rest of a broken line.
const S_FIELD = 0;
const S_UNQUOTED = 1;
const S_QUOTED = 2;
const S_CLOSED = 3;
const S_SKIP = 4;

export class DelimitedScanner implements CsvScanner {
  private buf = '';
  private pos = 0;
  private state = S_FIELD;
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
  private out: CsvRow[] = [];

  constructor(
    private readonly delim: number,
    private readonly maxField: number,
    private readonly maxRecord: number,
  ) {}

  push(chunk: string): CsvRow[] {
    this.buf = this.buf.length === 0 ? chunk : this.buf + chunk;
    this.scan(false);
    this.compact();
    return this.take();
  }

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

  /** Drops everything before the current field so the buffer holds at most one field plus a chunk. */
  private compact(): void {
    const keep = this.state === S_SKIP ? this.buf.length : this.state === S_FIELD ? this.pos : this.fieldStart;
    if (keep === 0) return;
    this.buf = this.buf.slice(keep);
    this.pos -= keep;
    this.fieldStart -= keep;
    this.closeAt -= keep;
    if (this.firstBreak >= 0) this.firstBreak -= keep;
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

  private scan(final: boolean): void {
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
          this.fail(
            `unexpected quote in unquoted field (column ${this.fields.length + 1}); quote the whole field and double inner quotes`,
          );
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
          this.fail(
            `unexpected character ${JSON.stringify(s[i])} after closing quote (column ${this.fields.length + 1})`,
          );
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
}
