import { systemContext } from '../../lib/auth/context';
import { closeDb } from '../../lib/db';
import { createWorkspace, upsertMemberAsSystem } from '../../lib/workspaces/service';
import { insertCustomers } from './customers';

export const E2E_PASSWORD = 'demo-password';
export const E2E_ROLES = ['admin', 'ops', 'marketer', 'manager'] as const;
export const e2eEmail = (role: string) => `${role}@e2e.test`;

/** Workspace "e2e" with one user per role and a few customers; the admin also belongs to "e2e-second". */
export async function seedE2eData(): Promise<void> {
  const ws = await createWorkspace({ slug: 'e2e', name: 'E2E Retail' });
  const ctx = systemContext(ws.id, ws.slug, 'e2e-seed');
  for (const role of E2E_ROLES)
    await upsertMemberAsSystem(ctx, { email: e2eEmail(role), role, password: E2E_PASSWORD });
  await insertCustomers(ws.id, [
    {
      id: 'CUST-001',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+44 20 7946 0958',
      segment: 'enterprise',
    },
    { id: 'CUST-002', name: '王小明', email: 'xiaoming@example.cn', phone: '+86 138 0013 8000', segment: 'consumer' },
    { id: 'CUST-003', name: 'Zoë Ørsted', email: 'zoe@example.dk', segment: 'smb' },
  ]);
  const second = await createWorkspace({ slug: 'e2e-second', name: 'Second Shop' });
  await upsertMemberAsSystem(systemContext(second.id, second.slug, 'e2e-seed'), {
    email: e2eEmail('admin'),
    role: 'manager',
    password: E2E_PASSWORD,
  });
  await closeDb();
}

/** Workspace "e2e-scoring": a small synthetic shop with a promoted logistic model, an admin and a manager. */
export async function seedScoringWorkspace(customers = 300): Promise<{ id: string; slug: string }> {
  const { insertChurnShop } = await import('./ml-data');
  const { createTrainingRun, runTraining } = await import('../../lib/ml/training');
  const ws = await createWorkspace({ slug: 'e2e-scoring', name: 'Scoring Shop' });
  const ctx = systemContext(ws.id, ws.slug, 'e2e-seed');
  for (const role of ['admin', 'manager'] as const)
    await upsertMemberAsSystem(ctx, { email: `scoring-${role}@e2e.test`, role, password: E2E_PASSWORD });
  const dates = await insertChurnShop(ws.id, customers);
  const runId = await createTrainingRun(
    ctx,
    { label: { kind: 'inactivity', horizonDays: 90 }, asOf: dates.asOf, algorithm: 'logreg', promote: true },
    { queue: false },
  );
  await runTraining(runId);
  return { id: ws.id, slug: ws.slug };
}
