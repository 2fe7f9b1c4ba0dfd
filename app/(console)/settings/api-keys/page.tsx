import { CreateApiKeyForm } from '@/components/settings/CreateApiKeyForm';
import { RevokeApiKeyButton } from '@/components/settings/RevokeApiKeyButton';
import { listApiKeys } from '@/lib/api-keys/service';
import { can } from '@/lib/auth/context';
import { API_KEY_SCOPES } from '@/lib/auth/permissions';
import { requirePage } from '@/lib/auth/session';
import { formatDate } from '@/lib/i18n';
import { getTranslator } from '@/lib/i18n/server';

export default async function ApiKeysPage() {
  const { ctx } = await requirePage('api_keys.read');
  const { locale, t } = await getTranslator();
  const keys = await listApiKeys(ctx);
  const canWrite = can(ctx, 'api_keys.write');
  const grantable = API_KEY_SCOPES.filter((s) => ctx.permissions.has(s));
  return (
    <>
      <div className="page-head">
        <h1>{t('apiKeys.title')}</h1>
        <p>{t('apiKeys.subtitle')}</p>
      </div>
      {canWrite && <CreateApiKeyForm grantable={grantable} />}
      {keys.length === 0 ? (
        <div className="card empty">{t('apiKeys.empty')}</div>
      ) : (
        <div className="card table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('apiKeys.col.name')}</th>
                <th>{t('apiKeys.col.prefix')}</th>
                <th>{t('apiKeys.col.scopes')}</th>
                <th>{t('apiKeys.col.created')}</th>
                <th>{t('apiKeys.col.lastUsed')}</th>
                <th>{t('apiKeys.col.status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td className="mono">{k.prefix}…</td>
                  <td>
                    {k.scopes.map((s) => (
                      <code key={s} className="badge" style={{ marginRight: 4 }}>
                        {s}
                      </code>
                    ))}
                  </td>
                  <td>
                    {formatDate(locale, k.createdAt)}
                    <div className="muted">{k.createdBy}</div>
                  </td>
                  <td>{k.lastUsedAt ? formatDate(locale, k.lastUsedAt, true) : t('apiKeys.never')}</td>
                  <td>
                    {k.revokedAt ? (
                      <span className="badge danger">
                        {t('apiKeys.revoked', { date: formatDate(locale, k.revokedAt) })}
                      </span>
                    ) : (
                      <span className="badge ok">{t('apiKeys.active')}</span>
                    )}
                  </td>
                  <td>{canWrite && !k.revokedAt && <RevokeApiKeyButton id={k.id} name={k.name} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
