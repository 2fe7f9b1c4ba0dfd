import { parseArgs } from 'node:util';
import { createApiKey } from '../api-keys/service';
import { systemContext } from '../auth/context';
import { rotatePiiKeys } from '../customers/service';
import { AppError } from '../errors';
import { createWorkspace, getWorkspaceBySlug, upsertMemberAsSystem } from '../workspaces/service';

export type CliOutput = { lines: string[]; json: Record<string, unknown> };

type Command = {
  usage: string;
  options: Record<string, { type: 'string' | 'boolean' }>;
  positionals: number;
  run: (values: Record<string, string | boolean | undefined>, positionals: string[]) => Promise<CliOutput>;
};

function need(values: Record<string, string | boolean | undefined>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new AppError('invalid_input', `--${name} is required.`);
  return v;
}

async function workspaceCtx(slug: string, label: string) {
  const ws = await getWorkspaceBySlug(slug);
  return systemContext(ws.id, ws.slug, label);
}

/** The CLI's commands: each parses its arguments and calls the same services the UI uses. */
export const COMMANDS: Record<string, Command> = {
  'workspace create': {
    usage: 'workspace create <slug> [--name <name>] [--currency <ISO 4217>]',
    options: { name: { type: 'string' }, currency: { type: 'string' } },
    positionals: 1,
    async run(v, [slug]) {
      const ws = await createWorkspace({ slug, name: v.name, currency: v.currency });
      return { lines: [`Created workspace "${ws.slug}" (${ws.id}).`], json: { id: ws.id, slug: ws.slug, name: ws.name } };
    },
  },
  'user add': {
    usage: 'user add --workspace <slug> --email <email> --role <admin|ops|marketer|manager> [--password <p>] [--name <n>]',
    options: { workspace: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
    positionals: 0,
    async run(v) {
      const ctx = await workspaceCtx(need(v, 'workspace'), 'cli');
      const m = await upsertMemberAsSystem(ctx, { email: need(v, 'email'), role: need(v, 'role'), password: v.password, name: v.name });
      const lines = [`${m.email} is ${m.role} in "${ctx.workspaceSlug}".`];
      if (m.generatedPassword) lines.push(`Generated password (shown once): ${m.generatedPassword}`);
      return { lines, json: { userId: m.userId, membershipId: m.membershipId, email: m.email, role: m.role, ...(m.generatedPassword ? { password: m.generatedPassword } : {}) } };
    },
  },
  'api-key create': {
    usage: 'api-key create --workspace <slug> --name <name> --scopes <scope,...>',
    options: { workspace: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'string' } },
    positionals: 0,
    async run(v) {
      const ctx = await workspaceCtx(need(v, 'workspace'), 'cli');
      const scopes = need(v, 'scopes').split(',').map((s) => s.trim()).filter(Boolean);
      const key = await createApiKey(ctx, { name: need(v, 'name'), scopes });
      return {
        lines: [`Created API key "${key.name}" with scopes ${key.scopes.join(', ')}.`, 'Copy it now, it is not shown again:', key.key],
        json: { key: key.key, id: key.id, scopes: key.scopes },
      };
    },
  },
  'pii rotate': {
    usage: 'pii rotate --workspace <slug>   (re-encrypts personal fields under PII_ACTIVE_KEY_ID)',
    options: { workspace: { type: 'string' } },
    positionals: 0,
    async run(v) {
      const ctx = await workspaceCtx(need(v, 'workspace'), 'cli');
      const r = await rotatePiiKeys(ctx);
      return { lines: [`Re-encrypted ${r.reencrypted} customers under key "${r.keyId}".`], json: { reencrypted: r.reencrypted, keyId: r.keyId } };
    },
  },
};

export function usage(): string {
  return ['Usage: npm run churn -- <command> [options] [--json]', '', 'Commands:', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join('\n');
}

/** Resolves argv to a command and its parsed arguments; bad arguments throw an AppError that names them. */
export function resolveCommand(argv: string[]) {
  const name = argv.slice(0, 2).join(' ');
  const command = COMMANDS[name];
  if (!command) throw new AppError('invalid_input', argv.length ? `Unknown command "${argv.slice(0, 2).join(' ')}".` : 'No command given.');
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(2), options: { ...command.options, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new AppError('invalid_input', `${(err as Error).message}\nUsage: ${command.usage}`);
  }
  if (parsed.positionals.length !== command.positionals) {
    throw new AppError('invalid_input', `Expected ${command.positionals} argument(s), got ${parsed.positionals.length}.\nUsage: ${command.usage}`);
  }
  return { command, values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals, json: parsed.values.json === true };
}
