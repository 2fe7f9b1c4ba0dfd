import { parseArgs } from 'node:util';
import { createApiKey } from '../api-keys/service';
import { rotatePiiKeys } from '../customers/service';
import { AppError } from '../errors';
import { createWorkspace, upsertMemberAsSystem } from '../workspaces/service';
import { createImport, runImport } from '../imports/service';
import path from 'node:path';
import { CHURN_COMMANDS } from './churn-commands';
import { need, workspaceCtx, type CliCommand } from './types';

type Command = CliCommand;

/** The CLI's commands: each parses its arguments and calls the same services the UI uses. */
export const COMMANDS: Record<string, Command> = {
  'workspace create': {
    usage: 'workspace create <slug> [--name <name>] [--currency <ISO 4217>]',
    options: { name: { type: 'string' }, currency: { type: 'string' } },
    positionals: 1,
    async run(v, [slug]) {
      const ws = await createWorkspace({ slug, name: v.name, currency: v.currency });
      return {
        lines: [`Created workspace "${ws.slug}" (${ws.id}).`],
        json: { id: ws.id, slug: ws.slug, name: ws.name },
      };
    },
  },
  'user add': {
    usage:
      'user add --workspace <slug> --email <email> --role <admin|ops|marketer|manager> [--password <p>] [--name <n>]',
    options: {
      workspace: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
    },
    positionals: 0,
    async run(v) {
      const ctx = await workspaceCtx(need(v, 'workspace'), 'cli');
      const m = await upsertMemberAsSystem(ctx, {
        email: need(v, 'email'),
        role: need(v, 'role'),
        password: v.password,
        name: v.name,
      });
      const lines = [`${m.email} is ${m.role} in "${ctx.workspaceSlug}".`];
      if (m.generatedPassword) lines.push(`Generated password (shown once): ${m.generatedPassword}`);
      return {
        lines,
        json: {
          userId: m.userId,
          membershipId: m.membershipId,
          email: m.email,
          role: m.role,
          ...(m.generatedPassword ? { password: m.generatedPassword } : {}),
        },
      };
    },
  },
  'api-key create': {
    usage: 'api-key create --workspace <slug> --name <name> --scopes <scope,...>',
    options: { workspace: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'string' } },
    positionals: 0,
    async run(v) {
      const ctx = await workspaceCtx(need(v, 'workspace'), 'cli');
      const scopes = need(v, 'scopes')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const key = await createApiKey(ctx, { name: need(v, 'name'), scopes });
      return {
        lines: [
          `Created API key "${key.name}" with scopes ${key.scopes.join(', ')}.`,
          'Copy it now, it is not shown again:',
          key.key,
        ],
        json: { key: key.key, id: key.id, scopes: key.scopes },
      };
    },
  },
  import: {
    usage:
      'import <customers|events|transactions|tickets> <file> --workspace <slug> [--map src=dst,...] [--delimiter <char|tab|whitespace>] [--date-format <pattern>] [--create-missing-customers] [--strict]',
    options: {
      workspace: { type: 'string' },
      map: { type: 'string' },
      delimiter: { type: 'string' },
      'date-format': { type: 'string' },
      'create-missing-customers': { type: 'boolean' },
      strict: { type: 'boolean' },
    },
    positionals: 2,
    async run(v, [kind, file]) {
      const ctx = await workspaceCtx(need(v, 'workspace'), 'cli');
      const options = {
        kind,
        map: v.map,
        delimiter: v.delimiter,
        dateFormat: v['date-format'],
        createMissingCustomers: v['create-missing-customers'] === true,
        strict: v.strict === true,
      };
      const filePath = path.resolve(file!);
      const imp = await createImport(ctx, { fileName: path.basename(filePath), filePath, options });
      const started = performance.now();
      let lastReport = 0;
      const summary = await runImport(imp.id, (p) => {
        const now = performance.now();
        if (now - lastReport < 1000) return;
        lastReport = now;
        const pct = p.totalBytes ? Math.min(100, (100 * p.bytesDone) / p.totalBytes).toFixed(0) : '?';
        process.stderr.write(
          `  ${pct} % · line ${p.linesDone.toLocaleString('en')} · ${p.inserted} inserted, ${p.updated} updated, ${p.skipped} skipped, ${p.rejected} rejected\n`,
        );
      });
      const seconds = (performance.now() - started) / 1000;
      const errors = summary.errors.map((e) => ({ line: e.line, field: e.field, reason: e.reason }));
      const lines = [
        `Imported ${kind} from ${path.basename(filePath)} in ${seconds.toFixed(1)} s (import ${imp.id}):`,
        `  ${summary.inserted} inserted, ${summary.updated} updated, ${summary.skipped} skipped as duplicates or unchanged, ${summary.rejected} rejected`,
        ...errors.slice(0, 20).map((e) => `  line ${e.line}: ${e.field}: ${e.reason}`),
        ...(summary.rejected > 20
          ? [`  … see all rejected rows in the console (Imports) or GET /api/imports/${imp.id}/rejections`]
          : []),
      ];
      return {
        lines,
        json: {
          importId: imp.id,
          inserted: summary.inserted,
          updated: summary.updated,
          skipped: summary.skipped,
          rejected: summary.rejected,
          errors,
          seconds: Number(seconds.toFixed(2)),
        },
        exitCode: (summary as { failed?: string }).failed ? 1 : 0,
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
      return {
        lines: [`Re-encrypted ${r.reencrypted} customers under key "${r.keyId}".`],
        json: { reencrypted: r.reencrypted, keyId: r.keyId },
      };
    },
  },
  ...CHURN_COMMANDS,
};

export function findCommand(name: string): Command | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}

export function usage(): string {
  return [
    'Usage: npm run churn -- <command> [options] [--json]',
    '',
    'Commands:',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}`),
  ].join('\n');
}

/** Resolves argv to a command and its parsed arguments; bad arguments throw an AppError that names them. */
export function resolveCommand(argv: string[]) {
  const words = findCommand(argv.slice(0, 2).join(' ')) ? 2 : findCommand(argv[0] ?? '') ? 1 : 0;
  const command = findCommand(argv.slice(0, words).join(' '));
  if (!command || !words)
    throw new AppError(
      'invalid_input',
      argv.length ? `Unknown command "${argv.slice(0, 2).join(' ')}".` : 'No command given.',
    );
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(words),
      options: { ...command.options, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new AppError('invalid_input', `${(err as Error).message}\nUsage: ${command.usage}`);
  }
  if (parsed.positionals.length !== command.positionals) {
    throw new AppError(
      'invalid_input',
      `Expected ${command.positionals} argument(s), got ${parsed.positionals.length}.\nUsage: ${command.usage}`,
    );
  }
  return {
    command,
    values: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
    json: parsed.values.json === true,
  };
}
