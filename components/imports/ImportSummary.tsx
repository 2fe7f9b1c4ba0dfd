'use client';
import { useI18n } from '@/components/i18n/I18nProvider';

export type ImportView = {
  id: string;
  fileName: string;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  linesDone: number;
  bytesDone: number;
  totalBytes: number;
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
  error: string | null;
};

export function ImportSummary({ imp }: { imp: ImportView }) {
  const { t } = useI18n();
  const ok = imp.status === 'succeeded';
  return (
    <div
      className={`notice ${ok ? (imp.rejected ? 'info' : 'success') : 'error'}`}
      data-testid="import-summary"
      role="status"
    >
      <strong>{ok ? t('imports.done', { file: imp.fileName }) : t('imports.failed', { file: imp.fileName })}</strong>
      <div>
        {t('imports.counts', {
          inserted: imp.inserted.toLocaleString(),
          updated: imp.updated.toLocaleString(),
          skipped: imp.skipped.toLocaleString(),
          rejected: imp.rejected.toLocaleString(),
        })}
      </div>
      {imp.error && <div>{imp.error}</div>}
      {imp.rejected > 0 && (
        <a href={`/api/imports/${imp.id}/rejections`} download data-testid="download-rejections">
          {t('imports.downloadRejected')}
        </a>
      )}
    </div>
  );
}
