import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

// COPY … FROM STDIN in text format: the fastest way into Postgres; used by every bulk path (imports, seed).

export const COPY_NULL = '\\N';
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
// Lines per chunk written to a COPY stream: large enough to amortise stream overhead, small enough to interleave.
const LINES_PER_CHUNK = 2000;

/** Escapes one value for COPY's text format, where tab, newline and backslash are syntax. */
export function escapeCopy(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] ?? c) : value;
}

export function formatNullable(value: string | number | null | undefined): string {
  return value === null || value === undefined ? COPY_NULL : escapeCopy(String(value));
}

export function formatJson(value: object | null | undefined): string {
  return value === null || value === undefined ? COPY_NULL : escapeCopy(JSON.stringify(value));
}

export function formatDate(value: Date | null | undefined): string {
  return value ? value.toISOString() : COPY_NULL;
}

/** A Postgres text[] literal with every element quoted, so commas, braces or spaces in an item stay inside it. */
export function formatTextArray(items: readonly string[]): string {
  return escapeCopy(`{${items.map((t) => `"${t.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
}

/** Groups lines into chunks lazily, so rows are serialised while the stream drains rather than all up front. */
function* chunkLines(lines: Iterable<string>): Generator<string> {
  let buf: string[] = [];
  for (const line of lines) {
    buf.push(line);
    if (buf.length >= LINES_PER_CHUNK) {
      yield buf.join('');
      buf = [];
    }
  }
  if (buf.length > 0) yield buf.join('');
}

/** Streams tab-separated lines (each ending in \n) into `sql` (a COPY … FROM STDIN) on the given connection. */
export async function copyInto(client: pg.ClientBase, sql: string, lines: Iterable<string>): Promise<number> {
  const stream = client.query(copyFrom(sql));
  await pipeline(Readable.from(chunkLines(lines)), stream);
  return stream.rowCount;
}
