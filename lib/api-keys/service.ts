import { createHash, randomBytes } from 'node:crypto';
import { recordAudit } from '../audit/service';
import { requirePermission, type Ctx } from '../auth/context';
import { AppError } from '../errors';
import { parseInput } from '../validation';
import * as repo from './repo';
import { ZApiKeyCreate, ZApiKeyRevoke } from './schemas';

const KEY_PREFIX = 'hf_';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Creates an API key and returns it in full exactly once; only its hash is stored. A person may grant only
 * scopes they hold themselves, so a key never outranks its creator.
 */
export async function createApiKey(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'api_keys.write');
  const data = parseInput(ZApiKeyCreate, input);
  const scopes = [...new Set(data.scopes)].sort();
  const beyond = ctx.actor.type === 'system' ? [] : scopes.filter((s) => !ctx.permissions.has(s));
  if (beyond.length) throw new AppError('forbidden', `You cannot grant scopes you do not hold: ${beyond.join(', ')}.`);
  const key = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  const row = await repo.runInTransaction(async (tx) => {
    const created = await repo.insertApiKey(
      {
        workspaceId: ctx.workspaceId,
        name: data.name,
        prefix: key.slice(0, 10),
        hash: hashApiKey(key),
        scopes,
        createdBy: ctx.actor.label,
      },
      tx,
    );
    await recordAudit(
      ctx,
      {
        action: 'api_key.create',
        entityType: 'api_key',
        entityId: created.id,
        after: { name: data.name, scopes, prefix: created.prefix },
      },
      tx,
    );
    return created;
  });
  return { id: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes, key };
}

export async function revokeApiKey(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'api_keys.write');
  const { id } = parseInput(ZApiKeyRevoke, input);
  return repo.runInTransaction(async (tx) => {
    const key = await repo.findApiKeyInWorkspace(ctx.workspaceId, id, tx);
    if (!key) throw new AppError('not_found', 'No such API key in this workspace.');
    if (key.revokedAt) return { id, revokedAt: key.revokedAt };
    const updated = await repo.markApiKeyRevoked(id, tx);
    await recordAudit(
      ctx,
      {
        action: 'api_key.revoke',
        entityType: 'api_key',
        entityId: id,
        before: { name: key.name, revokedAt: null },
        after: { name: key.name, revokedAt: updated.revokedAt },
      },
      tx,
    );
    return { id, revokedAt: updated.revokedAt };
  });
}

export async function listApiKeys(ctx: Ctx) {
  requirePermission(ctx, 'api_keys.read');
  const rows = await repo.findApiKeys(ctx.workspaceId);
  return rows.map(({ hash: _hash, ...rest }) => rest);
}

/** Resolves a bearer key to a request context, or null when unknown or revoked. */
export async function authenticateApiKey(key: string): Promise<Ctx | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const row = await repo.findActiveApiKeyByHash(hashApiKey(key));
  if (!row) return null;
  await repo.touchApiKey(row.id);
  return {
    workspaceId: row.workspace.id,
    workspaceSlug: row.workspace.slug,
    actor: { type: 'api_key', id: row.id, label: `key:${row.name} (${row.prefix}…)` },
    permissions: new Set(row.scopes),
  };
}
