// Alert test helpers: scores written straight into customer_scores (to set up tier transitions), a minimal model
// whose feature texts render reasons, a real SMTP server and a real HTTP receiver on loopback.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { pool } from '../../lib/db';

type Tier = 'high' | 'medium' | 'low';
export type ScoreSpec = {
  id: string;
  p: number;
  tier: Tier;
  prevP?: number | null;
  prevTier?: Tier | null;
  reasons?: { feature: string; value: number | null; impact: number }[];
};

export const MODEL_ID = 'alerts-model';

/** A registry row with the base feature set, so reasons render as sentences ("no purchase in the last 45 days"). */
export async function insertModel(workspaceId: string, id = MODEL_ID): Promise<string> {
  await pool().query(
    `INSERT INTO models (id, workspace_id, algorithm, status, feature_set_version, spec, feature_names, label, metrics,
                         candidates, feature_importance, params, training_rows, training_positives)
     VALUES ($1, $2, 'xgboost', 'champion', 'fs-1',
             '{"version":"fs-1","eventTypes":[],"categories":[],"numericAttributes":[],"tags":[]}',
             '{}', '{}', '{}', '[]', '[]', '{}', 0, 0)`,
    [id, workspaceId],
  );
  return id;
}

/** Writes each customer's latest score (and the previous one) as the scoring run leaves them; answers internal ids. */
export async function setScores(workspaceId: string, rows: ScoreSpec[], modelId = MODEL_ID): Promise<string[]> {
  const { rows: out } = await pool().query<{ customer_id: string }>(
    `INSERT INTO customer_scores (workspace_id, customer_id, model_id, probability, tier, reasons, previous_probability,
                                  previous_tier, scored_at)
     SELECT $1, c.id, $2, u.p, u.t::"RiskTier", u.r::jsonb, u.pp, u.pt::"RiskTier", now()
       FROM unnest($3::text[], $4::real[], $5::text[], $6::text[], $7::real[], $8::text[]) WITH ORDINALITY
            AS u(ext, p, t, r, pp, pt, n)
       JOIN customers c ON c.workspace_id = $1 AND c.external_id = u.ext
     ON CONFLICT (workspace_id, customer_id) DO UPDATE SET
       probability = EXCLUDED.probability, tier = EXCLUDED.tier, reasons = EXCLUDED.reasons,
       previous_probability = EXCLUDED.previous_probability, previous_tier = EXCLUDED.previous_tier,
       model_id = EXCLUDED.model_id, scored_at = EXCLUDED.scored_at
     RETURNING customer_id::text`,
    [
      workspaceId,
      modelId,
      rows.map((r) => r.id),
      rows.map((r) => r.p),
      rows.map((r) => r.tier),
      rows.map((r) => JSON.stringify(r.reasons ?? [])),
      rows.map((r) => r.prevP ?? null),
      rows.map((r) => r.prevTier ?? null),
    ],
  );
  if (out.length !== rows.length) throw new Error(`setScores: ${rows.length - out.length} customers are unknown`);
  return idsOf(
    workspaceId,
    rows.map((r) => r.id),
  );
}

export async function idsOf(workspaceId: string, externalIds: string[]): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT c.id::text AS id FROM unnest($2::text[]) WITH ORDINALITY AS u(ext, n)
       JOIN customers c ON c.workspace_id = $1 AND c.external_id = u.ext ORDER BY u.n`,
    [workspaceId, externalIds],
  );
  return rows.map((r) => r.id);
}

/** Paid (or other) purchases `daysAgo` days back. */
export async function addPurchases(
  workspaceId: string,
  rows: { id: string; amount: number; daysAgo: number; status?: 'paid' | 'failed' | 'refunded' }[],
) {
  await pool().query(
    `INSERT INTO transactions (workspace_id, customer_id, occurred_at, amount, status)
     SELECT $1, c.id, now() - make_interval(days => u.d), u.a, u.s::"TransactionStatus"
       FROM unnest($2::text[], $3::numeric[], $4::int[], $5::text[]) AS u(ext, a, d, s)
       JOIN customers c ON c.workspace_id = $1 AND c.external_id = u.ext`,
    [
      workspaceId,
      rows.map((r) => r.id),
      rows.map((r) => r.amount),
      rows.map((r) => r.daysAgo),
      rows.map((r) => r.status ?? 'paid'),
    ],
  );
}

// Quoted-printable soft line breaks and =XX escapes, decoded so a test can search the message as written.
function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

export type Mail = { from: string; to: string[]; raw: string; text: string };

/** A real SMTP server on 127.0.0.1 that keeps every message it accepts. */
export async function startSmtp() {
  const messages: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          text: decodeQuotedPrintable(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Received = { path: string; headers: http.IncomingHttpHeaders; body: string; at: number };

/** A real HTTP server on 127.0.0.1: `answer` picks each response's status by path and how often it was hit. */
export async function startReceiver(answer: (path: string, hit: number) => number) {
  const requests: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      requests.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const status = answer(path, requests.filter((r) => r.path === path).length);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `status ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Falsy = false | 0 | '' | null | undefined;

/** Polls until `check` answers something truthy, or fails after `ms`. */
export async function waitFor<T>(
  check: () => Promise<T | Falsy> | T | Falsy,
  ms = 15_000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as T;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
