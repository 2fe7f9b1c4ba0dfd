// Customers list benchmark: page latency of the customers list (the page and GET /api/v1/customers share the
// service) over a workspace of N customers, for each sort, first and deep pages, with and without filters.
import { parseArgs } from 'node:util';
import { systemContext } from '../../lib/auth/context';
import { listCustomers } from '../../lib/customers/service';
import { closeConnections } from '../../lib/system/repo';
import { createWorkspace } from '../../lib/workspaces/service';
import { benchCleanup, benchFillCustomers } from './repo';
import { percentile } from './stats';

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { customers: { type: 'string', default: '1000000' }, pages: { type: 'string', default: '20' } },
  });
  const n = Number(values.customers);
  const ws = await createWorkspace({ slug: `bench-list-${Date.now().toString(36)}`, name: 'Benchmark list' });
  const ctx = systemContext(ws.id, ws.slug, 'bench');
  try {
    const t = performance.now();
    await benchFillCustomers(ws.id, n);
    console.log(`Filled ${n.toLocaleString('en')} customers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const cases: [string, Record<string, string>][] = [
      ['default order', {}],
      ['customer id A–Z', { sort: 'customer_id' }],
      ['newest sign-ups', { sort: 'signup_at', order: 'desc' }],
      ['segment filter', { segment: 'smb' }],
      ['tag filter', { tag: 'vip' }],
      ['churned, newest sign-ups', { status: 'churned', sort: 'signup_at', order: 'desc' }],
      ['id prefix search', { q: 'L0999' }],
    ];
    const summary: Record<string, { p50: number; p95: number }> = {};
    for (const [label, query] of cases) {
      const latencies: number[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < Number(values.pages); page++) {
        const t0 = performance.now();
        const res: { nextCursor: string | null } = await listCustomers(ctx, {
          ...query,
          limit: 50,
          ...(cursor ? { cursor } : {}),
        });
        latencies.push(performance.now() - t0);
        cursor = res.nextCursor;
        if (!cursor) break;
      }
      summary[label] = {
        p50: Number(percentile(latencies, 50).toFixed(1)),
        p95: Number(percentile(latencies, 95).toFixed(1)),
      };
      console.log(
        `${label.padEnd(28)} p50 ${summary[label]!.p50} ms, p95 ${summary[label]!.p95} ms over ${latencies.length} pages of 50`,
      );
    }
    console.log(JSON.stringify({ customers: n, page_ms: summary }));
  } finally {
    await benchCleanup([ws.id]);
    await closeConnections();
  }
}
