import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  CsvParser,
  MAX_FIELD_LENGTH,
  headerToRecord,
  normalizeHeader,
  parseCsv,
  type CsvOptions,
  type CsvRow,
} from '../../lib/ingest/csv';
import { detectFormat, openTextSource, textChunksFrom } from '../../lib/ingest/source';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/ingest');

function parseChunks(chunks: string[], opts: CsvOptions = {}): CsvRow[] {
  const parser = new CsvParser(opts);
  const rows = chunks.flatMap((c) => parser.push(c));
  return [...rows, ...parser.end()];
}
const parse = (text: string, opts: CsvOptions = {}) => parseChunks([text], opts);

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('parseCsv: RFC 4180', () => {
  it('yields fields with the 1-based physical line each record starts on', () => {
    expect(parse('a,b\n1,2\n3,4')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  it('handles quoted delimiters, doubled quotes and newlines (CRLF, LF, lone CR) inside quotes', () => {
    const rows = parse('id,text\r\n1,"a, b"\r\n2,"say ""hi"""\r\n3,"x\r\ny\nz\rw"\r\n4,end\r\n');
    expect(rows).toEqual([
      { line: 1, fields: ['id', 'text'] },
      { line: 2, fields: ['1', 'a, b'] },
      { line: 3, fields: ['2', 'say "hi"'] },
      { line: 4, fields: ['3', 'x\r\ny\nz\rw'] },
      { line: 8, fields: ['4', 'end'] },
    ]);
  });

  it('treats a lone CR as a line break', () => {
    expect(parse('a\rb\r\rc')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['b'] },
      { line: 4, fields: ['c'] },
    ]);
  });

  it('strips a UTF-8 BOM at the start only', () => {
    expect(parseChunks(['\uFEFFa,b\n', '\uFEFFc,d\n'])).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['\uFEFFc', 'd'] },
    ]);
  });

  it('skips blank and whitespace-only lines but still counts them', () => {
    expect(parse('a\n\n  \r\n\nb\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 5, fields: ['b'] },
    ]);
  });

  it('keeps empty fields, a trailing delimiter and a quoted empty line', () => {
    expect(parse('a,,\n""\n,\n')).toEqual([
      { line: 1, fields: ['a', '', ''] },
      { line: 2, fields: [''] },
      { line: 3, fields: ['', ''] },
    ]);
    expect(parse('a,b,')).toEqual([{ line: 1, fields: ['a', 'b', ''] }]);
  });
});

describe('parseCsv: malformed input', () => {
  it('reports an unclosed quote on the line it opened and resumes on the next line', () => {
    expect(parse('h\n"open\nnext\nlast\n')).toEqual([
      { line: 1, fields: ['h'] },
      { line: 2, error: expect.stringContaining('unclosed quote') },
      { line: 3, fields: ['next'] },
      { line: 4, fields: ['last'] },
    ]);
  });

  it('rejects a stray quote inside an unquoted field and continues with the next line', () => {
    expect(parse('a,b"c,d\ne,f\n')).toEqual([
      { line: 1, error: expect.stringContaining('unexpected quote') },
      { line: 2, fields: ['e', 'f'] },
    ]);
  });

  it('rejects text after a closing quote', () => {
    expect(parse('"a"b,c\nd\n')).toEqual([
      { line: 1, error: expect.stringContaining('after closing quote') },
      { line: 2, fields: ['d'] },
    ]);
  });

  it('turns a field over 1 MB into one error row and resyncs at the next newline', () => {
    const huge = 'x'.repeat(MAX_FIELD_LENGTH + 10);
    const rows = parseChunks(['a,b\n1,', huge.slice(0, 500_000), huge.slice(500_000), ',2\n3,4\n']);
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: expect.stringContaining('field longer than 1048576') },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  it('gives up on an overlong quoted field and resumes on the line after its opening quote', () => {
    const rows = parse('a\n"x\ny\n' + 'z'.repeat(200) + '\n', { maxFieldLength: 100 });
    expect(rows).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, error: expect.stringContaining('field longer than 100') },
      { line: 3, fields: ['y'] },
      { line: 4, error: expect.stringContaining('field longer than 100') },
    ]);
  });

  it('keeps at most about one field buffered while skipping an endless broken line', () => {
    const parser = new CsvParser();
    const megabyte = 'x'.repeat(1 << 20);
    const rows = parser.push('a\n"');
    for (let k = 0; k < 20; k++) rows.push(...parser.push(megabyte));
    // White-box check: the scanner's buffer, not just the output, stays bounded.
    const buffered = (parser as unknown as { scanner: { buf: string } }).scanner.buf.length;
    expect(buffered).toBeLessThanOrEqual(2 << 20);
    rows.push(...parser.push('\nb\n'), ...parser.end());
    expect(rows).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, error: expect.stringContaining('field longer than') },
      { line: 3, fields: ['b'] },
    ]);
  });

  it('bounds records in whitespace mode, whether the line arrives whole or in pieces', () => {
    const text = `a b\n${'x '.repeat(100)}\nc d\n`;
    const expected = [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: 'record longer than 50 characters' },
      { line: 3, fields: ['c', 'd'] },
    ];
    const opts = { delimiter: 'whitespace', maxRecordLength: 50 };
    expect(parse(text, opts)).toEqual(expected);
    expect(parseChunks(text.match(/[^]{1,7}/g) ?? [], opts)).toEqual(expected);
  });

  it('bounds a record made of many small fields', () => {
    const rows = parse(`${'a,'.repeat(100)}\nok\n`, { maxRecordLength: 50 });
    expect(rows).toEqual([
      { line: 1, error: 'record longer than 50 characters' },
      { line: 2, fields: ['ok'] },
    ]);
  });
});

describe('parseCsv: delimiters', () => {
  it('splits on runs of spaces and tabs in whitespace mode, ignoring edges and quotes', () => {
    const text =
      ' customer_id date number_of_cds dollar_value\r\n 00001 19970101  1  11.77\r\n\r\n\t00002\t19970112 "1" 12.00';
    expect(parse(text, { delimiter: 'whitespace' })).toEqual([
      { line: 1, fields: ['customer_id', 'date', 'number_of_cds', 'dollar_value'] },
      { line: 2, fields: ['00001', '19970101', '1', '11.77'] },
      { line: 4, fields: ['00002', '19970112', '"1"', '12.00'] },
    ]);
  });

  it("accepts 'tab' and any single character", () => {
    expect(parse('a\tb\n"x\ty"\tz', { delimiter: 'tab' })).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x\ty', 'z'] },
    ]);
    expect(parse('a;b,c', { delimiter: ';' })).toEqual([{ line: 1, fields: ['a', 'b,c'] }]);
  });

  it('refuses delimiters that cannot work', () => {
    expect(() => new CsvParser({ delimiter: '"' })).toThrow(/Invalid delimiter/);
    expect(() => new CsvParser({ delimiter: ';;' })).toThrow(/single character/);
  });
});

describe('parseCsv: chunk boundaries', () => {
  const TRICKY = '\uFEFFid,"quoted, ""x"""\r\n1,"multi\r\nline"\r\n\r\n2,plain,\n3,"a""b"\r"c",d\n4,"open\n5,é😀\r\n';

  it('gives identical output for every split into two chunks (inside CRLF, quote pairs, surrogate pairs)', () => {
    const whole = parse(TRICKY);
    expect(whole.length).toBeGreaterThan(4);
    for (let i = 0; i <= TRICKY.length; i++) {
      expect(parseChunks([TRICKY.slice(0, i), TRICKY.slice(i)]), `split at ${i}`).toEqual(whole);
    }
  });

  it('gives identical output for every split into three chunks and for one-character chunks', () => {
    const whole = parse(TRICKY);
    for (let i = 0; i <= TRICKY.length; i++) {
      for (let j = i; j <= TRICKY.length; j++) {
        expect(parseChunks([TRICKY.slice(0, i), TRICKY.slice(i, j), TRICKY.slice(j)])).toEqual(whole);
      }
    }
    expect(parseChunks([...TRICKY])).toEqual(whole);
  });

  it('gives identical output for every split in whitespace mode', () => {
    const text = ' a  b\r\n\r\n c\td \r e f\n';
    const whole = parse(text, { delimiter: 'whitespace' });
    for (let i = 0; i <= text.length; i++) {
      expect(parseChunks([text.slice(0, i), text.slice(i)], { delimiter: 'whitespace' })).toEqual(whole);
    }
  });

  it('is the same through the async generator', async () => {
    async function* chunks() {
      yield TRICKY.slice(0, 7);
      yield TRICKY.slice(7);
    }
    expect(await collect(parseCsv(chunks()))).toEqual(parse(TRICKY));
  });
});

describe('header helpers', () => {
  it('pairs fields with the header and rejects a wrong field count', () => {
    expect(headerToRecord(['a', 'b'], ['1', '2'])).toEqual({ record: { a: '1', b: '2' } });
    expect(headerToRecord(['a', 'b', 'c'], ['1', '2'])).toEqual({ error: 'expected 3 fields, found 2' });
  });

  it('keeps a "__proto__" column as data instead of changing the prototype', () => {
    const result = headerToRecord(['__proto__', 'x'], ['evil', '1']);
    if (!('record' in result)) throw new Error('expected a record');
    expect(Object.getPrototypeOf(result.record)).toBe(Object.prototype);
    expect(Object.keys(result.record)).toEqual(['__proto__', 'x']);
  });

  it('trims header names, names empty ones and rejects duplicates', () => {
    expect(normalizeHeader([' id ', '', 'x'])).toEqual({ columns: ['id', 'column_2', 'x'] });
    expect(normalizeHeader(['id', 'x', ' id'])).toEqual({ error: 'duplicate column "id" (columns 1 and 3)' });
  });
});

describe('openTextSource', () => {
  it('reads the quoted fixture: BOM, CRLF and quoted newlines', async () => {
    const source = openTextSource(path.join(FIXTURES, 'events-quoted.csv'));
    expect(source.format).toBe('csv');
    const rows = await collect(parseCsv(source.chunks));
    expect(rows).toEqual([
      { line: 1, fields: ['customer_id', 'occurred_at', 'type', 'value', 'note'] },
      { line: 2, fields: ['c1', '2024-03-01T10:00:00Z', 'login', '', 'first line\r\nsecond line'] },
      { line: 4, fields: ['c2', '2024-03-02T11:00:00Z', 'page_view', '12.5', 'says "hi", then leaves'] },
      { line: 5, fields: ['c3', '2024-03-03', 'feature_use', '3', 'multi\nline\nwith LF only'] },
      { line: 9, fields: ['c4', '2024-03-04T00:00:00Z', 'cancel', '', ''] },
    ]);
    expect(source.bytesRead()).toBe(source.totalBytes);
  });

  it('reads the malformed fixture: bad rows become errors, good rows survive', async () => {
    const rows = await collect(parseCsv(openTextSource(path.join(FIXTURES, 'malformed.csv')).chunks));
    expect(
      rows.map((r) => ('error' in r ? `${r.line}: ${r.error.split(' (')[0]}` : `${r.line}: ${r.fields[0]}`)),
    ).toEqual([
      '1: customer_id',
      '2: m1',
      '3: unexpected quote in unquoted field',
      '4: unexpected character "x" after closing quote',
      '5: unclosed quote',
      '6: m5',
    ]);
  });

  it('gunzips .gz files and counts compressed bytes', async () => {
    const source = openTextSource(path.join(FIXTURES, 'transactions.csv.gz'));
    const rows = await collect(parseCsv(source.chunks));
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual({ line: 1, fields: expect.arrayContaining(['customer_id', 'amount']) });
    expect(source.bytesRead()).toBe(source.totalBytes);
    expect(source.totalBytes).toBeLessThan(300);
  });

  it('gunzips by magic bytes when the name does not say .gz, and picks ndjson by extension', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ingest-src-'));
    const file = path.join(dir, 'events.jsonl');
    writeFileSync(file, gzipSync('{"a":1}\n'));
    const source = openTextSource(file);
    expect(source.format).toBe('ndjson');
    expect((await collect(source.chunks)).join('')).toBe('{"a":1}\n');
  });

  it('reports a corrupt .gz file as an error that names it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ingest-src-'));
    const file = path.join(dir, 'broken.csv.gz');
    writeFileSync(file, 'not gzip at all');
    await expect(collect(openTextSource(file).chunks)).rejects.toThrow(/broken\.csv\.gz" is not a valid gzip file/);
  });

  it('picks the format from the extension and lists the accepted ones otherwise', () => {
    expect(detectFormat('/x/a.CSV')).toEqual({ format: 'csv', gzip: false });
    expect(detectFormat('a.txt.gz')).toEqual({ format: 'csv', gzip: true });
    expect(detectFormat('a.ndjson.gz')).toEqual({ format: 'ndjson', gzip: true });
    expect(() => detectFormat('data.xlsx')).toThrow(/\.csv, \.txt, \.ndjson, \.jsonl/);
    expect(() => detectFormat('data.gz')).toThrow(/Cannot tell the format/);
  });

  it('decodes multi-byte characters split across byte chunks', async () => {
    const bytes = Buffer.from('é😀,ü\n');
    async function* split() {
      for (const b of bytes) yield Uint8Array.of(b);
    }
    expect((await collect(textChunksFrom(split()))).join('')).toBe('é😀,ü\n');
  });
});
