// One workspace can neither read nor change another's rows, whatever ids it sends.
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, listApiKeys, revokeApiKey } from '../../lib/api-keys/service';
import { listAuditLogs } from '../../lib/audit/service';
import { listCustomers, revealCustomerPii } from '../../lib/customers/service';
import { getDashboard } from '../../lib/dashboard/service';
import { changeMemberRole, listMembers, removeMember } from '../../lib/workspaces/service';
import { GET as getCustomers } from '../../app/api/v1/customers/route';
import { createKey, createRoleWorkspace, type RoleWorkspace } from '../support/fixtures';
import { insertCustomers } from '../support/customers';

let a: RoleWorkspace;
let b: RoleWorkspace;
beforeAll(async () => {
  a = await createRoleWorkspace('tenant-a');
  b = await createRoleWorkspace('tenant-b');
  await insertCustomers(a.id, [{ id: 'A-1', name: 'Alice A', email: 'alice@a.test' }]);
  await insertCustomers(b.id, [
    { id: 'B-1', name: 'Bob B', email: 'bob@b.test' },
    { id: 'SHARED', name: 'Bea B', email: 'bea@b.test' },
  ]);
  await insertCustomers(a.id, [{ id: 'SHARED', name: 'Ann A', email: 'ann@a.test' }]);
});

describe('tenant isolation', () => {
  it('lists only its own customers, members, keys and audit entries', async () => {
    const customers = await listCustomers(a.as.ops, {});
    expect(customers.items.map((c) => c.customerId).sort()).toEqual(['A-1', 'SHARED']);
    expect((await listMembers(a.as.admin)).every((m) => m.email.endsWith('@tenant-a.test'))).toBe(true);
    await createApiKey(b.as.admin, { name: 'b-key', scopes: ['customers.read'] });
    expect((await listApiKeys(a.as.admin)).map((k) => k.name)).not.toContain('b-key');
    expect((await listAuditLogs(a.as.admin, {})).items.every((e) => e.workspaceId === a.id)).toBe(true);
    expect((await getDashboard(a.as.ops)).customers).toBe(2);
  });

  it('cannot reveal, by the same customer id, another tenant’s personal data', async () => {
    expect((await revealCustomerPii(a.as.ops, { customerId: 'SHARED' })).email).toBe('ann@a.test');
    await expect(revealCustomerPii(a.as.ops, { customerId: 'B-1' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('cannot change or remove another tenant’s members or keys by id', async () => {
    const bOps = (await listMembers(b.as.admin)).find((m) => m.role === 'ops')!;
    await expect(
      changeMemberRole(a.as.admin, { membershipId: bOps.membershipId, role: 'admin' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(removeMember(a.as.admin, { membershipId: bOps.membershipId })).rejects.toMatchObject({
      code: 'not_found',
    });
    const bKey = (await listApiKeys(b.as.admin))[0]!;
    await expect(revokeApiKey(a.as.admin, { id: bKey.id })).rejects.toMatchObject({ code: 'not_found' });
    expect((await listMembers(b.as.admin)).find((m) => m.membershipId === bOps.membershipId)?.role).toBe('ops');
    expect((await listApiKeys(b.as.admin)).find((k) => k.id === bKey.id)?.revokedAt).toBeNull();
  });

  it('an API key reads only its own workspace', async () => {
    const res = await getCustomers(
      new Request('http://test/api/v1/customers', {
        headers: { authorization: `Bearer ${await createKey(b, ['customers.read'])}` },
      }),
      { params: Promise.resolve({}) },
    );
    const body = await res.json();
    expect(body.items.map((c: { customerId: string }) => c.customerId).sort()).toEqual(['B-1', 'SHARED']);
    expect(body.items.find((c: { customerId: string }) => c.customerId === 'SHARED').email).toMatch(/^b\*\*\*@/);
  });
});
