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
  const ws = await createWorkspace({ slug: 'e2e-scoring', name: 'Scoring Shop' });
  const ctx = systemContext(ws.id, ws.slug, 'e2e-seed');
  for (const role of ['admin', 'manager'] as const)
    await upsertMemberAsSystem(ctx, { email: `scoring-${role}@e2e.test`, role, password: E2E_PASSWORD });
  const dates = await insertChurnShop(ws.id, customers);
  await trainPromotedLogreg(ctx, dates.asOf);
  return { id: ws.id, slug: ws.slug };
}

export type AlertsWorkspace = { id: string; slug: string; system: ReturnType<typeof systemContext> };

const FIRST = ['Ada', 'Grace', 'Alan', 'Mei', 'Ravi', 'Lena', 'Omar', 'Sofia', 'Jun', 'Nora', 'Tomás', 'Ingrid'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Chen', 'Patel', 'Berg', 'Haddad', 'Rossi', 'Wang', 'Kim', 'Silva'];

async function trainPromotedLogreg(system: ReturnType<typeof systemContext>, asOf: string[]): Promise<void> {
  const { createTrainingRun, runTraining } = await import('../../lib/ml/training');
  const runId = await createTrainingRun(
    system,
    { label: { kind: 'inactivity', horizonDays: 90 }, asOf, algorithm: 'logreg', promote: true },
    { queue: false },
  );
  await runTraining(runId);
}

/**
 * The synthetic shop in a workspace, its customers given names (the views mask and reveal them, so they must not
 * be empty), and a promoted logistic model trained on it.
 */
export async function insertNamedShopWithModel(
  system: ReturnType<typeof systemContext>,
  customers: number,
): Promise<void> {
  const { insertChurnShop } = await import('./ml-data');
  const { encryptField } = await import('../../lib/crypto/pii');
  const { pool } = await import('../../lib/db');
  const dates = await insertChurnShop(system.workspaceId, customers);
  const { rows } = await pool().query<{ id: string }>(
    'SELECT id::text FROM customers WHERE workspace_id = $1 ORDER BY id',
    [system.workspaceId],
  );
  await pool().query(
    `UPDATE customers c SET name_enc = x.name_enc, pii_key_id = $3
       FROM unnest($2::bigint[], $4::text[]) AS x(id, name_enc) WHERE c.workspace_id = $1 AND c.id = x.id`,
    [
      system.workspaceId,
      rows.map((r) => r.id),
      process.env.PII_ACTIVE_KEY_ID!,
      rows.map((_, i) => encryptField(`${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`)),
    ],
  );
  await trainPromotedLogreg(system, dates.asOf);
}

/**
 * Workspace "e2e-alerts": the synthetic shop (named customers) with a promoted logistic model and a member per
 * role, two of them in operations so an alert can be handed over. Alerts come from real scoring runs
 * (`scoreThroughWorker`), as in production.
 */
export async function seedAlertsWorkspace(customers = 300): Promise<AlertsWorkspace> {
  const ws = await createWorkspace({ slug: 'e2e-alerts', name: 'Alerts Shop', currency: 'EUR' });
  const system = systemContext(ws.id, ws.slug, 'e2e-seed');
  const members = [
    { email: 'alerts-ops@e2e.test', name: 'Olivia Ops', role: 'ops' },
    { email: 'alerts-ops2@e2e.test', name: 'Oscar Ortega', role: 'ops' },
    { email: 'alerts-admin@e2e.test', name: 'Alex Admin', role: 'admin' },
    { email: 'alerts-manager@e2e.test', name: 'Maria Manager', role: 'manager' },
    { email: 'alerts-marketer@e2e.test', name: 'Mark Marketer', role: 'marketer' },
  ];
  for (const m of members) await upsertMemberAsSystem(system, { ...m, password: E2E_PASSWORD });
  await insertNamedShopWithModel(system, customers);
  return { id: ws.id, slug: ws.slug, system };
}

/** Queues a scoring run for the workers the e2e server started, and waits for it to end. */
export async function scoreThroughWorker(ws: AlertsWorkspace, timeoutMs = 90_000): Promise<void> {
  const { createScoreRun, listScoreRuns } = await import('../../lib/scoring/service');
  const runId = await createScoreRun(ws.system, 'manual', { queue: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = (await listScoreRuns(ws.system, 5)).find((r) => r.id === runId);
    if (run?.status === 'succeeded') return;
    if (run?.status === 'failed') throw new Error(`scoring failed: ${run.error}`);
    if (Date.now() > deadline) throw new Error(`scoring run ${runId} did not finish in time`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Lowers some customers' latest probabilities, as if an earlier run had found them safe, so the next run sees
 * their risk rise: probability-rise alerts then show "was …".
 */
export async function pretendEarlierLowScores(ws: AlertsWorkspace, count = 12): Promise<void> {
  const { pool } = await import('../../lib/db');
  await pool().query(
    `UPDATE customer_scores s SET probability = s.probability * 0.3, tier = 'low'
      WHERE s.workspace_id = $1 AND s.customer_id IN (
        SELECT customer_id FROM customer_scores WHERE workspace_id = $1 AND tier <> 'high'
         ORDER BY probability DESC, customer_id LIMIT $2)`,
    [ws.id, count],
  );
}
