// Ingest benchmark: generates N events for M customers and loads the same rows into the events table three
// ways, each into its own workspace: the file import (the CLI's code path), the REST API through a bounded
// client against `next start` on loopback, and plain `psql \copy`. Last line: one JSON object with the figures.
import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApiKey } from '../../lib/api-keys/service';
import { systemContext } from '../../lib/auth/context';
import { createImport, runImport } from '../../lib/imports/service';
import { closeConnections } from '../../lib/system/repo';
import { benchCleanup, benchCustomerIds, benchRowCount } from './repo';
import { startServer } from './server';
import { percentile } from './stats';
import { createWorkspace } from '../../lib/workspaces/service';

type Figures = { rows: number; seconds: number; rowsPerS: number; peakRssMb?: number };

function fmt(f: Figures): string {
  return `${f.rows.toLocaleString('en')} rows in ${f.seconds.toFixed(1)} s = ${Math.round(f.rowsPerS).toLocaleString('en')} rows/s`;
}

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const out = fs.createWriteStream(file);
  let buf: string[] = [];
  for (const line of lines) {
    buf.push(line);
    if (buf.length === 10_000) {
      if (!out.write(buf.join(''))) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = [];
    }
  }
  out.end(buf.join(''));
  await new Promise<void>((r) => out.once('finish', () => r()));
}

const T0 = Date.UTC(2025, 0, 1);
function* eventRows(n: number, customers: number): Generator<[string, string, string, number, string]> {
  const types = ['login', 'session', 'page_view', 'feature_use', 'click'];
  for (let i = 0; i < n; i++) {
    yield [`B${i % customers}`, new Date(T0 + i * 6_000).toISOString(), types[i % 5]!, i % 1800, `be-${i}`];
  }
}

async function newWorkspace(label: string) {
  const ws = await createWorkspace({ slug: `bench-${label}-${Date.now().toString(36)}`, name: `Benchmark ${label}` });
  return systemContext(ws.id, ws.slug, 'bench');
}

async function importFile(
  ctx: ReturnType<typeof systemContext>,
  kind: string,
  file: string,
  extra: Record<string, unknown> = {},
) {
  const imp = await createImport(ctx, { fileName: path.basename(file), filePath: file, options: { kind, ...extra } });
  const t = performance.now();
  let peak = process.memoryUsage().rss;
  const summary = await runImport(imp.id, () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  });
  return { summary, seconds: (performance.now() - t) / 1000, peakRssMb: peak / 1024 / 1024 };
}

/** Posts batches of 10,000 events with at most `concurrency` requests in flight; returns request latencies. */
async function postAll(
  url: string,
  key: string,
  rows: Iterable<[string, string, string, number, string]>,
  concurrency: number,
) {
  const latencies: number[] = [];
  const iterator = rows[Symbol.iterator]();
  let sent = 0;
  async function lane() {
    for (;;) {
      const batch: object[] = [];
      for (let i = 0; i < 10_000; i++) {
        const next = iterator.next();
        if (next.done) break;
        const [customer_id, occurred_at, type, value, event_id] = next.value;
        batch.push({ customer_id, occurred_at, type, value, event_id });
      }
      if (!batch.length) return;
      const t = performance.now();
      const res = await fetch(`${url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      });
      const body = (await res.json()) as { inserted?: number; rejected?: number };
      if (!res.ok || body.rejected)
        throw new Error(`API answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
      latencies.push(performance.now() - t);
      sent += batch.length;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { latencies, sent };
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string', default: '5000000' },
      customers: { type: 'string', default: '500000' },
      'api-events': { type: 'string' },
      concurrency: { type: 'string', default: '4' },
    },
  });
  const n = Number(values.events);
  const m = Number(values.customers);
  const apiN = Math.min(n, Number(values['api-events'] ?? n));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-bench-'));
  const customersFile = path.join(dir, 'customers.csv');
  const eventsFile = path.join(dir, 'events.csv');
  console.log(`Generating ${n.toLocaleString('en')} events for ${m.toLocaleString('en')} customers in ${dir} …`);
  await writeLines(
    customersFile,
    (function* () {
      yield 'customer_id,segment\n';
      for (let i = 0; i < m; i++) yield `B${i},${i % 3 ? 'consumer' : 'smb'}\n`;
    })(),
  );
  await writeLines(
    eventsFile,
    (function* () {
      yield 'customer_id,occurred_at,type,value,event_id\n';
      for (const r of eventRows(n, m)) yield `${r.join(',')}\n`;
    })(),
  );
  console.log(`  events file: ${(fs.statSync(eventsFile).size / 1024 / 1024).toFixed(0)} MB`);

  const made: string[] = [];
  let server: ChildProcess | undefined;
  try {
    // 1. File import (the same code as `npm run churn -- import`).
    const fileWs = await newWorkspace('file');
    made.push(fileWs.workspaceId);
    const cust = await importFile(fileWs, 'customers', customersFile);
    console.log(`customers file import: ${fmt({ rows: m, seconds: cust.seconds, rowsPerS: m / cust.seconds })}`);
    const ev = await importFile(fileWs, 'events', eventsFile);
    if (ev.summary.inserted !== n) throw new Error(`file import inserted ${ev.summary.inserted}, expected ${n}`);
    const file: Figures = { rows: n, seconds: ev.seconds, rowsPerS: n / ev.seconds, peakRssMb: ev.peakRssMb };
    console.log(`events file import:    ${fmt(file)}, peak RSS ${ev.peakRssMb.toFixed(0)} MB`);

    // 2. psql \copy of the same rows (with internal customer ids, which \copy cannot look up) into the same table.
    const copyWs = await newWorkspace('copy');
    made.push(copyWs.workspaceId);
    await importFile(copyWs, 'customers', customersFile);
    const ids = await benchCustomerIds(copyWs.workspaceId);
    const copyFile = path.join(dir, 'events.tsv');
    await writeLines(
      copyFile,
      (function* () {
        for (const [c, at, type, value, key] of eventRows(n, m))
          yield `${copyWs.workspaceId}\t${ids.get(c)}\t${at}\t${type}\t${value}\t${key}\n`;
      })(),
    );
    const t = performance.now();
    const psql = spawnSync(
      'psql',
      [
        process.env.DATABASE_URL!,
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        `\\copy events (workspace_id, customer_id, occurred_at, type, value, event_key) FROM '${copyFile}'`,
      ],
      { encoding: 'utf8' },
    );
    if (psql.status !== 0) throw new Error(`psql \\copy failed: ${psql.stderr}`);
    const copy: Figures = { rows: n, seconds: (performance.now() - t) / 1000, rowsPerS: 0 };
    copy.rowsPerS = n / copy.seconds;
    console.log(`psql \\copy:            ${fmt(copy)}`);

    // 3. REST API, bounded client on loopback.
    if (apiN === 0) {
      console.log(
        JSON.stringify({
          events: n,
          customers: m,
          file_rows_per_s: Math.round(file.rowsPerS),
          copy_rows_per_s: Math.round(copy.rowsPerS),
          ratio: Number((file.rowsPerS / copy.rowsPerS).toFixed(3)),
        }),
      );
      return;
    }
    const apiWs = await newWorkspace('api');
    made.push(apiWs.workspaceId);
    await importFile(apiWs, 'customers', customersFile);
    const key = await createApiKey(apiWs, { name: 'bench', scopes: ['events.write'] });
    const started = await startServer();
    server = started.child;
    const ta = performance.now();
    const { latencies, sent } = await postAll(
      started.url,
      key.key,
      (function* () {
        let i = 0;
        for (const r of eventRows(n, m)) {
          if (i++ >= apiN) return;
          yield r;
        }
      })(),
      Number(values.concurrency),
    );
    const api: Figures = { rows: sent, seconds: (performance.now() - ta) / 1000, rowsPerS: 0 };
    api.rowsPerS = sent / api.seconds;
    const stored = await benchRowCount(apiWs.workspaceId);
    console.log(
      `REST API (${values.concurrency} in flight, 10,000 per request): ${fmt(api)}; stored ${stored.toLocaleString('en')}`,
    );
    console.log(
      `  request latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`,
    );

    console.log(
      JSON.stringify({
        events: n,
        customers: m,
        file_rows_per_s: Math.round(file.rowsPerS),
        api_rows_per_s: Math.round(api.rowsPerS),
        copy_rows_per_s: Math.round(copy.rowsPerS),
        ratio: Number((file.rowsPerS / copy.rowsPerS).toFixed(3)),
      }),
    );
  } finally {
    server?.kill('SIGTERM');
    await benchCleanup(made);
    fs.rmSync(dir, { recursive: true, force: true });
    await closeConnections();
  }
}
