import { createHmac, randomBytes } from 'node:crypto';
import net from 'node:net';
import { recordAudit } from '../audit/service';
import { requirePermission, type Ctx } from '../auth/context';
import { decryptField, encryptField } from '../crypto/pii';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { enqueueJob } from '../jobs/enqueue';
import { parseInput } from '../validation';
import { getWorkspaceById } from '../workspaces/service';
import { isPrivateAddress, postJson, PrivateAddressError } from './channels/outbound';
import * as channels from './channels/repo';
import { describeUrl, loadReasonRenderer, toMessageAlert } from './present';
import { ZRef, ZWebhookCreate, ZWebhookEnabled, type WebhookView } from './schemas';

// Signed webhooks: endpoints per workspace (admins), each POST signed with the endpoint's secret over
// `${timestamp}.${body}`, retried with backoff on 5xx, 408, 429 and network errors, every attempt logged.

const TIMEOUT_MS = 10_000;
const ERROR_CHARS = 500;

/** `sha256=<hex HMAC-SHA256(secret, "<unix seconds>.<body>")>`: what x-holdfast-signature carries. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

type Endpoint = Awaited<ReturnType<typeof channels.findWebhooks>>[number];

function toView(e: Endpoint): WebhookView {
  const last = e.deliveries[0];
  return {
    id: e.id,
    name: e.name,
    url: e.url,
    enabled: e.enabled,
    createdBy: e.createdBy,
    createdAt: e.createdAt.toISOString(),
    lastDelivery: last
      ? { status: last.status, at: last.lastAttemptAt?.toISOString() ?? null, responseStatus: last.responseStatus }
      : null,
  };
}

async function requireEndpoint(ctx: Ctx, id: string) {
  const endpoint = await channels.findWebhook(ctx.workspaceId, id);
  if (!endpoint) throw new AppError('not_found', 'No such webhook endpoint in this workspace.');
  return endpoint;
}

export async function listWebhooks(ctx: Ctx): Promise<WebhookView[]> {
  requirePermission(ctx, 'channels.write');
  return (await channels.findWebhooks(ctx.workspaceId)).map(toView);
}

/** Adds an endpoint and answers its signing secret this once; only the sealed secret is stored (and never audited). */
export async function createWebhook(ctx: Ctx, input: unknown): Promise<{ id: string; secret: string }> {
  requirePermission(ctx, 'channels.write');
  const data = parseInput(ZWebhookCreate, input);
  // Named addresses are checked when each POST connects; a private literal one can be refused right away.
  const host = new URL(data.url).hostname.replace(/^\[(.*)\]$/, '$1');
  if (
    !getEnv().WEBHOOK_ALLOW_PRIVATE_NETWORKS &&
    (host === 'localhost' || (net.isIP(host) && isPrivateAddress(host)))
  ) {
    const message = 'must be a public address; webhooks may not reach private networks';
    throw new AppError('invalid_input', `url: ${message}`, { issues: [{ field: 'url', message }] });
  }
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const row = await channels.insertWebhook({
    workspaceId: ctx.workspaceId,
    name: data.name,
    url: data.url,
    secretEnc: encryptField(secret),
    createdBy: ctx.actor.label,
  });
  await recordAudit(ctx, {
    action: 'webhook.create',
    entityType: 'webhook',
    entityId: row.id,
    after: { name: data.name, url: describeUrl(data.url) },
  });
  return { id: row.id, secret };
}

export async function setWebhookEnabled(ctx: Ctx, input: unknown): Promise<WebhookView> {
  requirePermission(ctx, 'channels.write');
  const { id, enabled } = parseInput(ZWebhookEnabled, input);
  const before = await requireEndpoint(ctx, id);
  await channels.updateWebhookEnabled(id, enabled);
  if (before.enabled !== enabled)
    await recordAudit(ctx, {
      action: enabled ? 'webhook.enable' : 'webhook.disable',
      entityType: 'webhook',
      entityId: id,
      before: { enabled: before.enabled },
      after: { enabled },
    });
  const view = (await channels.findWebhooks(ctx.workspaceId)).find((e) => e.id === id);
  return toView(view!);
}

/** Removes an endpoint with its delivery log; messages still queued for it are dropped. */
export async function deleteWebhook(ctx: Ctx, input: unknown): Promise<{ id: string }> {
  requirePermission(ctx, 'channels.write');
  const { id } = parseInput(ZRef, input);
  const endpoint = await requireEndpoint(ctx, id);
  await channels.deleteWebhookRow(ctx.workspaceId, id);
  await recordAudit(ctx, {
    action: 'webhook.delete',
    entityType: 'webhook',
    entityId: id,
    before: { name: endpoint.name, url: describeUrl(endpoint.url), enabled: endpoint.enabled },
  });
  return { id };
}

/** Queues a signed `{ "type": "test" }` POST through the same delivery path (and log) as alerts. */
export async function sendTestWebhook(ctx: Ctx, input: unknown): Promise<{ deliveryId: string }> {
  requirePermission(ctx, 'channels.write');
  const { id } = parseInput(ZRef, input);
  const endpoint = await requireEndpoint(ctx, id);
  const [deliveryId] = await channels.insertDeliveries(ctx.workspaceId, [
    {
      alertId: null,
      endpointId: id,
      userId: null,
      channel: 'webhook',
      kind: 'test',
      target: describeUrl(endpoint.url),
    },
  ]);
  await enqueueJob('deliver-webhook', { deliveryId: deliveryId!, alertIds: [] });
  await recordAudit(ctx, { action: 'webhook.test', entityType: 'webhook', entityId: id, after: { deliveryId } });
  return { deliveryId: deliveryId! };
}

export type DeliveryOutcome =
  { status: 'sent' | 'skipped' } | { status: 'retry'; error: string } | { status: 'failed'; error: string };

async function buildBody(workspaceId: string, kind: string, alertIds: string[]) {
  const ws = await getWorkspaceById(workspaceId);
  if (kind === 'test') return JSON.stringify({ type: 'test', workspace: ws.slug });
  const rows = await channels.findMessageAlerts(workspaceId, alertIds);
  if (!rows.length) return null;
  const render = await loadReasonRenderer(
    workspaceId,
    rows.map((r) => r.model_id),
  );
  const alerts = rows.map((r) => toMessageAlert(r, render));
  return JSON.stringify({ type: 'alerts.created', workspace: ws.slug, alerts });
}

async function post(url: string, secret: string, deliveryId: string, body: string) {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Holdfast-Webhooks/1',
    'x-holdfast-timestamp': String(timestamp),
    'x-holdfast-signature': signWebhook(secret, timestamp, body),
    'x-holdfast-delivery': deliveryId,
  };
  try {
    const res = await postJson(url, headers, body, {
      timeoutMs: TIMEOUT_MS,
      maxChars: ERROR_CHARS,
      allowPrivate: getEnv().WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    });
    const ok = res.status >= 200 && res.status < 300;
    return { status: res.status, error: ok ? null : `HTTP ${res.status}${res.text ? `: ${res.text}` : ''}` };
  } catch (err) {
    // A private destination will not become public by trying again.
    if (err instanceof PrivateAddressError) return { status: null, error: err.message, final: true };
    const e = err as Error & { code?: string };
    return { status: null, error: (e.code ? `${e.code}: ${e.message}` : e.message).slice(0, ERROR_CHARS) };
  }
}

/** Whether a failed POST is worth trying again: server errors, timeouts, throttling and network failures. */
export function isRetryable(status: number | null): boolean {
  return status === null || status === 408 || status === 429 || status >= 500;
}

/**
 * One attempt at one webhook POST: builds the body from the alerts' current rows, signs it, sends it and logs the
 * attempt. `final` is the last attempt the queue allows: a retryable failure then ends the delivery as failed.
 */
export async function deliverWebhook(deliveryId: string, alertIds: string[], final: boolean): Promise<DeliveryOutcome> {
  const delivery = await channels.findDelivery(deliveryId);
  // Deleted with its endpoint, or already through: nothing to do.
  if (!delivery?.endpoint || delivery.status === 'sent') return { status: 'skipped' };
  const fail = async (error: string, responseStatus: number | null = null) => {
    await channels.recordAttempt(deliveryId, { status: 'failed', responseStatus, lastError: error, delivered: false });
    return { status: 'failed' as const, error };
  };
  if (!delivery.endpoint.enabled) return fail('the endpoint was switched off before this message went out');
  const body = await buildBody(delivery.workspaceId, delivery.kind, alertIds);
  if (body === null) return fail('the alerts of this message no longer exist');
  const res = await post(delivery.endpoint.url, decryptField(delivery.endpoint.secretEnc), deliveryId, body);
  if (res.error === null) {
    await channels.recordAttempt(deliveryId, {
      status: 'sent',
      responseStatus: res.status,
      lastError: null,
      delivered: true,
    });
    return { status: 'sent' };
  }
  if (('final' in res && res.final) || !isRetryable(res.status)) return fail(res.error, res.status);
  await channels.recordAttempt(deliveryId, {
    status: final ? 'failed' : 'pending',
    responseStatus: res.status,
    lastError: res.error,
    delivered: false,
  });
  return { status: 'retry', error: res.error };
}
