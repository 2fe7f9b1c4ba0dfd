// Streaming NDJSON reader: one JSON object per line. Lines are cut with indexOf (fast) and never buffered past the
// line limit, so one endless line costs one error row, not the process's memory.
import type { RawRecord } from './types';
import { isPlainObject } from './field-readers';

export type NdjsonRow = { line: number; record: RawRecord } | { line: number; error: string };
export type NdjsonOptions = { maxLineLength?: number };

export const MAX_LINE_LENGTH = 1_048_576;

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  return v === null ? 'null' : typeof v;
}

/** Push parser behind parseNdjson; usable directly when the caller already has the text in chunks. */
export class NdjsonParser {
  private readonly maxLine: number;
  private buf = '';
  private line = 1;
  private started = false;
  /** Discarding the rest of an overlong line (already reported) until its newline arrives. */
  private skipping = false;
  private out: NdjsonRow[] = [];

  constructor(opts: NdjsonOptions = {}) {
    this.maxLine = opts.maxLineLength ?? MAX_LINE_LENGTH;
  }

  push(chunk: string): NdjsonRow[] {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.skipping) {
      const nl = chunk.indexOf('\n');
      if (nl < 0) return [];
      this.skipping = false;
      this.line++;
      chunk = chunk.slice(nl + 1);
    }
    const s = this.buf.length === 0 ? chunk : this.buf + chunk;
    let start = 0;
    for (let nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', start)) {
      this.handleLine(s, start, nl);
      this.line++;
      start = nl + 1;
    }
    this.buf = start === 0 ? s : s.slice(start);
    if (this.buf.length > this.maxLine) {
      this.out.push({ line: this.line, error: `line longer than ${this.maxLine} characters` });
      this.buf = '';
      this.skipping = true;
    }
    return this.take();
  }

  end(): NdjsonRow[] {
    if (!this.skipping && this.buf.length > 0) this.handleLine(this.buf, 0, this.buf.length);
    this.buf = '';
    return this.take();
  }

  private take(): NdjsonRow[] {
    const rows = this.out;
    this.out = [];
    return rows;
  }

  private handleLine(s: string, start: number, end: number): void {
    if (end > start && s.charCodeAt(end - 1) === 13) end--;
    if (end - start > this.maxLine) {
      this.out.push({ line: this.line, error: `line longer than ${this.maxLine} characters` });
      return;
    }
    const text = s.slice(start, end);
    if (text.trim().length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      // V8 quotes the input in its message; cap it so a huge broken line does not become a huge error.
      this.out.push({ line: this.line, error: `not valid JSON: ${(err as Error).message.slice(0, 200)}` });
      return;
    }
    if (isPlainObject(value)) this.out.push({ line: this.line, record: value });
    else this.out.push({ line: this.line, error: `expected a JSON object, got ${kindOf(value)}` });
  }
}

/** Parses NDJSON text chunks into records with their 1-based line numbers; bad lines become error rows. */
export async function* parseNdjson(input: AsyncIterable<string>, opts: NdjsonOptions = {}): AsyncGenerator<NdjsonRow> {
  const parser = new NdjsonParser(opts);
  for await (const chunk of input) {
    const rows = parser.push(chunk);
    for (let k = 0; k < rows.length; k++) yield rows[k] as NdjsonRow;
  }
  yield* parser.end();
}
