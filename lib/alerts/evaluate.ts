import { ROLE_PERMISSIONS, ROLES } from '../auth/permissions';
import { maskEmail } from '../crypto/pii';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { withTransaction } from '../ingest/repo';
import { logger } from '../logger';
import { findEnabledWebhooks, insertDeliveries, type NewDelivery } from './channels/repo';
import * as repo from './repo';
import { describeUrl } from './present';
import { enqueueDeliveries, type QueuedDelivery } from './queue';
import { loadEnabledRules } from './rules';

// Evaluation: right after a batch of scores is written, open the alerts it triggers, put them in the inboxes of the
// members who want them, log the messages to send and queue them. All set-based; the messages go out in jobs.

/** Members of these roles receive alerts at all (they hold alerts.read). */
export const RECEIVING_ROLES = ROLES.filter((r) => ROLE_PERMISSIONS[r].has('alerts.read'));
/** Without a preference, these roles get every alert at once by email; the others get none until they opt in. */
export const INSTANT_BY_DEFAULT = ['admin', 'ops'] as const;
/** Alerts per webhook POST. */
export const WEBHOOK_BATCH = 100;

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Opens alerts for the given customers, whose scores were just written to customer_scores: one INSERT … SELECT
 * over all enabled rules, at most one open alert per customer and rule. Then inbox rows for every member who
 * receives them, one email per instant-email user and one webhook POST per endpoint and 100 alerts, queued.
 */
export async function evaluateAlerts(workspaceId: string, customerIds: string[]): Promise<{ created: number }> {
  if (!customerIds.length) return { created: 0 };
  const bad = customerIds.find((id) => !/^\d+$/.test(String(id)));
  if (bad !== undefined) throw new AppError('invalid_input', `customerIds: "${bad}" is not a customer id`);
  const rules = await loadEnabledRules(workspaceId);
  if (!rules.length) return { created: 0 };
  const [endpoints, emailOn] = [await findEnabledWebhooks(workspaceId), !!getEnv().SMTP_URL];
  const { created, jobs } = await withTransaction(async (client) => {
    const { alertIds, reached } = await repo.insertAlerts(client, workspaceId, customerIds, rules, {
      roles: RECEIVING_ROLES,
      instantRoles: [...INSTANT_BY_DEFAULT],
    });
    if (!alertIds.length) return { created: 0, jobs: [] };
    const emails: NewDelivery[] = emailOn
      ? reached
          .filter((r) => r.cadence === 'instant' && r.email)
          .map((r) => ({
            alertId: r.alerts === 1 && alertIds.length === 1 ? alertIds[0]! : null,
            endpointId: null,
            userId: r.userId,
            channel: 'email',
            kind: 'alert',
            target: maskEmail(r.address),
          }))
      : [];
    const batches = chunk(alertIds, WEBHOOK_BATCH);
    const posts = endpoints.flatMap((e) =>
      batches.map((ids) => ({
        ids,
        row: {
          alertId: ids.length === 1 ? ids[0]! : null,
          endpointId: e.id,
          userId: null,
          channel: 'webhook',
          kind: 'alert',
          target: describeUrl(e.url),
          alertIds: ids,
        } satisfies NewDelivery,
      })),
    );
    const emailIds = await insertDeliveries(workspaceId, emails, client);
    const postIds = await insertDeliveries(
      workspaceId,
      posts.map((p) => p.row),
      client,
    );
    const jobs: QueuedDelivery[] = [
      ...emailIds.map((deliveryId) => ({ deliveryId, channel: 'email' as const, alertIds: [] })),
      ...postIds.map((deliveryId, i) => ({ deliveryId, channel: 'webhook' as const, alertIds: posts[i]!.ids })),
    ];
    return { created: alertIds.length, jobs };
  });
  try {
    await enqueueDeliveries(jobs);
  } catch (err) {
    // The alerts and inbox rows stand; the messages stay logged as pending and the next sweep queues them.
    logger.error('cannot queue alert deliveries', { workspaceId, messages: jobs.length, err });
  }
  return { created };
}
