import { systemContext } from '../auth/context';
import { AppError } from '../errors';
import { getWorkspaceBySlug } from '../workspaces/service';

export type CliOutput = { lines: string[]; json: Record<string, unknown>; exitCode?: number };
export type CliValues = Record<string, string | boolean | undefined>;

export type CliCommand = {
  usage: string;
  options: Record<string, { type: 'string' | 'boolean' }>;
  positionals: number;
  run: (values: CliValues, positionals: string[]) => Promise<CliOutput>;
};

export function need(values: CliValues, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new AppError('invalid_input', `--${name} is required.`);
  return v;
}

export async function workspaceCtx(slug: string, label: string) {
  const ws = await getWorkspaceBySlug(slug);
  return systemContext(ws.id, ws.slug, label);
}
