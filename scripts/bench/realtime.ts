// Real-time re-scoring latency: against `next start` and the workers on loopback, a steady stream of events for
// random customers of a workspace with a champion (the demo workspace by default); for each event, the time
// from sending it to the API until the customer's new score is visible through GET /api/v1/customers/{id}.
// Last line: one JSON object with the figures.
import { parseArgs } from 'node:util';
import { createApiKey, revokeApiKey } from '../../lib/api-keys/service';
import { systemContext } from '../../lib/auth/context';
import { findChampionId } from '../../lib/ml/service';
import { closeConnections } from '../../lib/system/repo';
import { getWorkspaceBySlug } from '../../lib/workspaces/service';
import { benchExternalIds } from './repo';
import { startServer, startWorkers } from './server';
import { percentile } from './stats';

type Sample = { acceptMs: number; visibleMs: number };

async function scoredAt(url: string, key: string, externalId: string): Promise<string | null> {
  const res = await fetch(`${url}/api/v1/customers/${encodeURIComponent(externalId)}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  if (!res.ok) throw new Error(`GET customer ${externalId}: HTTP ${res.status}`);
  return ((await res.json()) as { score: { scored_at: string } | null }).score?.scored_at ?? null;
}

/** Sends one event and polls until the customer's score is newer than before it was sent. */
// Event ids are unique per run: the API skips an id it has seen, and a skipped event re-scores nobody.
const RUN = Date.now().toString(36);

async function measureOne(url: string, key: string, externalId: string, seq: number): Promise<Sample> {
  const before = await scoredAt(url, key, externalId);
  const started = performance.now();
  const res = await fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify([
      {
        customer_id: externalId,
        occurred_at: new Date().toISOString(),
        type: 'login',
        event_id: `rt-bench-${RUN}-${seq}`,
      },
    ]),
  });
  if (!res.ok) throw new Error(`POST event: HTTP ${res.status} ${await res.text()}`);
  const { inserted } = (await res.json()) as { inserted: number };
  if (inserted !== 1) throw new Error(`POST event for ${externalId}: the API inserted ${inserted} events, not 1`);
  const acceptMs = performance.now() - started;
  for (;;) {
    const now = await scoredAt(url, key, externalId);
    if (now && (!before || now > before)) return { acceptMs, visibleMs: performance.now() - started };
    if (performance.now() - started > 30_000) throw new Error(`customer ${externalId}: no new score within 30 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      workspace: { type: 'string', default: 'demo' },
      rate: { type: 'string', default: '5' },
      seconds: { type: 'string', default: '60' },
    },
  });
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  const ws = await getWorkspaceBySlug(values.workspace!);
  if (!(await findChampionId(ws.id)))
    throw new Error(`Workspace ${ws.slug} has no champion model: run npm run setup (demo) or train one first.`);
  const ctx = systemContext(ws.id, ws.slug, 'bench');
  const apiKey = await createApiKey(ctx, { name: 'realtime bench', scopes: ['events.write', 'customers.read'] });
  const ids = await benchExternalIds(ws.id, 5000);
  const server = await startServer();
  const workers = startWorkers();
  await new Promise((r) => setTimeout(r, 3000));
  try {
    console.log(`${rate} events/s for ${seconds} s into ${ws.slug} (${ids.length} customers to pick from)`);
    const pending: Promise<Sample>[] = [];
    const t0 = performance.now();
    for (let i = 0; i < rate * seconds; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(measureOne(server.url, apiKey.key, ids[Math.floor(Math.random() * ids.length)]!, i));
    }
    const samples = await Promise.all(pending);
    const visible = samples.map((s) => s.visibleMs);
    const accept = samples.map((s) => s.acceptMs);
    const figures = {
      bench: 'realtime',
      workspace: ws.slug,
      events: samples.length,
      rate_per_s: rate,
      accept_p50_ms: Math.round(percentile(accept, 50)),
      accept_p95_ms: Math.round(percentile(accept, 95)),
      p50_ms: Math.round(percentile(visible, 50)),
      p95_ms: Math.round(percentile(visible, 95)),
      p99_ms: Math.round(percentile(visible, 99)),
      max_ms: Math.round(Math.max(...visible)),
    };
    console.log(
      `API accept → score visible: p50 ${figures.p50_ms} ms, p95 ${figures.p95_ms} ms, p99 ${figures.p99_ms} ms, max ${figures.max_ms} ms (POST itself p95 ${figures.accept_p95_ms} ms)`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    server.child.kill('SIGTERM');
    workers.kill('SIGTERM');
    await revokeApiKey(ctx, { id: apiKey.id });
    await closeConnections();
  }
}
