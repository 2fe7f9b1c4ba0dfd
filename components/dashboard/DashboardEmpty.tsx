import Link from 'next/link';
import type { Locale, Translate } from '@/lib/i18n';
import { fmtCount } from './format';
import styles from './dashboard.module.css';

/**
 * The dashboard before there is anything to show: no customers yet (import them), customers but no scores
 * (train a model and score), or scores whose figures are still being computed (wait). Each member sees the step
 * they can take, or whom to ask.
 */
export function DashboardEmpty({
  customers,
  slug,
  hasChampion,
  pending,
  can,
  locale,
  t,
}: {
  customers: number;
  slug: string;
  hasChampion: boolean;
  pending: boolean;
  can: { import: boolean; train: boolean; seeModels: boolean };
  locale: Locale;
  t: Translate;
}) {
  if (customers === 0)
    return (
      <div className={`card ${styles.empty}`} data-testid="dashboard-empty" data-state="no-data">
        <h2>{t('dashboard.empty.data.title')}</h2>
        <p>{t('dashboard.empty.data.body')}</p>
        {can.import ? (
          <>
            <p>
              <Link className="btn primary" href="/imports">
                {t('dashboard.empty.importLink')}
              </Link>
            </p>
            <pre className="secret">{t('dashboard.empty.data.cli', { slug })}</pre>
          </>
        ) : (
          <p className="muted">{t('dashboard.empty.data.readOnly')}</p>
        )}
      </div>
    );
  const count = fmtCount(locale, customers);
  if (pending)
    return (
      <div className={`card ${styles.empty}`} data-testid="dashboard-empty" data-state="pending">
        <h2>{t('dashboard.empty.pending.title')}</h2>
        <p>{t('dashboard.empty.pending.body', { count })}</p>
        <p>
          <a className="btn" href="/dashboard">
            {t('dashboard.empty.pending.reload')}
          </a>
        </p>
      </div>
    );
  const body = !can.train
    ? t('dashboard.empty.scores.readOnly', { count })
    : hasChampion
      ? t('dashboard.empty.scores.score', { count })
      : t('dashboard.empty.scores.train', { count });
  return (
    <div className={`card ${styles.empty}`} data-testid="dashboard-empty" data-state="no-scores">
      <h2>{t('dashboard.empty.scores.title')}</h2>
      <p>{body}</p>
      {can.seeModels && (
        <p>
          <Link className="btn primary" href="/models">
            {t('dashboard.empty.modelsLink')}
          </Link>
        </p>
      )}
    </div>
  );
}
