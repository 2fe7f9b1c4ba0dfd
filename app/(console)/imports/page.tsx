import { ImportUploader } from '@/components/imports/ImportUploader';
import { requirePage } from '@/lib/auth/session';
import { formatDate, formatNumber } from '@/lib/i18n';
import { getTranslator } from '@/lib/i18n/server';
import { listImports } from '@/lib/imports/service';

const STATUS_BADGE = { queued: '', running: 'warn', succeeded: 'ok', failed: 'danger' } as const;

export default async function ImportsPage() {
  const { ctx } = await requirePage('imports.write');
  const { locale, t } = await getTranslator();
  const imports = await listImports(ctx);
  const n = (v: number) => formatNumber(locale, v);
  return (
    <>
      <div className="page-head">
        <h1>{t('imports.title')}</h1>
        <p>{t('imports.subtitle')}</p>
      </div>
      <ImportUploader />
      {imports.length === 0 ? (
        <div className="card empty">{t('imports.empty')}</div>
      ) : (
        <div className="card table-wrap">
          <h2>{t('imports.recent')}</h2>
          <table className="nowrap" data-testid="imports-table">
            <thead>
              <tr>
                <th>{t('imports.col.file')}</th>
                <th>{t('imports.kind')}</th>
                <th>{t('imports.col.status')}</th>
                <th className="num">{t('imports.col.inserted')}</th>
                <th className="num">{t('imports.col.updated')}</th>
                <th className="num">{t('imports.col.skipped')}</th>
                <th className="num">{t('imports.col.rejected')}</th>
                <th>{t('imports.col.started')}</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((i) => (
                <tr key={i.id}>
                  <td>
                    {i.fileName}
                    <div className="muted">
                      {formatNumber(locale, i.totalBytes / 1024 / 1024, 1)} MB · {i.createdBy}
                    </div>
                  </td>
                  <td>{t(`imports.kind.${i.kind}` as 'imports.kind.customers')}</td>
                  <td>
                    <span className={`badge ${STATUS_BADGE[i.status]}`}>{t(`imports.status.${i.status}`)}</span>
                    {i.error && (
                      <div className="muted" style={{ whiteSpace: 'normal', maxWidth: 320 }}>
                        {i.error}
                      </div>
                    )}
                  </td>
                  <td className="num">{n(i.inserted)}</td>
                  <td className="num">{n(i.updated)}</td>
                  <td className="num">{n(i.skipped)}</td>
                  <td className="num">
                    {i.rejected > 0 ? (
                      <a href={`/api/imports/${i.id}/rejections`} download>
                        {n(i.rejected)} ↓
                      </a>
                    ) : (
                      n(0)
                    )}
                  </td>
                  <td>{formatDate(locale, i.createdAt, true)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
