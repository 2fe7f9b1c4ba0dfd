// Dashboard benchmark: 1M customers with scores, three earlier scores each and 90 days of tier counts; then each
// page's service calls (run together, as the page runs them) and the bare SQL beside them, many times over.
// Last line: one JSON object with p50/p95 per page and `p95_ms`, the slowest page's p95.
import { parseArgs } from 'node:util';
import { systemContext } from '../../lib/auth/context';
import { getCustomerProfile } from '../../lib/customers/service';
import { getDashboard, listAtRisk, refreshDashboard } from '../../lib/dashboard/service';
import { closeConnections } from '../../lib/system/repo';
import { getCustomerTimeline, getScoreHistory } from '../../lib/timeline/service';
import { createWorkspace, getWorkspaceBySlug } from '../../lib/workspaces/service';
import { benchCleanup, benchFillCustomers } from './repo';
import { benchFillScores, benchSampleCustomers, benchTimeSql } from './scores/repo';
import { percentile } from './stats';

type Ctx = ReturnType<typeof systemContext>;
type Page = {
  name: string;
  run: (ctx: Ctx, i: number) => Promise<unknown>;
  bare: (wsId: string, i: number) => Promise<number>;
};

const TOP = `SELECT s.customer_id, c.external_id, s.probability FROM customer_scores s
  JOIN customers c ON c.workspace_id = s.workspace_id AND c.id = s.customer_id WHERE s.workspace_id = $1`;

function pages(sample: string[]): Page[] {
  const table = (
    name: string,
    query: Record<string, unknown>,
    bareWhere: string,
    bareParams: unknown[] = [],
  ): Page => ({
    name,
    run: (ctx) => listAtRisk(ctx, query),
    bare: (ws) =>
      benchTimeSql(`${TOP} ${bareWhere} ORDER BY s.probability DESC, s.customer_id DESC LIMIT 26`, [ws, ...bareParams]),
  });
  return [
    {
      name: 'dashboard',
      run: (ctx) => Promise.all([getDashboard(ctx), listAtRisk(ctx, {})]),
      bare: (ws) => benchTimeSql('SELECT data FROM dashboard_summaries WHERE workspace_id = $1', [ws]),
    },
    table('at-risk: high tier', { tier: 'high' }, `AND s.tier = 'high'`),
    table(
      'at-risk: high+medium, one region',
      { tier: ['high', 'medium'], region: 'Europe' },
      `AND s.tier IN ('high','medium') AND c.region = $2`,
      ['Europe'],
    ),
    table('at-risk: segment + tag', { segment: 'smb', tag: 'vip' }, `AND c.segment = $2 AND c.tags @> ARRAY['vip']`, [
      'smb',
    ]),
    table('at-risk: driver', { driver: 'open_complaints' }, `AND s.top_driver = $2`, ['open_complaints']),
    table('at-risk: probability 0.3–0.6', { minP: 0.3, maxP: 0.6 }, `AND s.probability BETWEEN 0.3 AND 0.6`),
    {
      name: 'at-risk: by value',
      run: (ctx) => listAtRisk(ctx, { sort: 'value' }),
      bare: (ws) => benchTimeSql(`${TOP} ORDER BY s.value DESC, s.customer_id DESC LIMIT 26`, [ws]),
    },
    {
      name: 'customer 360',
      run: (ctx, i) => {
        const customerId = sample[i % sample.length]!;
        return Promise.all([
          getCustomerProfile(ctx, { customerId }),
          getScoreHistory(ctx, customerId),
          getCustomerTimeline(ctx, { customerId }),
        ]);
      },
      bare: (ws, i) =>
        benchTimeSql(
          `SELECT h.scored_at, h.probability FROM score_history h JOIN customers c
              ON c.workspace_id = h.workspace_id AND c.id = h.customer_id
            WHERE c.workspace_id = $1 AND c.external_id = $2 ORDER BY h.scored_at`,
          [ws, sample[i % sample.length]],
        ),
    },
  ];
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string', default: '1000000' },
      repeat: { type: 'string', default: '40' },
      // Reuse a workspace a previous `--keep` run left behind, instead of loading a new one.
      workspace: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const n = Number(values.customers);
  const repeat = Number(values.repeat);
  const ws = values.workspace
    ? await getWorkspaceBySlug(values.workspace)
    : await createWorkspace({ slug: `bench-dash-${Date.now().toString(36)}`, name: 'Benchmark dashboard' });
  const ctx = systemContext(ws.id, ws.slug, 'bench');
  try {
    let t = performance.now();
    if (!values.workspace) {
      await benchFillCustomers(ws.id, n);
      await benchFillScores(ws.id, 3);
    }
    const loadSeconds = (performance.now() - t) / 1000;
    console.log(
      `${ws.slug}: ${n.toLocaleString('en')} customers, scored, 3 earlier scores each (${loadSeconds.toFixed(1)} s)`,
    );
    t = performance.now();
    await refreshDashboard(ws.id);
    const summarySeconds = (performance.now() - t) / 1000;
    console.log(`Dashboard aggregates over every score: ${summarySeconds.toFixed(2)} s (after each scoring pass)`);
    const sample = await benchSampleCustomers(ws.id, 200);
    const figures: Record<string, { p50: number; p95: number; bare_p50: number; bare_p95: number }> = {};
    for (const page of pages(sample)) {
      await page.run(ctx, 0); // warm-up
      const took: number[] = [];
      const bare: number[] = [];
      for (let i = 1; i <= repeat; i++) {
        const t0 = performance.now();
        await page.run(ctx, i);
        took.push(performance.now() - t0);
        bare.push(await page.bare(ws.id, i));
      }
      const r = (v: number) => Number(v.toFixed(1));
      figures[page.name] = {
        p50: r(percentile(took, 50)),
        p95: r(percentile(took, 95)),
        bare_p50: r(percentile(bare, 50)),
        bare_p95: r(percentile(bare, 95)),
      };
      const f = figures[page.name]!;
      console.log(
        `${page.name.padEnd(34)} p50 ${f.p50} ms, p95 ${f.p95} ms   (bare SQL p50 ${f.bare_p50} ms, p95 ${f.bare_p95} ms)`,
      );
    }
    const slowest = Object.entries(figures).sort((a, b) => b[1].p95 - a[1].p95)[0]!;
    console.log(
      JSON.stringify({
        bench: 'dashboard',
        customers: n,
        load_s: Number(loadSeconds.toFixed(1)),
        summary_s: Number(summarySeconds.toFixed(2)),
        pages: figures,
        slowest_page: slowest[0],
        p95_ms: slowest[1].p95,
      }),
    );
  } finally {
    if (!values.keep && !values.workspace) await benchCleanup([ws.id]);
    await closeConnections();
  }
}
