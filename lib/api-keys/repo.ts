import { db, type DbClient } from '../db';

export function insertApiKey(
  data: { workspaceId: string; name: string; prefix: string; hash: string; scopes: string[]; createdBy: string | null },
  client: DbClient,
) {
  return client.apiKey.create({ data });
}

export function findApiKeys(workspaceId: string) {
  return db().apiKey.findMany({
    where: { workspaceId },
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
  });
}

export function findApiKeyInWorkspace(workspaceId: string, id: string, client: DbClient = db()) {
  return client.apiKey.findFirst({ where: { workspaceId, id } });
}

export function markApiKeyRevoked(id: string, client: DbClient) {
  return client.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
}

export function findActiveApiKeyByHash(hash: string) {
  return db().apiKey.findFirst({
    where: { hash, revokedAt: null },
    include: { workspace: { select: { id: true, slug: true } } },
  });
}

/** Records use at most once a minute per key, so busy keys do not write on every request. */
export async function touchApiKey(id: string): Promise<void> {
  await db().$executeRaw`UPDATE api_keys SET last_used_at = now()
    WHERE id = ${id} AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`;
}

export function runInTransaction<T>(fn: (tx: DbClient) => Promise<T>): Promise<T> {
  return db().$transaction((tx) => fn(tx));
}
