import { describe, expect, it, beforeAll } from 'vitest';
import { authenticateApiKey, createApiKey, hashApiKey, listApiKeys, revokeApiKey } from '../../lib/api-keys/service';
import { createRoleWorkspace, type RoleWorkspace } from '../support/fixtures';
import { sql } from '../support/db';

let ws: RoleWorkspace;
beforeAll(async () => {
  ws = await createRoleWorkspace('keys');
});

describe('API keys', () => {
  it('returns the key once and stores only its hash', async () => {
    const created = await createApiKey(ws.as.admin, { name: 'crm', scopes: ['customers.read', 'workspace.read'] });
    expect(created.key).toMatch(/^hf_[\w-]{32}$/);
    const rows = await sql<{ hash: string; prefix: string }>('SELECT hash, prefix FROM api_keys WHERE id = $1', [
      created.id,
    ]);
    expect(rows[0]!.hash).toBe(hashApiKey(created.key));
    expect(JSON.stringify(rows)).not.toContain(created.key);
    const listed = await listApiKeys(ws.as.admin);
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(listed.find((k) => k.id === created.id)).not.toHaveProperty('hash');
  });

  it('authenticates with its scopes, records last use, and stops working once revoked', async () => {
    const created = await createApiKey(ws.as.admin, { name: 'shop', scopes: ['customers.read'] });
    const ctx = await authenticateApiKey(created.key);
    expect(ctx).toMatchObject({ workspaceId: ws.id, actor: { type: 'api_key', id: created.id } });
    expect([...ctx!.permissions]).toEqual(['customers.read']);
    const used = await sql<{ last_used_at: Date | null }>('SELECT last_used_at FROM api_keys WHERE id = $1', [
      created.id,
    ]);
    expect(used[0]!.last_used_at).not.toBeNull();
    await revokeApiKey(ws.as.admin, { id: created.id });
    expect(await authenticateApiKey(created.key)).toBeNull();
  });

  it('rejects unknown scopes, empty names and scopes the creator does not hold', async () => {
    await expect(createApiKey(ws.as.admin, { name: 'x', scopes: ['everything'] })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('scopes.0'),
    });
    await expect(createApiKey(ws.as.admin, { name: '  ', scopes: ['customers.read'] })).rejects.toMatchObject({
      message: expect.stringContaining('name'),
    });
    // Admins may not reveal personal data, so they cannot mint a key that does.
    await expect(createApiKey(ws.as.admin, { name: 'x', scopes: ['customers.reveal_pii'] })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('ignores malformed and unknown bearer keys', async () => {
    for (const key of ['', 'hf_', 'hf_' + 'a'.repeat(32), "hf_' OR 1=1 --", 'x'.repeat(10_000)]) {
      expect(await authenticateApiKey(key)).toBeNull();
    }
  });

  it('audits creation and revocation', async () => {
    const created = await createApiKey(ws.as.admin, { name: 'audited', scopes: ['audit.read'] });
    await revokeApiKey(ws.as.admin, { id: created.id });
    const rows = await sql<{ action: string; before: unknown; after: { name: string } }>(
      `SELECT action, before, after FROM audit_logs WHERE entity_id = $1 ORDER BY id`,
      [created.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['api_key.create', 'api_key.revoke']);
    expect(rows[1]!.before).toMatchObject({ revokedAt: null });
  });
});
