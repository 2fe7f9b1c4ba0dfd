// Seeds the `demo` workspace: four users (one per role) and a synthetic customer base with planted churn
// drivers. Idempotent: existing users get their role and password reset, existing data is kept
// (`--reset` regenerates it). `--customers N` changes the size. Then trains and promotes a churn model unless the
// workspace already has a champion for this data (`--no-model` skips it).
import { parseArgs } from 'node:util';
import { loadDotenv } from '../scripts/load-dotenv';

loadDotenv();
const { systemContext } = await import('../lib/auth/context');
const { closeDb } = await import('../lib/db');
const { seedDemoData } = await import('../lib/demo/service');
const { getEnv } = await import('../lib/env');
const { closeRedis } = await import('../lib/redis');
const { createWorkspace, getWorkspaceBySlug, upsertMemberAsSystem } = await import('../lib/workspaces/service');
const { ensureDemoModel, scoreDemo } = await import('../lib/demo/model');

const { values } = parseArgs({
  options: { reset: { type: 'boolean' }, customers: { type: 'string' }, 'no-model': { type: 'boolean' } },
});
const customers = Number(values.customers ?? 20000);
if (!Number.isInteger(customers) || customers < 1) throw new Error('--customers must be a positive integer');

const DEMO_USERS = [
  { email: 'admin@demo.local', name: 'Ada Admin', role: 'admin' },
  { email: 'ops@demo.local', name: 'Omar Ops', role: 'ops' },
  { email: 'marketer@demo.local', name: 'Mei Marketer', role: 'marketer' },
  { email: 'manager@demo.local', name: 'Max Manager', role: 'manager' },
] as const;

const started = performance.now();
const ws = await getWorkspaceBySlug('demo').catch(() =>
  createWorkspace({ slug: 'demo', name: 'Demo Telecom', currency: 'USD' }),
);
const ctx = systemContext(ws.id, ws.slug, 'seed');
for (const u of DEMO_USERS) await upsertMemberAsSystem(ctx, { ...u, password: getEnv().DEMO_PASSWORD });
console.log(`  ✓ workspace "demo" with ${DEMO_USERS.length} users`);

let lastReport = 0;
const result = await seedDemoData(ws.id, {
  customers,
  reset: values.reset ?? false,
  onProgress: ({ customers: done, total }) => {
    if (done - lastReport >= 5000 || done === total) {
      lastReport = done;
      process.stdout.write(`  … ${done}/${total} customers\n`);
    }
  },
});
const c = result.counts;
console.log(
  result.skipped
    ? `  ✓ demo data already present (${c.customers} customers); use --reset to regenerate`
    : `  ✓ ${c.customers} customers, ${c.events} events, ${c.transactions} transactions, ${c.tickets} tickets in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
if (!values['no-model']) {
  const t = performance.now();
  let lastStage = '';
  const model = await ensureDemoModel(ctx, { retrain: !result.skipped }, (p) => {
    if (p.stage !== lastStage && !/fold [2-5]/.test(p.stage)) process.stdout.write(`  … ${p.stage}\n`);
    lastStage = p.stage;
  });
  console.log(
    model.trained
      ? `  ✓ churn model ${model.id} (${model.algorithm}, ROC-AUC ${model.rocAuc?.toFixed(3)}) trained and promoted in ${((performance.now() - t) / 1000).toFixed(1)} s`
      : `  ✓ champion model ${model.id} already present`,
  );
  const scored = await scoreDemo(ctx);
  console.log(
    `  ✓ scored ${scored.customers} active customers (churned ones are not scored) in ${scored.seconds.toFixed(1)} s: ${scored.tiers.high} high, ${scored.tiers.medium} medium, ${scored.tiers.low} low risk`,
  );
}
await Promise.all([closeDb(), closeRedis()]);
