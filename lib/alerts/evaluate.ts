import { ROLE_PERMISSIONS, ROLES } from '../auth/permissions';
import { maskEmail } from '../crypto/pii';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { JOBS, type JobName, type JobPayload } from '../jobs/definitions';
import { getQueue } from '../jobs/enqueue';
import { withTransaction } from '../ingest/repo';
import { logger } from '../logger';
import { findEnabledWebhooks, insertDeliveries, type NewDelivery } from './channels/repo';
import * as repo from './repo';
import { describeUrl } from './present';
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

type Queued<N extends JobName> = { name: N; data: JobPayload<N> };

async function enqueueAll(jobs: Queued<'deliver-webhook' | 'deliver-email'>[]) {
  if (!jobs.length) return;
  const queue = getQueue(JOBS['deliver-email'].queue);
  await queue.addBulk(
    jobs.map((j) => {
      const def = JOBS[j.name];
      return { name: j.name, data: j.data, opts: { ...def.options, jobId: def.jobId(j.data as never) } };
    }),
  );
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
        } satisfies NewDelivery,
      })),
    );
    const emailIds = await insertDeliveries(workspaceId, emails, client);
    const postIds = await insertDeliveries(
      workspaceId,
      posts.map((p) => p.row),
      client,
    );
    const jobs: Queued<'deliver-webhook' | 'deliver-email'>[] = [
      ...emailIds.map((deliveryId) => ({ name: 'deliver-email' as const, data: { deliveryId } })),
      ...postIds.map((deliveryId, i) => ({
        name: 'deliver-webhook' as const,
        data: { deliveryId, alertIds: posts[i]!.ids },
      })),
    ];
    return { created: alertIds.length, jobs };
  });
  try {
    await enqueueAll(jobs);
  } catch (err) {
    // The alerts and inbox rows stand; only the outgoing messages are lost, and the log shows them pending.
    logger.error('cannot queue alert deliveries', { workspaceId, messages: jobs.length, err });
  }
  return { created };
}
