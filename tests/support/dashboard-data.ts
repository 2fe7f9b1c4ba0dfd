import { systemContext } from '../../lib/auth/context';
import { createWorkspace, upsertMemberAsSystem } from '../../lib/workspaces/service';
import { E2E_PASSWORD } from './e2e-data';

const DAY = 86_400_000;
const FIRST = ['Ada', 'Grace', 'Alan', 'Mei', 'Ravi', 'Lena', 'Omar', 'Sofia', 'Jun', 'Nora', 'Tomás', 'Ingrid'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Chen', 'Patel', 'Berg', 'Haddad', 'Rossi', 'Wang', 'Kim', 'Silva'];

export type DashboardWorkspace = { id: string; slug: string; system: ReturnType<typeof systemContext> };

/**
 * Workspace "e2e-dash": the synthetic shop (named customers, four regions) with a promoted logistic model,
 * scored two weeks ago, a week ago and now, as the scheduled runs would have, so the tiers have a trend, a
 * comparison with a week earlier, and each customer a score history. One member per role.
 */
export async function seedDashboardWorkspace(customers = 300): Promise<DashboardWorkspace> {
  const { insertChurnShop } = await import('./ml-data');
  const { createTrainingRun, runTraining } = await import('../../lib/ml/training');
  const { createScoreRun } = await import('../../lib/scoring/service');
  const { runScoring, scoreAsOf } = await import('../../lib/scoring/run');
  const { setTierThresholds } = await import('../../lib/scoring/thresholds');
  const { encryptField } = await import('../../lib/crypto/pii');
  const { pool } = await import('../../lib/db');
  const ws = await createWorkspace({ slug: 'e2e-dash', name: 'Dashboard Shop', currency: 'EUR' });
  const system = systemContext(ws.id, ws.slug, 'e2e-seed');
  for (const role of ['ops', 'manager', 'marketer', 'admin'] as const)
    await upsertMemberAsSystem(system, { email: `dash-${role}@e2e.test`, role, password: E2E_PASSWORD });
  const dates = await insertChurnShop(ws.id, customers);
  const { rows } = await pool().query<{ id: string }>(
    'SELECT id::text FROM customers WHERE workspace_id = $1 ORDER BY id',
    [ws.id],
  );
  await pool().query(
    `UPDATE customers c SET name_enc = x.name_enc, pii_key_id = $3
       FROM unnest($2::bigint[], $4::text[]) AS x(id, name_enc) WHERE c.workspace_id = $1 AND c.id = x.id`,
    [
      ws.id,
      rows.map((r) => r.id),
      process.env.PII_ACTIVE_KEY_ID!,
      rows.map((_, i) => encryptField(`${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`)),
    ],
  );
  const trainId = await createTrainingRun(
    system,
    { label: { kind: 'inactivity', horizonDays: 90 }, asOf: dates.asOf, algorithm: 'logreg', promote: true },
    { queue: false },
  );
  await runTraining(trainId);
  // Low enough thresholds that every region has high-risk customers to filter to.
  await setTierThresholds(system, { high: 0.45, medium: 0.25 });
  for (const daysAgo of [14, 7]) await scoreAsOf(ws.id, new Date(Date.now() - daysAgo * DAY));
  await runScoring(await createScoreRun(system, 'manual', { queue: false }));
  return { id: ws.id, slug: ws.slug, system };
}
