'use client';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { ProgressBar } from '@/components/ui/ProgressBar';
import { ImportSummary, type ImportView } from './ImportSummary';

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; pct: number }
  | { kind: 'processing'; imp: ImportView }
  | { kind: 'done'; imp: ImportView }
  | { kind: 'error'; message: string };

function upload(
  url: string,
  file: File,
  onProgress: (pct: number) => void,
  messages: { failed: string; interrupted: string },
): Promise<{ id: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress((100 * e.loaded) / e.total);
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText || '{}');
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new Error(body?.error?.message ?? `${messages.failed} (HTTP ${xhr.status})`));
    };
    xhr.onerror = () => reject(new Error(messages.interrupted));
    xhr.send(file);
  });
}

/** Uploads a file with a progress bar, then follows the import job until its summary is ready. */
export function ImportUploader() {
  const { t } = useI18n();
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const fileRef = useRef<HTMLInputElement>(null);

  async function follow(id: string) {
    for (;;) {
      const res = await fetch(`/api/imports/${id}`, { cache: 'no-store' });
      const imp = (await res.json()) as ImportView;
      if (imp.status === 'succeeded' || imp.status === 'failed') {
        setPhase({ kind: 'done', imp });
        router.refresh();
        return;
      }
      setPhase({ kind: 'processing', imp });
      await new Promise((r) => setTimeout(r, 700));
    }
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const file = fileRef.current?.files?.[0];
    if (!file) return setPhase({ kind: 'error', message: t('imports.chooseFile') });
    const q = new URLSearchParams({ kind: String(f.get('kind')), fileName: file.name });
    for (const name of ['map', 'delimiter', 'dateFormat']) if (f.get(name)) q.set(name, String(f.get(name)));
    for (const name of ['createMissingCustomers', 'strict']) if (f.get(name)) q.set(name, 'true');
    try {
      setPhase({ kind: 'uploading', pct: 0 });
      const { id } = await upload(`/api/imports?${q}`, file, (pct) => setPhase({ kind: 'uploading', pct }), {
        failed: t('imports.uploadFailed'),
        interrupted: t('imports.interrupted'),
      });
      await follow(id);
    } catch (err) {
      setPhase({ kind: 'error', message: (err as Error).message });
    }
  }

  const busy = phase.kind === 'uploading' || phase.kind === 'processing';
  return (
    <form className="card" onSubmit={onSubmit} style={{ marginBottom: 16 }} data-testid="import-form">
      <h2>{t('imports.new')}</h2>
      <div className="form-row">
        <label>
          {t('imports.kind')}
          <select name="kind" defaultValue="customers">
            {(['customers', 'events', 'transactions', 'tickets'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`imports.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('imports.file')}
          <input ref={fileRef} type="file" name="file" accept=".csv,.txt,.ndjson,.jsonl,.gz" required />
        </label>
        <label>
          {t('imports.delimiter')}
          <select name="delimiter" defaultValue="">
            <option value="">{t('imports.delimiter.comma')}</option>
            <option value=";">;</option>
            <option value="tab">{t('imports.delimiter.tab')}</option>
            <option value="|">|</option>
            <option value="whitespace">{t('imports.delimiter.whitespace')}</option>
          </select>
        </label>
        <label>
          {t('imports.dateFormat')}
          <input name="dateFormat" placeholder="yyyyMMdd" style={{ width: 130 }} />
        </label>
      </div>
      <div className="form-row" style={{ marginTop: 12 }}>
        <label style={{ flex: 1, minWidth: 320 }}>
          {t('imports.map')}
          <input name="map" placeholder="customerID=customer_id,Churn=churned" />
        </label>
        <div className="checks">
          <label>
            <input type="checkbox" name="createMissingCustomers" /> {t('imports.createMissing')}
          </label>
          <label>
            <input type="checkbox" name="strict" /> {t('imports.strict')}
          </label>
        </div>
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? t('common.working') : t('imports.start')}
        </button>
      </div>
      <p className="muted" style={{ marginBottom: 0 }}>
        {t('imports.help')}
      </p>
      {phase.kind === 'uploading' && <ProgressBar label={t('imports.uploading')} pct={phase.pct} />}
      {phase.kind === 'processing' && (
        <ProgressBar
          label={t('imports.processing', { line: phase.imp.linesDone.toLocaleString() })}
          pct={phase.imp.totalBytes ? (100 * phase.imp.bytesDone) / phase.imp.totalBytes : 0}
        />
      )}
      {phase.kind === 'done' && <ImportSummary imp={phase.imp} />}
      {phase.kind === 'error' && (
        <div className="notice error" role="alert">
          {phase.message}
        </div>
      )}
    </form>
  );
}
