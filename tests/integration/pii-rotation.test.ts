import { describe, expect, it } from 'vitest';
import { createRoleWorkspace } from '../support/fixtures';
import { insertCustomers } from '../support/customers';
import { sql } from '../support/db';
import { decryptField, getKeyRing, parseKeyRing } from '../../lib/crypto/pii';
import { listCustomers, revealCustomerPii, rotatePiiKeys } from '../../lib/customers/service';
import { enqueueJob, getQueue } from '../../lib/jobs/enqueue';
import { QueueEvents, Worker } from 'bullmq';
import { createRedis } from '../../lib/redis';
import { processRotatePiiKeys } from '../../workers/processors/rotate-pii-keys';

describe('personal data at rest', () => {
  it('stores name, email and phone only as ciphertext', async () => {
    const ws = await createRoleWorkspace('pii-store');
    await insertCustomers(ws.id, [
      { id: 'C1', name: '王小明', email: 'xiaoming@example.cn', phone: '+86 138 0013 8000' },
    ]);
    const [row] = await sql<Record<string, string>>('SELECT * FROM customers WHERE workspace_id = $1', [ws.id]);
    expect(JSON.stringify(row)).not.toMatch(/王小明|xiaoming|0013/);
    expect(row!.pii_key_id).toBe('t1');
    const masked = (await listCustomers(ws.as.ops, {})).items[0]!;
    expect(masked).toMatchObject({ name: '王**', email: 'x***@e***.cn', phone: '********8000', masked: true });
    expect(await revealCustomerPii(ws.as.ops, { customerId: 'C1' })).toMatchObject({
      name: '王小明',
      email: 'xiaoming@example.cn',
    });
    const [audit] = await sql<{ actor_label: string }>(
      `SELECT actor_label FROM audit_logs WHERE action = 'customer.reveal_pii' AND entity_id = 'C1'`,
    );
    expect(audit?.actor_label).toBe(ws.emails.ops);
  });

  it('re-encrypts rows sealed with an old key under the active key, resumably', async () => {
    const ws = await createRoleWorkspace('pii-rotate');
    const oldRing = parseKeyRing(process.env.PII_KEYS!, 't2');
    const rows = Array.from({ length: 2500 }, (_, i) => ({
      id: `R${i}`,
      name: `Name ${i}`,
      email: `r${i}@rotate.test`,
      phone: `+1 555 01${i}`,
    }));
    await insertCustomers(ws.id, rows, oldRing);
    const result = await rotatePiiKeys(ws.system);
    expect(result.reencrypted).toBe(2500);
    expect(result.byKey).toEqual([{ key_id: 't1', customers: '2500' }]);
    const sample = await sql<{ external_id: string; email_enc: string }>(
      `SELECT external_id, email_enc FROM customers WHERE workspace_id = $1 AND external_id IN ('R0','R2499')`,
      [ws.id],
    );
    for (const s of sample)
      expect(decryptField(s.email_enc, getKeyRing())).toBe(`${s.external_id.toLowerCase()}@rotate.test`);
    expect((await rotatePiiKeys(ws.system)).reencrypted).toBe(0);
  });

  it('rotates through a real BullMQ worker, once per key however often it is enqueued', async () => {
    const ws = await createRoleWorkspace('pii-job');
    await insertCustomers(ws.id, [{ id: 'J1', email: 'j1@job.test' }], parseKeyRing(process.env.PII_KEYS!, 't2'));
    const queue = getQueue('maintenance');
    await queue.obliterate({ force: true });
    const first = await enqueueJob('rotate-pii-keys', { workspaceId: ws.id, keyId: 't1' });
    const second = await enqueueJob('rotate-pii-keys', { workspaceId: ws.id, keyId: 't1' });
    expect(second.id).toBe(first.id);
    const events = new QueueEvents('maintenance', { connection: createRedis({ forWorker: true }) });
    const worker = new Worker('maintenance', processRotatePiiKeys, { connection: createRedis({ forWorker: true }) });
    try {
      const job = (await queue.getJob(first.id))!;
      const result = await job.waitUntilFinished(events, 15_000);
      expect(result.reencrypted).toBe(1);
    } finally {
      await worker.close();
      await events.close();
    }
    const [row] = await sql<{ pii_key_id: string }>(`SELECT pii_key_id FROM customers WHERE workspace_id = $1`, [
      ws.id,
    ]);
    expect(row!.pii_key_id).toBe('t1');
  });
});
