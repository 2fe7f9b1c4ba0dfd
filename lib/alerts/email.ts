import nodemailer, { type Transporter } from 'nodemailer';
import { getEnv } from '../env';
import { getWorkspaceById } from '../workspaces/service';
import { maskEmail } from '../crypto/pii';
import * as channels from './channels/repo';
import { renderAlertEmail } from './email-render';
import { enqueueDeliveries } from './queue';
import { appUrl, loadReasonRenderer, toMessageAlert } from './present';
import type { DeliveryOutcome } from './webhooks';

// Alert email over SMTP (nodemailer): the instant email of one evaluation per user, and the daily digest. Each
// message is a delivery row; the job that sends it retries with backoff like a webhook.

// Alerts listed in one email; the rest are counted and wait in the inbox.
const LIST_LIMIT = 100;

const store = globalThis as unknown as { __hfMail?: { url: string; transport: Transporter } };

function transport(url: string): Transporter {
  if (store.__hfMail?.url !== url) {
    store.__hfMail?.transport.close();
    store.__hfMail = { url, transport: nodemailer.createTransport(url) };
  }
  return store.__hfMail.transport;
}

/** Closes the pooled SMTP connection (tests, shutdown). */
export function closeMailer(): void {
  store.__hfMail?.transport.close();
  store.__hfMail = undefined;
}

// SMTP 5xx answers (no such mailbox, refused) will not change on a retry; 4xx and dropped connections may.
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500;
}

/** Sends one logged email: the user's alerts of its cadence not yet emailed, up to when it was logged. */
export async function deliverEmail(deliveryId: string, final: boolean): Promise<DeliveryOutcome> {
  const delivery = await channels.findDelivery(deliveryId);
  if (!delivery || delivery.status === 'sent' || delivery.channel !== 'email') return { status: 'skipped' };
  const fail = async (error: string) => {
    await channels.recordAttempt(deliveryId, {
      status: 'failed',
      responseStatus: null,
      lastError: error,
      delivered: false,
    });
    return { status: 'failed' as const, error };
  };
  const smtp = getEnv().SMTP_URL;
  if (!smtp) return fail('email is off: SMTP_URL is empty');
  const user = delivery.userId ? await channels.findUser(delivery.userId) : null;
  if (!user) return fail('the user no longer exists');
  const kind = delivery.kind === 'digest' ? 'digest' : 'alert';
  const cadence = kind === 'digest' ? 'daily' : 'instant';
  const { total, alerts } = await channels.findUnemailed(
    delivery.workspaceId,
    user.id,
    cadence,
    delivery.createdAt,
    LIST_LIMIT,
  );
  if (!total) {
    await channels.recordAttempt(deliveryId, {
      status: 'sent',
      responseStatus: null,
      lastError: 'nothing left to send: an earlier email carried these alerts',
      delivered: true,
    });
    return { status: 'skipped' };
  }
  const ws = await getWorkspaceById(delivery.workspaceId);
  const render = await loadReasonRenderer(
    ws.id,
    alerts.map((a) => a.model_id),
  );
  const mail = renderAlertEmail({
    kind,
    workspaceName: ws.name,
    alerts: alerts.map((a) => toMessageAlert(a, render)),
    total,
    inboxUrl: `${appUrl()}/alerts`,
  });
  try {
    await transport(smtp).sendMail({ from: getEnv().SMTP_FROM, to: user.email, ...mail });
  } catch (err) {
    const error = (err as Error).message.slice(0, 500);
    if (isPermanent(err)) return fail(error);
    await channels.recordAttempt(deliveryId, {
      status: final ? 'failed' : 'pending',
      responseStatus: (err as { responseCode?: number }).responseCode ?? null,
      lastError: error,
      delivered: false,
    });
    return { status: 'retry', error };
  }
  await channels.markEmailed(delivery.workspaceId, user.id, cadence, delivery.createdAt, deliveryId);
  return { status: 'sent' };
}

/** Sends each daily-digest user (who wants email) one email listing the alerts not yet emailed to them. */
export async function sendDigests(workspaceId: string): Promise<{ emails: number }> {
  if (!getEnv().SMTP_URL) return { emails: 0 };
  const users = await channels.findDigestRecipients(workspaceId);
  const ids = await channels.insertDeliveries(
    workspaceId,
    users.map((u) => ({
      alertId: null,
      endpointId: null,
      userId: u.user_id,
      channel: 'email',
      kind: 'digest',
      target: maskEmail(u.email),
    })),
  );
  await enqueueDeliveries(ids.map((deliveryId) => ({ deliveryId, channel: 'email', alertIds: [] })));
  return { emails: ids.length };
}
