'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import type { DeliveryView } from '@/lib/alerts/schemas';
import { formatDate, formatNumber, type MessageKey } from '@/lib/i18n';
import styles from './alerts.module.css';

export const DELIVERY_BADGE = { pending: 'warn', sent: 'ok', failed: 'danger' } as const;
const KINDS = ['alert', 'digest', 'test'];
const REFRESH_MS = 2000;
const MAX_REFRESHES = 30;

/**
 * The newest email and webhook deliveries. While any is pending (the worker is sending or retrying), the page
 * refreshes itself every two seconds for up to a minute so a test delivery's result shows without a reload.
 */
export function DeliveryLog({ deliveries }: { deliveries: DeliveryView[] }) {
  const { locale, t } = useI18n();
  const router = useRouter();
  const refreshes = useRef(0);
  const pending = deliveries.some((d) => d.status === 'pending');
  useEffect(() => {
    if (!pending || refreshes.current >= MAX_REFRESHES) return;
    const timer = setTimeout(() => {
      refreshes.current += 1;
      router.refresh();
    }, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [pending, deliveries, router]);

  const kind = (k: string) => (KINDS.includes(k) ? t(`alertSettings.kind.${k}` as MessageKey) : k);
  return (
    <section className={`card ${styles.section}`} data-testid="delivery-log">
      <h2>{t('alertSettings.log.title')}</h2>
      <p className={styles.help}>{t('alertSettings.log.help')}</p>
      {deliveries.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          {t('alertSettings.log.none')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="nowrap">
            <thead>
              <tr>
                <th>{t('alertSettings.log.time')}</th>
                <th>{t('alertSettings.log.channel')}</th>
                <th>{t('alertSettings.log.kind')}</th>
                <th>{t('alertSettings.log.target')}</th>
                <th>{t('alertSettings.col.status')}</th>
                <th className="num">{t('alertSettings.log.attempts')}</th>
                <th>{t('alertSettings.log.response')}</th>
                <th>{t('alertSettings.log.error')}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id} data-testid="delivery" data-status={d.status}>
                  <td>
                    {formatDate(locale, d.createdAt, true)}
                    {d.deliveredAt && (
                      <div className="muted" style={{ fontSize: 12 }}>
                        {t('alertSettings.log.delivered', { date: formatDate(locale, d.deliveredAt, true) })}
                      </div>
                    )}
                  </td>
                  <td>{t(`alertSettings.channel.${d.channel}`)}</td>
                  <td>{kind(d.kind)}</td>
                  <td className={`mono ${styles.wrapCell}`}>{d.target}</td>
                  <td>
                    <span className={`badge ${DELIVERY_BADGE[d.status]}`}>
                      {d.status === 'pending' && d.attempts > 0
                        ? t('alertSettings.delivery.retrying')
                        : t(`alertSettings.delivery.${d.status}`)}
                    </span>
                  </td>
                  <td className="num">{formatNumber(locale, d.attempts)}</td>
                  <td className="mono">{d.responseStatus ?? '—'}</td>
                  <td className={styles.wrapCell} style={{ color: d.lastError ? 'var(--danger)' : undefined }}>
                    {d.lastError ?? '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
