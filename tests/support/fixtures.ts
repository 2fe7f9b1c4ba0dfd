import { createApiKey } from '../../lib/api-keys/service';
import { systemContext, type Ctx } from '../../lib/auth/context';
import { permissionsForRole, ROLES, type RoleName } from '../../lib/auth/permissions';
import { createWorkspace, upsertMemberAsSystem } from '../../lib/workspaces/service';

export const PASSWORD = 'correct-horse-battery';

export type RoleWorkspace = {
  id: string;
  slug: string;
  system: Ctx;
  as: Record<RoleName, Ctx>;
  emails: Record<RoleName, string>;
};

/** A workspace with one user per role, and the request context each would have. */
export async function createRoleWorkspace(slug: string): Promise<RoleWorkspace> {
  const ws = await createWorkspace({ slug, name: `Test ${slug}` });
  const system = systemContext(ws.id, ws.slug, 'test');
  const as = {} as Record<RoleName, Ctx>;
  const emails = {} as Record<RoleName, string>;
  for (const role of ROLES) {
    const email = `${role}@${slug}.test`;
    const m = await upsertMemberAsSystem(system, { email, role, password: PASSWORD });
    emails[role] = email;
    as[role] = {
      workspaceId: ws.id,
      workspaceSlug: ws.slug,
      actor: { type: 'user', id: m.userId, label: email },
      permissions: permissionsForRole(role),
    };
  }
  return { id: ws.id, slug: ws.slug, system, as, emails };
}

export async function createKey(
  ws: RoleWorkspace,
  scopes: string[],
  name = `key-${scopes.join('-') || 'none'}`.slice(0, 80),
) {
  return (await createApiKey(ws.system, { name, scopes })).key;
}
