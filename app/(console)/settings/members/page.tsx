import { AddMemberForm } from '@/components/settings/AddMemberForm';
import { MemberRow } from '@/components/settings/MemberRow';
import { can } from '@/lib/auth/context';
import { requirePage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { listMembers } from '@/lib/workspaces/service';

export default async function MembersPage() {
  const { ctx } = await requirePage('members.read');
  const { t } = await getTranslator();
  const members = await listMembers(ctx);
  const canWrite = can(ctx, 'members.write');
  return (
    <>
      <div className="page-head">
        <h1>{t('members.title')}</h1>
        <p>{t('members.subtitle')}</p>
      </div>
      {canWrite && <AddMemberForm />}
      <div className="card table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t('members.col.member')}</th>
              <th>{t('members.col.role')}</th>
              <th>{t('members.col.joined')}</th>
              <th>{t('members.col.lastLogin')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <MemberRow
                key={m.membershipId}
                member={{ ...m, joinedAt: m.joinedAt.toISOString(), lastLoginAt: m.lastLoginAt?.toISOString() ?? null }}
                isSelf={m.userId === ctx.actor.id}
                canWrite={canWrite}
              />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
