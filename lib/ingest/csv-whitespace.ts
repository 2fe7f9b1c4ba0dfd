// The whitespace half of the CSV parser (csv.ts), for files like CDNOW_master.txt: one record per line, fields
// are runs of characters other than spaces and tabs, edges are ignored and there is no quoting.
import type { CsvRow, CsvScanner } from './csv';

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

export class WhitespaceScanner implements CsvScanner {
  private buf = '';
  /** Start of the current line in buf. */
  private pos = 0;
  /** How far the current line has been searched for its end, so a long line is scanned once, not per chunk. */
  private lineScan = 0;
  private line = 1;
  private pendingLF = false;
  /** Discarding the rest of an overlong line (already reported). */
  private skipping = false;
  private out: CsvRow[] = [];

  constructor(
    private readonly maxField: number,
    private readonly maxRecord: number,
  ) {}

  push(chunk: string): CsvRow[] {
    this.buf = this.buf.length === 0 ? chunk : this.buf + chunk;
    this.scan(false);
    const keep = this.skipping ? this.buf.length : this.pos;
    this.buf = this.buf.slice(keep);
    this.pos -= keep;
    this.lineScan = Math.max(0, this.lineScan - keep);
    return this.take();
  }

  end(): CsvRow[] {
    this.scan(true);
    this.buf = '';
    this.pos = this.lineScan = 0;
    return this.take();
  }

  private take(): CsvRow[] {
    const rows = this.out;
    this.out = [];
    return rows;
  }

  private scan(final: boolean): void {
    const s = this.buf;
    const n = s.length;
    let i = this.pos;
    for (;;) {
      if (this.skipping) {
        while (i < n && s.charCodeAt(i) !== LF && s.charCodeAt(i) !== CR) i++;
        if (i >= n) break;
        this.skipping = false;
        this.breakLine(s.charCodeAt(i));
        this.lineScan = ++i;
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
          this.splitLine(s, i, n);
          i = n;
        } else if (j - i > this.maxRecord) {
          this.out.push({ line: this.line, error: `record longer than ${this.maxRecord} characters` });
          this.skipping = true;
          i = n;
        } else this.lineScan = j;
        break;
      }
      this.splitLine(s, i, j);
      this.breakLine(c);
      i = this.lineScan = j + 1;
    }
    this.pos = i;
  }

  private splitLine(s: string, start: number, end: number): void {
    const fields: string[] = [];
    let i = start;
    while (i < end) {
      let c = s.charCodeAt(i);
      while (i < end && (c === SPACE || c === TAB)) c = s.charCodeAt(++i);
      if (i >= end) break;
      const from = i;
      while (i < end && c !== SPACE && c !== TAB) c = s.charCodeAt(++i);
      if (i - from > this.maxField) {
        this.out.push({
          line: this.line,
          error: `field longer than ${this.maxField} characters (column ${fields.length + 1})`,
        });
        return;
      }
      fields.push(s.slice(from, i));
    }
    if (end - start > this.maxRecord)
      this.out.push({ line: this.line, error: `record longer than ${this.maxRecord} characters` });
    else if (fields.length > 0) this.out.push({ line: this.line, fields });
  }

  private breakLine(c: number): void {
    this.line++;
    this.pendingLF = c === CR;
  }
}
