import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { requirePermission, type Ctx } from '../auth/context';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { createImport, queueImport } from './service';

const ACCEPTED = /\.(csv|txt|ndjson|jsonl)(\.gz)?$/i;

/**
 * Streams an uploaded file to disk (never into memory), registers the import and queues it for the worker.
 * The file keeps its extension, which says how to read it.
 */
export async function receiveUpload(
  ctx: Ctx,
  body: ReadableStream<Uint8Array> | null,
  fileName: string,
  options: unknown,
) {
  requirePermission(ctx, 'imports.write');
  const base = path
    .basename(fileName || '')
    .replace(/[^\w.-]+/g, '_')
    .slice(-120);
  if (!ACCEPTED.test(base))
    throw new AppError('invalid_input', 'file: must end in .csv, .txt, .ndjson or .jsonl (optionally .gz)');
  if (!body) throw new AppError('invalid_input', 'file: the upload is empty');
  const env = getEnv();
  const dir = path.resolve(env.UPLOAD_DIR, ctx.workspaceId);
  await fs.promises.mkdir(dir, { recursive: true });
  const filePath = path.join(dir, `${randomUUID()}-${base}`);
  const max = env.UPLOAD_MAX_MB * 1024 * 1024;
  let size = 0;
  try {
    await pipeline(
      Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          size += chunk.length;
          if (size > max)
            throw new AppError('payload_too_large', `file: larger than the ${env.UPLOAD_MAX_MB} MB upload limit`);
          yield chunk;
        }
      },
      fs.createWriteStream(filePath),
    );
    if (size === 0) throw new AppError('invalid_input', 'file: the upload is empty');
    const imp = await createImport(ctx, { fileName: base, filePath, options });
    await queueImport(imp.id);
    return imp;
  } catch (err) {
    await fs.promises.rm(filePath, { force: true });
    throw err;
  }
}
