// Opens an import file as a stream of text chunks: format from the extension, gunzip when needed, UTF-8 decoded
// in stream mode (a multi-byte character split across reads survives), and a byte counter for progress bars.
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

export type TextFormat = 'csv' | 'ndjson';

export type TextSource = {
  /** The decoded text; iterate it once. */
  chunks: AsyncIterable<string>;
  format: TextFormat;
  /** Bytes read from disk so far (compressed bytes for .gz), to compare with totalBytes. */
  bytesRead(): number;
  totalBytes: number;
};

const READ_CHUNK = 1 << 16;
const FORMATS: Record<string, TextFormat> = { csv: 'csv', txt: 'csv', ndjson: 'ndjson', jsonl: 'ndjson' };
export const ACCEPTED_EXTENSIONS = ['.csv', '.txt', '.ndjson', '.jsonl'] as const;

/** The format a file name announces, and whether the name says gzip; throws for names it cannot place. */
export function detectFormat(path: string): { format: TextFormat; gzip: boolean } {
  const name = basename(path).toLowerCase();
  const gzip = name.endsWith('.gz');
  const stem = gzip ? name.slice(0, -3) : name;
  const dot = stem.lastIndexOf('.');
  const format = dot >= 0 ? FORMATS[stem.slice(dot + 1)] : undefined;
  if (!format) {
    throw new Error(
      `Cannot tell the format of "${basename(path)}": use a ${ACCEPTED_EXTENSIONS.join(', ')} file, optionally gzipped (+ .gz).`,
    );
  }
  return { format, gzip };
}

/** True when the file starts with the gzip magic bytes 1f 8b, whatever its name says. */
function startsWithGzipMagic(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** Decodes a byte stream (a file, a request body) as UTF-8 text chunks; invalid bytes become U+FFFD. */
export async function* textChunksFrom(stream: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const bytes of stream) {
    const text = decoder.decode(bytes, { stream: true });
    if (text.length > 0) yield text;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}

function gunzipped(source: AsyncIterable<Uint8Array>, name: string): AsyncIterable<Uint8Array> {
  const gunzip = createGunzip();
  // pipeline forwards a read or decompression error to the gunzip stream, so the consumer's for-await throws it.
  pipeline(source, gunzip, (err) => {
    if (err && !gunzip.destroyed) gunzip.destroy(err);
  });
  return (async function* () {
    try {
      for await (const chunk of gunzip) yield chunk as Uint8Array;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code?.startsWith('Z_')) throw new Error(`"${name}" is not a valid gzip file: ${(err as Error).message}`);
      throw err;
    }
  })();
}

/**
 * Opens an import file. Format by extension (.csv/.txt → csv, .ndjson/.jsonl → ndjson, optionally + .gz);
 * gunzips when the name ends in .gz or the content starts with the gzip magic bytes. Throws at once for an
 * unknown extension or a missing file.
 */
export function openTextSource(path: string): TextSource {
  const { format, gzip } = detectFormat(path);
  const totalBytes = statSync(path).size;
  const compressed = gzip || startsWithGzipMagic(path);
  let bytes = 0;
  async function* fileBytes(): AsyncGenerator<Uint8Array> {
    const file = createReadStream(path, { highWaterMark: READ_CHUNK });
    for await (const chunk of file) {
      bytes += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }
  const raw = fileBytes();
  return {
    chunks: textChunksFrom(compressed ? gunzipped(raw, basename(path)) : raw),
    format,
    bytesRead: () => bytes,
    totalBytes,
  };
}
