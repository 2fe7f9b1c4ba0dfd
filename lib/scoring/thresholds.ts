import { recordAudit } from '../audit/service';
import { requirePermission, type Ctx } from '../auth/context';
import { parseInput } from '../validation';
import * as repo from './repo';
import { DEFAULT_THRESHOLDS, ZTierThresholds, type TTierThresholds } from './schemas';

/** The thresholds an admin set for this workspace, or null while it uses the defaults. */
export async function findTierThresholds(workspaceId: string): Promise<TTierThresholds | null> {
  const settings = await repo.loadSettings(workspaceId);
  const parsed = ZTierThresholds.safeParse(settings.tiers);
  return parsed.success ? parsed.data : null;
}

export async function getTierThresholds(workspaceId: string): Promise<TTierThresholds> {
  return (await findTierThresholds(workspaceId)) ?? { ...DEFAULT_THRESHOLDS };
}

/** Changes the workspace's tier thresholds (admins); audited with the values before and after. */
export async function setTierThresholds(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'models.write');
  const tiers = parseInput(ZTierThresholds, input);
  const before = await getTierThresholds(ctx.workspaceId);
  const settings = await repo.loadSettings(ctx.workspaceId);
  await repo.saveSettings(ctx.workspaceId, { ...settings, tiers } as never);
  await recordAudit(ctx, {
    action: 'scoring.thresholds',
    entityType: 'workspace',
    entityId: ctx.workspaceId,
    before,
    after: tiers,
  });
  return tiers;
}
