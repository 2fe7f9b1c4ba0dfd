'use server';
import { runAction } from '../auth/action';
import { refreshPage } from '../http/next-context';
import {
  assignAlert,
  closeAlert,
  createWebhook,
  deleteRule,
  deleteWebhook,
  markRead,
  savePreference,
  saveRule,
  sendTestWebhook,
  setWebhookEnabled,
} from './service';

// The alerts pages' server actions: each checks its permission, lets the service validate the input, and on
// success refreshes the inbox and the alert settings (a rule, a webhook or a task shows on both).

function refreshAlerts<T extends { ok: boolean }>(res: T): T {
  if (res.ok) {
    refreshPage('/alerts');
    refreshPage('/settings/alerts');
  }
  return res;
}

/** `{ ids: string[] }` or `{ all: true }`. */
export async function markReadAction(input: unknown) {
  return refreshAlerts(await runAction('alerts.read', (ctx) => markRead(ctx, input)));
}

/** `{ alertId, assigneeId, dueAt }`; dueAt is a date (2025-01-31) or a date and time, never in the past. */
export async function assignAlertAction(input: unknown) {
  return refreshAlerts(await runAction('tasks.write', (ctx) => assignAlert(ctx, input)));
}

/** `{ alertId, outcome, note? }`. */
export async function closeAlertAction(input: unknown) {
  return refreshAlerts(await runAction('tasks.write', (ctx) => closeAlert(ctx, input)));
}

/** `{ segment: string | null, cadence: 'instant' | 'daily' | 'off', email: boolean }` for the signed-in user. */
export async function savePreferenceAction(input: unknown) {
  return refreshAlerts(await runAction('alerts.read', (ctx) => savePreference(ctx, input)));
}

/** `{ id?, kind, name, params, enabled }`. */
export async function saveRuleAction(input: unknown) {
  return refreshAlerts(await runAction('channels.write', (ctx) => saveRule(ctx, input)));
}

export async function deleteRuleAction(input: unknown) {
  return refreshAlerts(await runAction('channels.write', (ctx) => deleteRule(ctx, input)));
}

/** `{ name, url }`; answers the signing secret, shown this once. */
export async function createWebhookAction(input: unknown) {
  return refreshAlerts(await runAction('channels.write', (ctx) => createWebhook(ctx, input)));
}

export async function setWebhookEnabledAction(input: unknown) {
  return refreshAlerts(await runAction('channels.write', (ctx) => setWebhookEnabled(ctx, input)));
}

export async function deleteWebhookAction(input: unknown) {
  return refreshAlerts(await runAction('channels.write', (ctx) => deleteWebhook(ctx, input)));
}

export async function sendTestWebhookAction(input: unknown) {
  return refreshAlerts(await runAction('channels.write', (ctx) => sendTestWebhook(ctx, input)));
}
