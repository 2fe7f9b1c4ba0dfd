import type { Ctx } from '../auth/context';
import { AppError } from '../errors';
import type { AlertItem, AlertRuleView, Assignee, DeliveryView, PreferenceView, WebhookView } from './schemas';

// Alerts: the contract the console and scoring call. Bodies are being filled in; the signatures are final.

const pending = (): never => {
  throw new AppError('unavailable', 'Alerts are not ready yet.');
};

/** Opens alerts for customers whose scores were just written; deliveries run in jobs. */
export async function evaluateAlerts(_workspaceId: string, _customerIds: string[]): Promise<{ created: number }> {
  return pending();
}

export async function getPreference(_ctx: Ctx): Promise<PreferenceView> {
  return pending();
}
export async function savePreference(_ctx: Ctx, _input: unknown): Promise<PreferenceView> {
  return pending();
}
export async function listSegments(_ctx: Ctx): Promise<string[]> {
  return pending();
}

export async function listRules(_ctx: Ctx): Promise<AlertRuleView[]> {
  return pending();
}
export async function saveRule(_ctx: Ctx, _input: unknown): Promise<AlertRuleView> {
  return pending();
}
export async function deleteRule(_ctx: Ctx, _input: unknown): Promise<{ id: string }> {
  return pending();
}

export async function listInbox(
  _ctx: Ctx,
  _input: unknown,
): Promise<{ items: AlertItem[]; nextCursor: string | null; unread: number }> {
  return pending();
}
export async function countUnread(_ctx: Ctx): Promise<number> {
  return pending();
}
export async function markRead(_ctx: Ctx, _input: unknown): Promise<{ updated: number }> {
  return pending();
}
export async function listCustomerAlerts(_ctx: Ctx, _customerId: string): Promise<AlertItem[]> {
  return pending();
}

export async function listAssignees(_ctx: Ctx): Promise<Assignee[]> {
  return pending();
}
export async function assignAlert(_ctx: Ctx, _input: unknown): Promise<AlertItem> {
  return pending();
}
export async function closeAlert(_ctx: Ctx, _input: unknown): Promise<AlertItem> {
  return pending();
}

export async function listWebhooks(_ctx: Ctx): Promise<WebhookView[]> {
  return pending();
}
export async function createWebhook(_ctx: Ctx, _input: unknown): Promise<{ id: string; secret: string }> {
  return pending();
}
export async function setWebhookEnabled(_ctx: Ctx, _input: unknown): Promise<WebhookView> {
  return pending();
}
export async function deleteWebhook(_ctx: Ctx, _input: unknown): Promise<{ id: string }> {
  return pending();
}
export async function sendTestWebhook(_ctx: Ctx, _input: unknown): Promise<{ deliveryId: string }> {
  return pending();
}

export async function listDeliveries(_ctx: Ctx, _input?: unknown): Promise<DeliveryView[]> {
  return pending();
}

/** Sends each daily-digest user one email listing the alerts not yet emailed to them. */
export async function sendDigests(_workspaceId: string): Promise<{ emails: number }> {
  return pending();
}
