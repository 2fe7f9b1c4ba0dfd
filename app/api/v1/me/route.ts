import { apiRoute } from '@/lib/http/api';

/** Which workspace and scopes the calling key has: a cheap way for clients to check their key. */
export const GET = apiRoute('workspace.read', async (_req, ctx) =>
  Response.json({
    workspace: { id: ctx.workspaceId, slug: ctx.workspaceSlug },
    key: ctx.actor.label,
    scopes: [...ctx.permissions].sort(),
  }),
);
