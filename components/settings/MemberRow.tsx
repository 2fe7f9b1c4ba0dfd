'use client';
import { useState, useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { ROLES, type RoleName } from '@/lib/auth/permissions';
import { formatDate } from '@/lib/i18n';
import { changeMemberRoleAction, removeMemberAction } from '@/lib/workspaces/actions';

type Member = {
  membershipId: string;
  email: string;
  name: string;
  role: RoleName;
  joinedAt: string;
  lastLoginAt: string | null;
};

export function MemberRow({ member, isSelf, canWrite }: { member: Member; isSelf: boolean; canWrite: boolean }) {
  const { t, locale } = useI18n();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);

  const changeRole = (role: string) =>
    start(async () => {
      const res = await changeMemberRoleAction({ membershipId: member.membershipId, role });
      setError(res.ok ? null : res.error.message);
    });
  const remove = () => {
    if (!confirm(t('members.confirmRemove', { email: member.email }))) return;
    start(async () => {
      const res = await removeMemberAction({ membershipId: member.membershipId });
      setError(res.ok ? null : res.error.message);
    });
  };

  return (
    <tr data-testid={`member-${member.email}`}>
      <td>
        <div>
          {member.name} {isSelf && <span className="badge">{t('members.you')}</span>}
        </div>
        <div className="muted mono">{member.email}</div>
        {error && (
          <div className="notice error" role="alert">
            {error}
          </div>
        )}
      </td>
      <td>
        {canWrite ? (
          <select
            aria-label={t('members.role')}
            value={member.role}
            disabled={pending}
            onChange={(e) => changeRole(e.target.value)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        ) : (
          t(`role.${member.role}`)
        )}
      </td>
      <td>{formatDate(locale, member.joinedAt)}</td>
      <td>{member.lastLoginAt ? formatDate(locale, member.lastLoginAt, true) : t('members.never')}</td>
      <td>
        {canWrite && (
          <button className="btn small danger" onClick={remove} disabled={pending}>
            {t('common.remove')}
          </button>
        )}
      </td>
    </tr>
  );
}
