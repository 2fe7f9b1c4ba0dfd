// Alert messages whose job was lost (Redis down right after the alerts were committed) are logged as pending with
// the alerts they carry; the sweep queues them again and a real BullMQ worker delivers them to a real receiver.
import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDeliveries } from '../../lib/alerts/channels/repo';
import { requeueStrandedDeliveries } from '../../lib/alerts/queue';
import { createWebhook, evaluateAlerts } from '../../lib/alerts/service';
import { pool } from '../../lib/db';
import { getQueue } from '../../lib/jobs/enqueue';
import { createRedis } from '../../lib/redis';
import { processDeliverWebhook } from '../../workers/processors/deliver-webhook';
import { insertCustomers } from '../support/customers';
import { insertModel, setScores, startReceiver, waitFor } from '../support/alerts';
import { createRoleWorkspace, type RoleWorkspace } from '../support/fixtures';

let ws: RoleWorkspace;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let worker: Worker;

beforeAll(async () => {
  receiver = await startReceiver(() => 200);
  ws = await createRoleWorkspace('alerts-requeue');
  await insertModel(ws.id);
  await getQueue('notify').obliterate({ force: true });
  worker = new Worker('notify', processDeliverWebhook, { connection: createRedis({ forWorker: true }) });
});

afterAll(async () => {
  await worker?.close();
  await getQueue('notify').obliterate({ force: true });
  await receiver?.close();
});

/** A logged webhook message for these alerts, as evaluation logs it, created `minutesAgo` and never queued. */
async function strandedPost(endpointId: string, alertIds: string[], minutesAgo: number) {
  const [id] = await insertDeliveries(ws.id, [
    { alertId: null, endpointId, userId: null, channel: 'webhook', kind: 'alert', target: 'receiver', alertIds },
  ]);
  await pool().query(`UPDATE alert_deliveries SET created_at = now() - make_interval(mins => $2) WHERE id = $1`, [
    id,
    minutesAgo,
  ]);
  return id!;
}

describe('lost alert messages', () => {
  it('are queued again by the sweep and delivered once with their alerts; recent ones are left to their jobs', async () => {
    await insertCustomers(ws.id, [
      { id: 'r-1', segment: 'smb' },
      { id: 'r-2', segment: 'smb' },
    ]);
    const ids = await setScores(
      ws.id,
      ['r-1', 'r-2'].map((id) => ({ id, p: 0.9, tier: 'high', prevP: 0.2, prevTier: 'low', reasons: [] })),
    );
    // No endpoint yet: evaluation opens the alerts and queues nothing.
    await evaluateAlerts(ws.id, ids);
    const { rows } = await pool().query<{ id: string }>('SELECT id FROM alerts WHERE workspace_id = $1 ORDER BY id', [
      ws.id,
    ]);
    const alertIds = rows.map((r) => r.id);
    expect(alertIds.length).toBeGreaterThanOrEqual(2);
    const endpoint = await createWebhook(ws.as.admin, { name: 'receiver', url: receiver.url('/hook') });
    const lost = await strandedPost(endpoint.id, alertIds, 10);
    const recent = await strandedPost(endpoint.id, alertIds, 1);

    expect(await requeueStrandedDeliveries()).toEqual({ requeued: 1 });
    const [hit] = await waitFor(() => receiver.requests.length && receiver.requests, 15_000, 'the POST');
    expect(hit!.headers['x-holdfast-delivery']).toBe(lost);
    const body = JSON.parse(hit!.body) as { alerts: { id: string }[] };
    expect(body.alerts.map((a) => a.id).sort()).toEqual([...alertIds].sort());
    await waitFor(async () => {
      const r = await pool().query('SELECT status FROM alert_deliveries WHERE id = $1', [lost]);
      return r.rows[0].status === 'sent';
    });

    // Sent now, so a second sweep finds nothing; the recent one is still waiting for its own job.
    expect(await requeueStrandedDeliveries()).toEqual({ requeued: 0 });
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.requests).toHaveLength(1);
    const status = await pool().query('SELECT status FROM alert_deliveries WHERE id = $1', [recent]);
    expect(status.rows[0].status).toBe('pending');
  });
});
