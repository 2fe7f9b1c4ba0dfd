import { systemContext } from '../../lib/auth/context';
import { createWorkspace, upsertMemberAsSystem } from '../../lib/workspaces/service';
import { E2E_PASSWORD, pretendEarlierLowScores, scoreThroughWorker, type AlertsWorkspace } from './e2e-data';

// Workspace "e2e-c360" for the customer 360's browser test: the synthetic shop with a promoted model, scored twice
// through the worker (so customers have a score history, a previous score and alerts), one customer given named
// personal data, events and tickets so every timeline kind shows, and one customer added after the scoring runs.

export const C360 = {
  ops: 'c360-ops@e2e.test',
  ops2: { email: 'c360-ops2@e2e.test', name: 'Oscar Ortega' },
  manager: 'c360-manager@e2e.test',
  person: { name: 'Ada Lovelace', email: 'ada.lovelace@example.com', phone: '+44 20 7946 0958' },
  events: 45,
  unscored: 'NEW-0001',
} as const;

export type C360Workspace = AlertsWorkspace & { customer: string };

export async function seedCustomer360Workspace(customers = 200): Promise<C360Workspace> {
  const { insertChurnShop } = await import('./ml-data');
  const { createTrainingRun, runTraining } = await import('../../lib/ml/training');
  const { encryptField, hashEmail } = await import('../../lib/crypto/pii');
  const { pool } = await import('../../lib/db');
  const { insertCustomers } = await import('./customers');
  const ws = await createWorkspace({ slug: 'e2e-c360', name: 'C360 Shop', currency: 'EUR' });
  const system = systemContext(ws.id, ws.slug, 'e2e-seed');
  for (const m of [
    { email: C360.ops, name: 'Olivia Ops', role: 'ops' },
    { email: C360.ops2.email, name: C360.ops2.name, role: 'ops' },
    { email: C360.manager, name: 'Maria Manager', role: 'manager' },
  ])
    await upsertMemberAsSystem(system, { ...m, password: E2E_PASSWORD });
  const dates = await insertChurnShop(ws.id, customers);
  const runId = await createTrainingRun(
    system,
    { label: { kind: 'inactivity', horizonDays: 90 }, asOf: dates.asOf, algorithm: 'logreg', promote: true },
    { queue: false },
  );
  await runTraining(runId);
  const shop: AlertsWorkspace = { id: ws.id, slug: ws.slug, system };
  await scoreThroughWorker(shop);
  await pretendEarlierLowScores(shop, 20);
  await scoreThroughWorker(shop);

  // The customer the test follows: one with an open alert from the second run.
  const { rows } = await pool().query<{ id: string; external_id: string }>(
    `SELECT c.id::text, c.external_id FROM alerts a JOIN customers c ON c.workspace_id = a.workspace_id AND c.id = a.customer_id
      WHERE a.workspace_id = $1 AND a.status = 'open' ORDER BY c.external_id LIMIT 1`,
    [ws.id],
  );
  const focus = rows[0]!;
  const { name, email, phone } = C360.person;
  await pool().query(
    `UPDATE customers SET name_enc = $3, email_enc = $4, phone_enc = $5, email_hash = $6, pii_key_id = $7,
            city = 'London', channel = 'web', lifecycle_stage = 'established'
      WHERE workspace_id = $1 AND id = $2`,
    [
      ws.id,
      focus.id,
      encryptField(name),
      encryptField(email),
      encryptField(phone),
      hashEmail(email),
      process.env.PII_ACTIVE_KEY_ID!,
    ],
  );
  const day = 86_400_000;
  const now = Date.now();
  await pool().query(
    `INSERT INTO events (workspace_id, customer_id, occurred_at, type, value, event_key)
     SELECT $1, $2, x.at, x.type, x.value, x.key
       FROM unnest($3::timestamptz[], $4::text[], $5::float8[], $6::text[]) AS x(at, type, value, key)`,
    [
      ws.id,
      focus.id,
      Array.from({ length: C360.events }, (_, i) => new Date(now - (i * 5 + 1) * day)),
      Array.from({ length: C360.events }, (_, i) => (i % 3 === 0 ? 'session' : i % 3 === 1 ? 'login' : 'page_view')),
      Array.from({ length: C360.events }, (_, i) => (i % 3 === 0 ? 300 + i * 30 : null)),
      Array.from({ length: C360.events }, (_, i) => `EV-${i + 1}`),
    ],
  );
  await pool().query(
    `INSERT INTO tickets (workspace_id, customer_id, opened_at, resolved_at, category, satisfaction, ticket_key)
     VALUES ($1, $2, $3, NULL, 'complaint', 2, 'TK-2'), ($1, $2, $4, $5, 'billing', 4, 'TK-1')`,
    [ws.id, focus.id, new Date(now - 3 * day), new Date(now - 40 * day), new Date(now - 38 * day)],
  );
  await insertCustomers(ws.id, [{ id: C360.unscored, segment: 'smb' }]);
  return { ...shop, customer: focus.external_id };
}
