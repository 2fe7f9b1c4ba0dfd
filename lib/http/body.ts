import { AppError } from '../errors';

/** Reads a request body up to `maxBytes`, answering 413 as soon as it grows past it (never buffering more). */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  const limitMb = Math.round(maxBytes / 1024 / 1024);
  if (declared > maxBytes)
    throw new AppError(
      'payload_too_large',
      `The body is larger than ${limitMb} MB; send at most 10,000 records per request.`,
    );
  if (!req.body) return '';
  const reader = req.body.getReader();
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new AppError(
        'payload_too_large',
        `The body is larger than ${limitMb} MB; send at most 10,000 records per request.`,
      );
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

export type RecordsBody = { records: unknown[]; malformed: Map<number, string> };

/**
 * A JSON array of records, or NDJSON (one object per line): chosen by Content-Type, or when none is given, by
 * whether the body starts with `[`. A broken NDJSON line is that record's error; broken JSON is the request's.
 */
export function parseRecordsBody(text: string, contentType: string | null): RecordsBody {
  const declared = (contentType ?? '').toLowerCase();
  const ndjson =
    /ndjson|jsonl|json-seq/.test(declared) || (!declared.includes('json') && !text.trimStart().startsWith('['));
  if (!ndjson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new AppError('invalid_input', `The body is not valid JSON: ${(err as Error).message}`);
    }
    if (!Array.isArray(parsed))
      throw new AppError('invalid_input', 'The body must be a JSON array of records, or NDJSON.');
    return { records: parsed, malformed: new Map() };
  }
  const records: unknown[] = [];
  const malformed = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line));
    } catch (err) {
      malformed.set(records.length, `not valid JSON: ${(err as Error).message}`);
      records.push(undefined);
    }
  }
  return { records, malformed };
}
