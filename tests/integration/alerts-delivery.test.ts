// Alert delivery end to end: a real SMTP server and a real HTTP receiver on loopback, and a real BullMQ Worker
// running the notify queue's processors. Retries use a 200 ms backoff base so they happen within the test.
import { createHmac } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeMailer } from '../../lib/alerts/email';
import {
  createWebhook,
  deleteWebhook,
  evaluateAlerts,
  listDeliveries,
  listWebhooks,
  savePreference,
  sendTestWebhook,
  setWebhookEnabled,
} from '../../lib/alerts/service';
import { pool } from '../../lib/db';
import { resetEnvCache } from '../../lib/env';
import { getQueue } from '../../lib/jobs/enqueue';
import { createRedis } from '../../lib/redis';
import { processAlertDigest } from '../../workers/processors/alert-digest';
import { processDeliverEmail } from '../../workers/processors/deliver-email';
import { processDeliverWebhook } from '../../workers/processors/deliver-webhook';
import { insertCustomers } from '../support/customers';
import { insertModel, setScores, startReceiver, startSmtp, waitFor, type ScoreSpec } from '../support/alerts';
import { createRoleWorkspace, type RoleWorkspace } from '../support/fixtures';

const APP_URL = 'https://holdfast.example.test';
process.env.ALERT_RETRY_BASE_MS = '200';
process.env.APP_URL = APP_URL;
resetEnvCache();

const PROCESSORS: Record<string, (job: Job) => Promise<unknown>> = {
  'deliver-webhook': processDeliverWebhook,
  'deliver-email': processDeliverEmail,
  'alert-digest': processAlertDigest,
};

let ws: RoleWorkspace;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let worker: Worker;
// Per path: how the receiver answers its n-th request.
const ANSWERS: Record<string, (hit: number) => number> = {
  '/ok': () => 200,
  '/flaky': (hit) => (hit <= 2 ? 500 : 204),
  '/bad': () => 400,
};

const PII = ['Alice Wonderland', 'alice@customer.test', '+1 555 0100 123', 'Bob Builder', 'bob@customer.test'];
const REASON = { feature: 'days_since_last_purchase', value: 45, impact: 0.8 };
let counter = 0;

/** New customers with personal data who just entered the high tier. */
async function raise(n: number, segment = 'smb'): Promise<{ ext: string[]; ids: string[] }> {
  const ext = Array.from({ length: n }, () => `cust-${++counter}`);
  await insertCustomers(
    ws.id,
    ext.map((id, i) => ({
      id,
      name: i % 2 ? PII[3] : PII[0],
      email: i % 2 ? PII[4] : PII[1],
      phone: PII[2],
      segment,
    })),
  );
  const specs: ScoreSpec[] = ext.map((id) => ({
    id,
    p: 0.87,
    tier: 'high',
    prevP: 0.42,
    prevTier: 'low',
    reasons: [REASON],
  }));
  return { ext, ids: await setScores(ws.id, specs) };
}

async function onlyEndpoint(path: string) {
  for (const e of await listWebhooks(ws.as.admin)) await deleteWebhook(ws.as.admin, { id: e.id });
  return createWebhook(ws.as.admin, { name: `receiver ${path}`, url: receiver.url(path) });
}

async function deliveryRow(id: string) {
  const { rows } = await pool().query(
    'SELECT status, attempts, response_status, last_error, delivered_at FROM alert_deliveries WHERE id = $1',
    [id],
  );
  return rows[0];
}

beforeAll(async () => {
  smtp = await startSmtp();
  receiver = await startReceiver((path, hit) => ANSWERS[path]?.(hit) ?? 404);
  process.env.SMTP_URL = smtp.url;
  resetEnvCache();
  ws = await createRoleWorkspace('alerts-delivery');
  await insertModel(ws.id);
  await getQueue('notify').obliterate({ force: true });
  worker = new Worker('notify', (job) => PROCESSORS[job.name]!(job), {
    connection: createRedis({ forWorker: true }),
    concurrency: 4,
  });
});

afterAll(async () => {
  await worker?.close();
  await getQueue('notify').obliterate({ force: true });
  closeMailer();
  await Promise.all([smtp?.close(), receiver?.close()]);
});

describe('email', () => {
  it('sends each instant user one email per evaluation with rule, reasons and link, and no personal data', async () => {
    const { ext, ids } = await raise(2);
    expect(await evaluateAlerts(ws.id, ids)).toEqual({ created: 4 }); // entered high + rose 45 points, each
    await waitFor(() => smtp.messages.length >= 2, 15_000, 'two emails');
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages.map((m) => m.to).sort()).toEqual([[ws.emails.admin], [ws.emails.ops]]);
    const mail = smtp.messages[0]!;
    expect(mail.from).toBe('alerts@holdfast.local');
    expect(mail.text).toMatch(/Subject: \[Holdfast\] 4 new churn alerts in Test alerts-delivery/);
    for (const id of ext) {
      expect(mail.text).toContain(`Entered the high-risk tier: customer ${id}`);
      expect(mail.text).toContain(`${APP_URL}/customers/${id}`);
    }
    expect(mail.text).toContain('Risk: high, 87% (was low, 42%)');
    expect(mail.text).toContain('Why: no purchase in the last 45 days');
    expect(mail.text).toContain('<li>no purchase in the last 45 days</li>');
    for (const secret of PII) expect(mail.text).not.toContain(secret);
    const log = await listDeliveries(ws.as.admin);
    expect(log.filter((d) => d.channel === 'email').map((d) => [d.status, d.attempts, d.kind])).toEqual([
      ['sent', 1, 'alert'],
      ['sent', 1, 'alert'],
    ]);
    expect(log.map((d) => d.target)).not.toContain(ws.emails.ops);
    expect(log.find((d) => d.channel === 'email')!.target).toMatch(/^[ao]\*\*\*@a\*\*\*\.test$/);
  });

  it('daily-digest users get no instant mail, then one digest listing theirs from the morning job', async () => {
    await savePreference(ws.as.ops, { segment: null, cadence: 'daily', email: true });
    const before = smtp.messages.length;
    const first = await raise(1);
    await evaluateAlerts(ws.id, first.ids);
    const second = await raise(1);
    await evaluateAlerts(ws.id, second.ids);
    await waitFor(() => smtp.messages.length >= before + 2, 15_000, 'the admin emails');
    await new Promise((r) => setTimeout(r, 500));
    const instant = smtp.messages.slice(before);
    expect(instant.map((m) => m.to)).toEqual([[ws.emails.admin], [ws.emails.admin]]);

    await getQueue('notify').add('alert-digest', { workspaceId: ws.id });
    await waitFor(() => smtp.messages.length >= before + 3, 15_000, 'the digest');
    const digest = smtp.messages[before + 2]!;
    expect(digest.to).toEqual([ws.emails.ops]);
    expect(digest.text).toMatch(/Subject: \[Holdfast\] Daily digest: 4 churn alerts in Test alerts-delivery/);
    for (const id of [...first.ext, ...second.ext]) expect(digest.text).toContain(`customer ${id}`);
    for (const secret of PII) expect(digest.text).not.toContain(secret);

    // Everything has gone out: the next morning sends nothing.
    await getQueue('notify').add('alert-digest', { workspaceId: ws.id });
    await new Promise((r) => setTimeout(r, 800));
    expect(smtp.messages.length).toBe(before + 3);
    await savePreference(ws.as.ops, { segment: null, cadence: 'off', email: true });
    await savePreference(ws.as.admin, { segment: null, cadence: 'off', email: true });
  });
});

describe('webhooks', () => {
  it('refuses URLs that are not http(s) or carry credentials, and returns the secret only once', async () => {
    await expect(createWebhook(ws.as.admin, { name: 'x', url: 'ftp://hooks.invalid/x' })).rejects.toThrow(
      /url: must start with http:\/\/ or https:\/\//,
    );
    await expect(createWebhook(ws.as.admin, { name: 'x', url: 'https://u:p@hooks.invalid/x' })).rejects.toThrow(
      /url: must not contain a user name or password/,
    );
    await expect(createWebhook(ws.as.admin, { name: 'x', url: 'not a url' })).rejects.toThrow(
      /url: must be a full URL/,
    );
    await expect(createWebhook(ws.as.ops, { name: 'x', url: 'https://hooks.invalid' })).rejects.toThrow(
      /channels.write/,
    );
    const created = await createWebhook(ws.as.admin, { name: 'audit me', url: 'https://hooks.invalid/h?token=abc' });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const { rows } = await pool().query(
      `SELECT w.secret_enc, a.after::text AS audit FROM webhook_endpoints w
         JOIN audit_logs a ON a.entity_id = w.id AND a.action = 'webhook.create' WHERE w.id = $1`,
      [created.id],
    );
    expect(rows[0].secret_enc).not.toContain(created.secret);
    expect(rows[0].audit).not.toContain(created.secret);
    expect(rows[0].audit).not.toContain('token=abc');
    expect((await listWebhooks(ws.as.admin)).find((e) => e.id === created.id)).not.toHaveProperty('secret');
  });

  it('POSTs new alerts signed over `${timestamp}.${body}` with the secret, without personal data', async () => {
    const { secret } = await onlyEndpoint('/ok');
    const before = receiver.requests.length;
    const { ext, ids } = await raise(2);
    await evaluateAlerts(ws.id, ids);
    const [req] = await waitFor(() => receiver.requests.slice(before).length && receiver.requests.slice(before));
    const timestamp = req!.headers['x-holdfast-timestamp'] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(30);
    const expected = createHmac('sha256', secret).update(`${timestamp}.${req!.body}`).digest('hex');
    expect(req!.headers['x-holdfast-signature']).toBe(`sha256=${expected}`);
    expect(req!.headers['content-type']).toBe('application/json');
    const body = JSON.parse(req!.body);
    expect(body).toMatchObject({ type: 'alerts.created', workspace: 'alerts-delivery' });
    expect(body.alerts).toHaveLength(4);
    expect(body.alerts[0]).toMatchObject({
      rule: { kind: expect.any(String), name: expect.any(String) },
      customer: { externalId: expect.stringMatching(/^cust-/) },
      tier: 'high',
      previousTier: 'low',
      probability: expect.closeTo(0.87, 5),
      reasons: [{ feature: 'days_since_last_purchase', text: 'no purchase in the last 45 days', impact: 0.8 }],
    });
    expect(body.alerts.map((a: { customer: { externalId: string } }) => a.customer.externalId).sort()).toEqual(
      [...ext, ...ext].sort(),
    );
    expect(body.alerts[0].url).toBe(`${APP_URL}/customers/${body.alerts[0].customer.externalId}`);
    for (const secretWord of PII) expect(req!.body).not.toContain(secretWord);
    const deliveryId = req!.headers['x-holdfast-delivery'] as string;
    await waitFor(async () => (await deliveryRow(deliveryId))?.status === 'sent');
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: 'sent', attempts: 1, response_status: 200 });
  });

  it('retries 500s with backoff: a receiver failing twice gets the delivery on attempt 3, and the log says so', async () => {
    await onlyEndpoint('/flaky');
    const { ids } = await raise(1);
    await evaluateAlerts(ws.id, ids);
    const hits = await waitFor(() => {
      const flaky = receiver.requests.filter((r) => r.path === '/flaky');
      return flaky.length >= 3 && flaky;
    });
    const deliveryId = hits[0]!.headers['x-holdfast-delivery'] as string;
    expect(new Set(hits.map((h) => h.headers['x-holdfast-delivery']))).toEqual(new Set([deliveryId]));
    expect(new Set(hits.map((h) => h.body)).size).toBe(1);
    // Exponential backoff from a 200 ms base: ~200 ms, then ~400 ms.
    expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(150);
    expect(hits[2]!.at - hits[1]!.at).toBeGreaterThanOrEqual(hits[1]!.at - hits[0]!.at);
    await waitFor(async () => (await deliveryRow(deliveryId))?.status === 'sent');
    expect(await deliveryRow(deliveryId)).toMatchObject({
      status: 'sent',
      attempts: 3,
      response_status: 204,
      last_error: null,
    });
    const [logged] = await listDeliveries(ws.as.manager, { limit: 1 });
    expect(logged).toMatchObject({ id: deliveryId, channel: 'webhook', status: 'sent', attempts: 3 });
  });

  it('does not retry a 400: the delivery ends failed after one attempt', async () => {
    await onlyEndpoint('/bad');
    const { ids } = await raise(1);
    await evaluateAlerts(ws.id, ids);
    const [hit] = await waitFor(() => {
      const bad = receiver.requests.filter((r) => r.path === '/bad');
      return bad.length && bad;
    });
    const deliveryId = hit!.headers['x-holdfast-delivery'] as string;
    await waitFor(async () => (await deliveryRow(deliveryId))?.status === 'failed');
    await new Promise((r) => setTimeout(r, 1000)); // well past the first backoff
    expect(receiver.requests.filter((r) => r.path === '/bad')).toHaveLength(1);
    expect(await deliveryRow(deliveryId)).toMatchObject({
      status: 'failed',
      attempts: 1,
      response_status: 400,
      last_error: 'HTTP 400: status 400',
    });
  });

  it('refuses private destinations unless allowed: no request leaves, one failed attempt names the address', async () => {
    const allowPrivate = (allow: boolean) => {
      process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = String(allow);
      resetEnvCache();
    };
    try {
      const before = receiver.requests.length;
      for (const [url, error] of [
        [receiver.url('/ok'), /^127\.0\.0\.1 is a private address; webhooks may only reach public ones$/],
        [receiver.url('/ok').replace('127.0.0.1', 'localhost'), /^localhost resolves to (127\.0\.0\.1|::1), a private/],
      ] as const) {
        allowPrivate(true);
        const endpoint = await onlyEndpoint('/ok');
        await pool().query('UPDATE webhook_endpoints SET url = $2 WHERE id = $1', [endpoint.id, url]);
        // Added while private addresses were allowed (or before a name began to resolve to one), sent after.
        allowPrivate(false);
        const { deliveryId } = await sendTestWebhook(ws.as.admin, { id: endpoint.id });
        await waitFor(async () => (await deliveryRow(deliveryId))?.status === 'failed');
        const row = await deliveryRow(deliveryId);
        expect(row).toMatchObject({ status: 'failed', attempts: 1, response_status: null });
        expect(row.last_error).toMatch(error);
      }
      expect(receiver.requests.length).toBe(before);
      for (const url of ['http://localhost/x', 'http://10.0.0.8/x', 'http://[::1]:8080/x'])
        await expect(createWebhook(ws.as.admin, { name: 'private', url })).rejects.toThrow(
          'url: must be a public address; webhooks may not reach private networks',
        );
    } finally {
      allowPrivate(true);
    }
  });

  it('sends a signed test POST through the same path; a switched-off endpoint gets no alerts', async () => {
    const endpoint = await onlyEndpoint('/ok');
    const before = receiver.requests.length;
    const { deliveryId } = await sendTestWebhook(ws.as.admin, { id: endpoint.id });
    const [req] = await waitFor(() => receiver.requests.slice(before).length && receiver.requests.slice(before));
    expect(JSON.parse(req!.body)).toEqual({ type: 'test', workspace: 'alerts-delivery' });
    const ts = req!.headers['x-holdfast-timestamp'];
    expect(req!.headers['x-holdfast-signature']).toBe(
      `sha256=${createHmac('sha256', endpoint.secret).update(`${ts}.${req!.body}`).digest('hex')}`,
    );
    expect(req!.headers['x-holdfast-delivery']).toBe(deliveryId);

    await setWebhookEnabled(ws.as.admin, { id: endpoint.id, enabled: false });
    const { ids } = await raise(1);
    await evaluateAlerts(ws.id, ids);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.requests.length).toBe(before + 1);
    const { rows } = await pool().query(
      `SELECT action FROM audit_logs WHERE workspace_id = $1 AND entity_id = $2 ORDER BY id`,
      [ws.id, endpoint.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['webhook.create', 'webhook.test', 'webhook.disable']);
  });
});
