import { systemContext } from '../../lib/auth/context';
import { createWorkspace, upsertMemberAsSystem } from '../../lib/workspaces/service';
import { E2E_PASSWORD, insertNamedShopWithModel } from './e2e-data';

const DAY = 86_400_000;

export type DashboardWorkspace = { id: string; slug: string; system: ReturnType<typeof systemContext> };

/**
 * Workspace "e2e-dash": the synthetic shop (named customers, four regions) with a promoted logistic model,
 * scored two weeks ago, a week ago and now, as the scheduled runs would have, so the tiers have a trend, a
 * comparison with a week earlier, and each customer a score history. One member per role.
 */
export async function seedDashboardWorkspace(customers = 300): Promise<DashboardWorkspace> {
  const { createScoreRun } = await import('../../lib/scoring/service');
  const { runScoring, scoreAsOf } = await import('../../lib/scoring/run');
  const { setTierThresholds } = await import('../../lib/scoring/thresholds');
  const ws = await createWorkspace({ slug: 'e2e-dash', name: 'Dashboard Shop', currency: 'EUR' });
  const system = systemContext(ws.id, ws.slug, 'e2e-seed');
  for (const role of ['ops', 'manager', 'marketer', 'admin'] as const)
    await upsertMemberAsSystem(system, { email: `dash-${role}@e2e.test`, role, password: E2E_PASSWORD });
  await insertNamedShopWithModel(system, customers);
  // Low enough thresholds that every region has high-risk customers to filter to.
  await setTierThresholds(system, { high: 0.45, medium: 0.25 });
  for (const daysAgo of [14, 7]) await scoreAsOf(ws.id, new Date(Date.now() - daysAgo * DAY));
  await runScoring(await createScoreRun(system, 'manual', { queue: false }));
  return { id: ws.id, slug: ws.slug, system };
}
