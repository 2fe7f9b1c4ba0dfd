import { describe, expect, it, beforeAll } from 'vitest';
import { listAuditLogs } from '../../lib/audit/service';
import {
  authenticateUser,
  addMember,
  changeMemberRole,
  listMembers,
  removeMember,
  resolveUserContext,
} from '../../lib/workspaces/service';
import { createRoleWorkspace, PASSWORD, type RoleWorkspace } from '../support/fixtures';

let ws: RoleWorkspace;
beforeAll(async () => {
  ws = await createRoleWorkspace('members');
});

describe('members', () => {
  it('adds a member with a role and a generated one-time password that signs in', async () => {
    const added = await addMember(ws.as.admin, { email: 'New.Person@Example.com', role: 'marketer' });
    expect(added.email).toBe('new.person@example.com');
    expect(added.generatedPassword).toMatch(/^[\w-]{12}$/);
    const user = await authenticateUser({ email: 'new.person@example.com', password: added.generatedPassword });
    expect(user?.email).toBe('new.person@example.com');
    const members = await listMembers(ws.as.admin);
    expect(members.find((m) => m.email === 'new.person@example.com')?.role).toBe('marketer');
  });

  it('rejects a duplicate member and names the bad field of invalid input', async () => {
    await expect(addMember(ws.as.admin, { email: ws.emails.ops, role: 'ops' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(addMember(ws.as.admin, { email: 'not-an-email', role: 'ops' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('email'),
    });
    await expect(addMember(ws.as.admin, { email: 'x@y.test', role: 'owner' })).rejects.toMatchObject({
      message: expect.stringContaining('role'),
    });
  });

  it('changes a role and records before and after in the audit log', async () => {
    const member = (await listMembers(ws.as.admin)).find((m) => m.email === ws.emails.manager)!;
    await changeMemberRole(ws.as.admin, { membershipId: member.membershipId, role: 'ops' });
    const ctx = await resolveUserContext(member.userId, ws.id);
    expect(ctx?.ctx?.permissions.has('customers.reveal_pii')).toBe(true);
    const log = await listAuditLogs(ws.as.admin, { action: 'member.role_change' });
    expect(log.items[0]).toMatchObject({
      actorLabel: ws.emails.admin,
      before: { email: ws.emails.manager, role: 'manager' },
      after: { email: ws.emails.manager, role: 'ops' },
    });
  });

  it('never removes or demotes the last admin', async () => {
    const admin = (await listMembers(ws.as.admin)).find((m) => m.role === 'admin')!;
    await expect(removeMember(ws.as.admin, { membershipId: admin.membershipId })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      changeMemberRole(ws.as.admin, { membershipId: admin.membershipId, role: 'ops' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await listMembers(ws.as.admin)).filter((m) => m.role === 'admin')).toHaveLength(1);
  });

  it('keeps one admin when two admins demote each other at the same time', async () => {
    const second = await addMember(ws.as.admin, {
      email: 'second-admin@members.test',
      role: 'admin',
      password: PASSWORD,
    });
    const first = (await listMembers(ws.as.admin)).find((m) => m.email === ws.emails.admin)!;
    const results = await Promise.allSettled([
      changeMemberRole(ws.as.admin, { membershipId: first.membershipId, role: 'ops' }),
      changeMemberRole(ws.as.admin, { membershipId: second.membershipId, role: 'ops' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await listMembers(ws.as.admin)).filter((m) => m.role === 'admin')).toHaveLength(1);
  });

  it('removes a member, who then has no context in the workspace', async () => {
    const marketer = (await listMembers(ws.as.admin)).find((m) => m.email === ws.emails.marketer)!;
    await removeMember(ws.system, { membershipId: marketer.membershipId });
    const resolved = await resolveUserContext(marketer.userId, ws.id);
    expect(resolved?.ctx).toBeNull();
    const log = await listAuditLogs(ws.system, { action: 'member.remove' });
    expect(log.items[0]?.before).toEqual({ email: ws.emails.marketer, role: 'marketer' });
  });

  it('refuses wrong passwords and unknown emails alike', async () => {
    expect(await authenticateUser({ email: ws.emails.ops, password: 'wrong-password' })).toBeNull();
    expect(await authenticateUser({ email: 'nobody@nowhere.test', password: PASSWORD })).toBeNull();
    expect(await authenticateUser({ email: ws.emails.ops, password: PASSWORD })).not.toBeNull();
  });
});
