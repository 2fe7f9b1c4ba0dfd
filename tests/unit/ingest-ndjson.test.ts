import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_LINE_LENGTH,
  NdjsonParser,
  parseNdjson,
  type NdjsonOptions,
  type NdjsonRow,
} from '../../lib/ingest/ndjson';
import { validateRecord } from '../../lib/ingest/records';
import { openTextSource } from '../../lib/ingest/source';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/ingest');

function parseChunks(chunks: string[], opts: NdjsonOptions = {}): NdjsonRow[] {
  const parser = new NdjsonParser(opts);
  return [...chunks.flatMap((c) => parser.push(c)), ...parser.end()];
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('parseNdjson', () => {
  it('reads one object per line with line numbers, skipping blank lines, with or without a final newline', () => {
    expect(parseChunks(['{"a":1}\n\n{"b":"x"}\r\n{"c":null}'])).toEqual([
      { line: 1, record: { a: 1 } },
      { line: 3, record: { b: 'x' } },
      { line: 4, record: { c: null } },
    ]);
  });

  it('turns invalid JSON and non-objects into error rows and keeps going', () => {
    const rows = parseChunks(['{"a":1,}\n[1]\n"s"\n42\nnull\ntrue\n{"ok":1}\n']);
    expect(rows).toEqual([
      { line: 1, error: expect.stringMatching(/^not valid JSON: /) },
      { line: 2, error: 'expected a JSON object, got array' },
      { line: 3, error: 'expected a JSON object, got string' },
      { line: 4, error: 'expected a JSON object, got number' },
      { line: 5, error: 'expected a JSON object, got null' },
      { line: 6, error: 'expected a JSON object, got boolean' },
      { line: 7, record: { ok: 1 } },
    ]);
  });

  it('strips a UTF-8 BOM on the first line', () => {
    expect(parseChunks(['\uFEFF{"a":1}\n'])).toEqual([{ line: 1, record: { a: 1 } }]);
  });

  it('caps the quoted input in a JSON error message', () => {
    const [row] = parseChunks([`{"a":"${'x'.repeat(5000)}"`]);
    expect(row && 'error' in row && row.error.length).toBeLessThanOrEqual(240);
  });

  it('reports a line over 1 MB once, without buffering it, and resumes after its newline', () => {
    const parser = new NdjsonParser();
    const piece = 'x'.repeat(400_000);
    const rows = [
      ...parser.push('{"a":1}\n{"big":"'),
      ...parser.push(piece),
      ...parser.push(piece),
      ...parser.push(piece),
    ];
    expect(rows).toEqual([
      { line: 1, record: { a: 1 } },
      { line: 2, error: `line longer than ${MAX_LINE_LENGTH} characters` },
    ]);
    // While skipping, incoming chunks are dropped rather than appended.
    expect(parser.push(piece.repeat(3))).toEqual([]);
    expect([...parser.push(`${piece}"}\n{"b":2}\n`), ...parser.end()]).toEqual([{ line: 3, record: { b: 2 } }]);
  });

  it('rejects an overlong line that arrives complete in one chunk', () => {
    expect(parseChunks([`{"a":"${'x'.repeat(50)}"}\n{"b":1}\n`], { maxLineLength: 20 })).toEqual([
      { line: 1, error: 'line longer than 20 characters' },
      { line: 2, record: { b: 1 } },
    ]);
  });

  it('gives identical output for every split into two chunks', () => {
    const text = '\uFEFF{"a":"é😀"}\r\n\n[1]\n{"b":\n{"c":"\\n"}\r\n';
    const whole = parseChunks([text]);
    expect(whole).toHaveLength(4);
    for (let i = 0; i <= text.length; i++)
      expect(parseChunks([text.slice(0, i), text.slice(i)]), `split at ${i}`).toEqual(whole);
  });

  it('does not let a "__proto__" key change the prototype', () => {
    const [row] = parseChunks(['{"__proto__":{"polluted":true},"a":1}']);
    if (!row || !('record' in row)) throw new Error('expected a record');
    expect(Object.keys(row.record)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('events-bad.ndjson fixture', () => {
  it('yields parse errors for malformed lines and validation errors for bad values, and keeps the good events', async () => {
    const rows = await collect(parseNdjson(openTextSource(path.join(FIXTURES, 'events-bad.ndjson')).chunks));
    const summary = rows.map((row) => {
      if ('error' in row)
        return `${row.line} parse: ${row.error.startsWith('not valid JSON') ? 'not valid JSON' : row.error}`;
      const result = validateRecord('events', row.record);
      return result.ok
        ? `${row.line} ok ${result.record.customerId}`
        : `${row.line} invalid: ${result.errors.map((e) => e.field).join(',')}`;
    });
    expect(summary).toEqual([
      '1 ok c1',
      '2 parse: not valid JSON',
      '4 parse: expected a JSON object, got array',
      '5 parse: expected a JSON object, got string',
      '6 parse: expected a JSON object, got null',
      '7 ok c2',
      '8 invalid: occurred_at,value',
      '9 parse: not valid JSON',
      '10 invalid: value',
      '11 ok 123',
      '12 invalid: type',
      '13 ok c7',
      '15 ok c8',
    ]);
  });

  it('merges extra keys into properties and reads JSON-typed values', async () => {
    const rows = await collect(parseNdjson(openTextSource(path.join(FIXTURES, 'events-bad.ndjson')).chunks));
    const byLine = new Map(rows.map((r) => [r.line, r]));
    const c2 = byLine.get(7);
    if (!c2 || !('record' in c2)) throw new Error('line 7 should parse');
    expect(validateRecord('events', c2.record)).toEqual({
      ok: true,
      record: {
        customerId: 'c2',
        occurredAt: new Date('2024-03-01T00:00:00Z'),
        type: 'page_view',
        value: 12.5,
        properties: { path: '/pricing', browser: 'firefox' },
      },
    });
    const numericId = byLine.get(11);
    if (!numericId || !('record' in numericId)) throw new Error('line 11 should parse');
    expect(validateRecord('events', numericId.record)).toMatchObject({
      ok: true,
      record: { customerId: '123', eventId: 'e-1', occurredAt: new Date('2024-03-01T04:30:00Z') },
    });
  });
});
