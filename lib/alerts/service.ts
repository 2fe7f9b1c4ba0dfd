import { requirePermission, type Ctx } from '../auth/context';
import { parseInput } from '../validation';
import * as channels from './channels/repo';
import * as repo from './repo';
import { ZDeliveryQuery, type DeliveryView } from './schemas';

// Alerts: the one entry point the console, scoring and the workers call. Rules open alerts for customers whose
// scores change (evaluate.ts); alerts reach members by their preference (inbox.ts) through the in-app inbox, email
// (email.ts) and signed webhooks (webhooks.ts); an alert is worked as a task (tasks.ts). Each function checks its
// permission and validates its input with the schemas in schemas.ts.

export { evaluateAlerts } from './evaluate';
export { listRules, saveRule, deleteRule } from './rules';
export {
  listInbox,
  countUnread,
  markRead,
  listCustomerAlerts,
  getPreference,
  savePreference,
  listSegments,
} from './inbox';
export { listAssignees, assignAlert, closeAlert } from './tasks';
export { listWebhooks, createWebhook, setWebhookEnabled, deleteWebhook, sendTestWebhook } from './webhooks';
export { sendDigests } from './email';

/** A customer who has churned is no longer at risk: their open alerts close with the outcome "churned". */
export async function closeAlertsOfChurned(workspaceId: string, customerIds: string[]) {
  return repo.closeAlertsAsChurned(workspaceId, customerIds, 'Closed by the system: the customer churned.');
}

/** The delivery log, newest first: every email and webhook message with its attempts and last answer. */
export async function listDeliveries(ctx: Ctx, input?: unknown): Promise<DeliveryView[]> {
  requirePermission(ctx, 'alerts.read');
  const q = parseInput(ZDeliveryQuery, input ?? {});
  const rows = await channels.findDeliveries(ctx.workspaceId, q.limit, q.alertId);
  return rows.map((d) => ({
    id: d.id,
    channel: d.channel,
    kind: d.kind,
    target: d.target,
    status: d.status,
    attempts: d.attempts,
    responseStatus: d.responseStatus,
    lastError: d.lastError,
    alertId: d.alertId,
    endpointId: d.endpointId,
    createdAt: d.createdAt.toISOString(),
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  }));
}
