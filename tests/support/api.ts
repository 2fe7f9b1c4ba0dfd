import path from 'node:path';
import { ROOT } from './env';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler module in-process with a real Request, as Next.js would. */
export async function callRoute(
  file: string,
  method: 'GET' | 'POST',
  url: string,
  opts: { key?: string; body?: string; contentType?: string; params?: Record<string, string> } = {},
): Promise<Response> {
  const mod = (await import(path.join(ROOT, file))) as Record<string, Handler>;
  const headers: Record<string, string> = {};
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.contentType) headers['content-type'] = opts.contentType;
  const req = new Request(`http://test${url}`, { method, headers, body: opts.body });
  return mod[method]!(req, { params: Promise.resolve(opts.params ?? {}) });
}

export function postJson(file: string, url: string, key: string, body: unknown) {
  return callRoute(file, 'POST', url, { key, body: JSON.stringify(body), contentType: 'application/json' });
}
